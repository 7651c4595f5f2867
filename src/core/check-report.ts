import { compareNormalized, normalizeReply, type Difference } from './compare.js';
import type { Reply } from './dns-reply.js';
import type { Finding, Severity } from './findings/finding.js';
import { terminalText } from '../render/escape.js';

export interface RecordCheck {
    name: string;
    type: string;
    /** `not-checked`: the run's --deadline passed before this record's query was answered (`error` says so). */
    verdict: 'match' | 'mismatch' | 'expected-only' | 'error' | 'not-checked';
    /** Left out of matching and expected-only records when the output shows only verdicts (table, wide): `withoutReplies`. */
    expected?: Reply;
    actual?: Reply | null;
    differences: Difference[];
    error?: string;
}

/** A matching (or expected-only) record as the table and JUnit show it: verdict and notes, no replies (bounded memory). */
export function withoutReplies(r: RecordCheck): RecordCheck {
    return { name: r.name, type: r.type, verdict: r.verdict, differences: r.differences };
}

export interface ServiceCheck {
    namespace: string;
    name: string;
    type: string;
    records: RecordCheck[];
    findings: Finding[];
    /** Would this Service fail the check at the chosen --fail-on? */
    failed: boolean;
}

export interface CheckReport {
    apiVersion: 'svcdig/v1alpha1';
    kind: 'CheckReport';
    source: string;
    failOn: 'error' | 'warning' | 'never';
    dns: { via: string | null; notes: string[] };
    services: ServiceCheck[];
    /** Findings about the cluster rather than one Service (StatefulSets pointing at missing Services, ...). */
    clusterFindings: Finding[];
    summary: { services: number; failed: number; records: number; recordsOk: number; errors: number; warnings: number; infos: number; mismatches: number; notChecked: number };
    /** Set when --deadline passed before every record was checked: the limit, and how far the run got. */
    deadline?: { limit: string; checked: number; records: number };
    errors: { message: string }[];
}

export function recordCheck(name: string, type: string, expected: Reply, actual: Reply | null, error?: string): RecordCheck {
    const exp = normalizeReply(expected);
    if (error) return { name, type, verdict: 'error', expected: exp, actual: null, differences: [], error };
    if (!actual) return { name, type, verdict: 'expected-only', expected: exp, actual: null, differences: [] };
    const act = normalizeReply(actual);
    const cmp = compareNormalized(exp, act);
    return { name, type, verdict: cmp.verdict, expected: exp, actual: act, differences: cmp.differences };
}

/** A record the run had no time left for (check --deadline): no verdict, and not a DNS error either. */
export function notChecked(name: string, type: string, why: string): RecordCheck {
    return { name, type, verdict: 'not-checked', differences: [], error: `not checked: ${why}` };
}

const atOrAbove = (sev: Severity, failOn: CheckReport['failOn']) => failOn !== 'never' && (sev === 'error' || (failOn === 'warning' && sev === 'warning'));

/** A Service fails when a record mismatches or errs, or a finding is at or above --fail-on (never: nothing fails). */
export function serviceFails(records: RecordCheck[], findings: Finding[], failOn: CheckReport['failOn']): boolean {
    if (failOn === 'never') return false;
    return records.some((r) => r.verdict === 'mismatch' || r.verdict === 'error') || findings.some((f) => atOrAbove(f.severity, failOn));
}

export function summarize(services: ServiceCheck[], clusterFindings: Finding[]): CheckReport['summary'] {
    const all = [...services.flatMap((s) => s.findings), ...clusterFindings];
    const records = services.flatMap((s) => s.records);
    return {
        services: services.length,
        failed: services.filter((s) => s.failed).length,
        records: records.length,
        recordsOk: records.filter((r) => r.verdict === 'match' || r.verdict === 'expected-only').length,
        errors: all.filter((f) => f.severity === 'error').length,
        warnings: all.filter((f) => f.severity === 'warning').length,
        infos: all.filter((f) => f.severity === 'info').length,
        mismatches: records.filter((r) => r.verdict === 'mismatch').length,
        notChecked: records.filter((r) => r.verdict === 'not-checked').length,
    };
}

/** JUnit XML: one testsuite per Service, one testcase per record plus one for its findings. */
export function renderJunit(report: CheckReport): string {
    // XML 1.0 cannot carry most control characters at all, and CI pages show the text: data escaped as everywhere
    // (\DDD, render/escape.ts), line breaks of svcdig's own multi-line text kept.
    const esc = (s: string) => terminalText(s).replace(/\t/g, ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    const suites = report.services.map((svc) => {
        const cls = `${svc.namespace}/${svc.name}`;
        const cases = svc.records.map((r) => {
            const label = `${r.type} ${r.name}`;
            if (r.verdict === 'mismatch') {
                const msg = r.differences.filter((d) => !d.noteOnly).map((d) => d.message + (d.reason ? ` (${d.reason})` : '')).join('; ');
                return `    <testcase classname="${esc(cls)}" name="${esc(label)}"><failure message="${esc(msg)}" type="mismatch">${esc(msg)}</failure></testcase>`;
            }
            if (r.verdict === 'not-checked') return `    <testcase classname="${esc(cls)}" name="${esc(label)}"><skipped message="${esc(r.error ?? 'not checked')}"/></testcase>`;
            if (r.verdict === 'error') return `    <testcase classname="${esc(cls)}" name="${esc(label)}"><error message="${esc(r.error ?? 'error')}" type="dns"/></testcase>`;
            return `    <testcase classname="${esc(cls)}" name="${esc(label)}"/>`;
        });
        const failing = svc.findings.filter((f) => atOrAbove(f.severity, report.failOn));
        const findingText = svc.findings.map((f) => `${f.severity} ${f.code}: ${f.message} (fix: ${f.fix})`).join('\n');
        cases.push(
            failing.length
                ? `    <testcase classname="${esc(cls)}" name="findings"><failure message="${esc(failing.map((f) => f.code).join(', '))}" type="findings">${esc(findingText)}</failure></testcase>`
                : `    <testcase classname="${esc(cls)}" name="findings">${findingText ? `<system-out>${esc(findingText)}</system-out>` : ''}</testcase>`,
        );
        const failures = svc.records.filter((r) => r.verdict === 'mismatch').length + (failing.length ? 1 : 0);
        const errors = svc.records.filter((r) => r.verdict === 'error').length;
        const skipped = svc.records.filter((r) => r.verdict === 'not-checked').length;
        return `  <testsuite name="${esc(cls)}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="${skipped}">\n${cases.join('\n')}\n  </testsuite>`;
    });
    const tests = report.services.reduce((n, s) => n + s.records.length + 1, 0);
    const failures = report.services.reduce((n, s) => n + s.records.filter((r) => r.verdict === 'mismatch').length + (s.findings.some((f) => atOrAbove(f.severity, report.failOn)) ? 1 : 0), 0);
    const errors = report.services.reduce((n, s) => n + s.records.filter((r) => r.verdict === 'error').length, 0);
    return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="svcdig check" tests="${tests}" failures="${failures}" errors="${errors}">\n${suites.join('\n')}\n</testsuites>\n`;
}
