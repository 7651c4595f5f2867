import { type ApiVersion } from './api-version.js';
import { compareNormalized, normalizeReply, type Difference } from './compare.js';
import type { Reply } from './dns/reply.js';
import type { Finding, Severity } from './findings/finding.js';

export interface RecordCheck {
    name: string;
    type: string;
    /** not-queried: no DNS server was asked (--expected-only, or files without --server); never counted as ok. */
    verdict: 'match' | 'mismatch' | 'not-queried' | 'error';
    /** Left out of matching and not-queried records when the output shows only verdicts (table, wide): `withoutReplies`. */
    expected?: Reply;
    actual?: Reply | null;
    differences: Difference[];
    error?: string;
}

/** A matching (or not-queried) record as the table and JUnit show it: verdict and notes, no replies (bounded memory). */
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
    apiVersion: ApiVersion;
    kind: 'CheckReport';
    source: string;
    failOn: 'error' | 'warning' | 'never';
    /** notQueried: why no DNS server was asked ("--expected-only", "files without --server"); absent when one was. */
    dns: { via: string | null; notes: string[]; notQueried?: string };
    services: ServiceCheck[];
    /** Findings about the cluster rather than one Service (StatefulSets pointing at missing Services, ...). */
    clusterFindings: Finding[];
    /** recordsOk counts matches only; notQueried the records no DNS server was asked about. */
    summary: { services: number; failed: number; records: number; recordsOk: number; notQueried: number; errors: number; warnings: number; infos: number; mismatches: number };
    errors: { message: string }[];
}

export function recordCheck(name: string, type: string, expected: Reply, actual: Reply | null, error?: string): RecordCheck {
    const exp = normalizeReply(expected);
    if (error) return { name, type, verdict: 'error', expected: exp, actual: null, differences: [], error };
    if (!actual) return { name, type, verdict: 'not-queried', expected: exp, actual: null, differences: [] };
    const act = normalizeReply(actual);
    const cmp = compareNormalized(exp, act);
    return { name, type, verdict: cmp.verdict, expected: exp, actual: act, differences: cmp.differences };
}

/** Why check asks no DNS server: --expected-only, or files read without --server (the "lint manifests" use). */
export function notQueriedWhy(opts: { expectedOnly?: boolean }): string {
    return opts.expectedOnly ? '--expected-only' : 'files without --server';
}

/** How to have the records queried, for the summary line. */
export function howToQuery(why: string): string {
    return why === '--expected-only'
        ? 'drop --expected-only to query them'
        : 'to query them, add --server HOST[:PORT] (a DNS server for the cluster zone) or read a live cluster (a kubeconfig context) instead of files';
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
        recordsOk: records.filter((r) => r.verdict === 'match').length,
        notQueried: records.filter((r) => r.verdict === 'not-queried').length,
        errors: all.filter((f) => f.severity === 'error').length,
        warnings: all.filter((f) => f.severity === 'warning').length,
        infos: all.filter((f) => f.severity === 'info').length,
        mismatches: records.filter((r) => r.verdict === 'mismatch').length,
    };
}

/** Text for an XML attribute or element (control characters XML cannot carry are dropped). */
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/** JUnit XML: one testsuite per Service, one testcase per record plus one for its findings. */
export function renderJunit(report: CheckReport): string {
    const suites = report.services.map((svc) => {
        const cls = `${svc.namespace}/${svc.name}`;
        const cases = svc.records.map((r) => {
            const label = `${r.type} ${r.name}`;
            if (r.verdict === 'mismatch') {
                const msg = r.differences.filter((d) => !d.noteOnly).map((d) => d.message + (d.reason ? ` (${d.reason})` : '')).join('; ');
                return `    <testcase classname="${esc(cls)}" name="${esc(label)}"><failure message="${esc(msg)}" type="mismatch">${esc(msg)}</failure></testcase>`;
            }
            if (r.verdict === 'error') return `    <testcase classname="${esc(cls)}" name="${esc(label)}"><error message="${esc(r.error ?? 'error')}" type="dns"/></testcase>`;
            if (r.verdict === 'not-queried') return `    <testcase classname="${esc(cls)}" name="${esc(label)}"><skipped message="${esc(`not queried: ${report.dns.notQueried ?? 'no DNS server asked'}`)}"/></testcase>`;
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
        const skipped = svc.records.filter((r) => r.verdict === 'not-queried').length;
        return `  <testsuite name="${esc(cls)}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="${skipped}">\n${cases.join('\n')}\n  </testsuite>`;
    });
    const tests = report.services.reduce((n, s) => n + s.records.length + 1, 0);
    const failures = report.services.reduce((n, s) => n + s.records.filter((r) => r.verdict === 'mismatch').length + (s.findings.some((f) => atOrAbove(f.severity, report.failOn)) ? 1 : 0), 0);
    const errors = report.services.reduce((n, s) => n + s.records.filter((r) => r.verdict === 'error').length, 0);
    const skipped = report.summary.notQueried;
    return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="svcdig check" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}">\n${suites.join('\n')}\n</testsuites>\n`;
}

/**
 * JUnit for a check that could not run (no Service selected, a namespace that does not exist, …): one errored
 * testcase carrying the message, so a pipeline never reads a passing file with tests="0" (or an old one).
 */
export function renderJunitFailure(message: string): string {
    const testcase = `    <testcase classname="svcdig check" name="select Services"><error message="${esc(message)}" type="check"/></testcase>`;
    return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="svcdig check" tests="1" failures="0" errors="1" skipped="0">\n  <testsuite name="svcdig check" tests="1" failures="0" errors="1" skipped="0">\n${testcase}\n  </testsuite>\n</testsuites>\n`;
}
