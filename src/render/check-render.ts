import { atOrAbove, failureCauses, howToQuery, type CheckReport, type RecordCheck, type ServiceCheck } from '../core/check-report.js';
import { groupErrors, queriesText } from '../core/error-groups.js';
import type { Finding } from '../core/findings/finding.js';
import { tableOptions, type PrintOptions } from './print-options.js';
import { renderTable, type Column } from './table.js';
import { printable, terminalText } from './escape.js';
import type { Styler } from './style.js';

/** `-o table|wide`: a row per Service, the differences, DNS errors and findings that fail it, and the summary line. */
export function printCheckReport(report: CheckReport, o: PrintOptions): string {
    const { styler } = o;
    if (o.summaryOnly) return terminalText(checkSummary(report, styler));
    let out = renderTable(checkColumns(), report.services, tableOptions(o));
    const details = [...differenceLines(report, styler), ...dnsErrorLines(report, styler), ...findingLines(report, o)];
    if (details.length) out += '\n' + details.join('\n') + '\n';
    return terminalText(`${out}\n${checkSummary(report, styler)}`);
}

const findingCount = (s: ServiceCheck, sev: Finding['severity']) => s.findings.filter((f) => f.severity === sev).length;
const dnsErrorCount = (s: ServiceCheck) => s.records.filter((r) => r.verdict === 'error').length;

/** One row per Service: its records, the queries that failed (DNS-ERRORS) apart from its findings by severity. */
function checkColumns(): Column<ServiceCheck>[] {
    const counted = (n: number, style: (t: string) => string) => (n ? style(String(n)) : '0');
    return [
        { header: 'NAMESPACE', cell: (s) => s.namespace },
        { header: 'SERVICE', cell: (s) => s.name },
        { header: 'TYPE', cell: (s) => s.type, priority: 1 },
        { header: 'RECORDS', cell: recordsCell },
        { header: 'DNS-ERRORS', cell: (s, st) => counted(dnsErrorCount(s), st.bad) },
        { header: 'ERRORS', cell: (s, st) => counted(findingCount(s, 'error'), st.bad) },
        { header: 'WARNINGS', cell: (s, st) => counted(findingCount(s, 'warning'), st.warn) },
        { header: 'INFO', cell: (s) => String(findingCount(s, 'info')), priority: 1 },
        { header: 'RESULT', cell: resultCell },
    ];
}

function recordsCell(s: ServiceCheck, st: Styler): string {
    const ok = s.records.filter((r) => r.verdict === 'match').length;
    const notQueried = s.records.filter((r) => r.verdict === 'not-queried').length;
    if (notQueried === s.records.length) return st.warn(`${notQueried} not queried`);
    const text = `${ok}/${s.records.length}${notQueried ? ` (${notQueried} not queried)` : ''}`;
    return ok === s.records.length ? st.ok(text) : st.bad(text);
}

/** A Service none of whose records was queried is not "ok": only its findings were evaluated. */
function resultCell(s: ServiceCheck, st: Styler): string {
    if (s.failed) return st.bad('FAIL');
    if (s.records.some((r) => r.verdict === 'not-checked')) return st.warn('not checked');
    if (s.records.length > 0 && s.records.every((r) => r.verdict === 'not-queried')) return st.warn('not queried');
    return st.ok('ok');
}

function differenceLines(report: CheckReport, styler: Styler): string[] {
    return report.services.flatMap((s) =>
        s.records
            // an error record has differences too when, of several servers, one failed and another answered differently
            .filter((r) => r.verdict === 'mismatch' || r.verdict === 'error')
            .flatMap((r) =>
                r.differences
                    .filter((d) => !d.noteOnly)
                    .map((d) => `${styler.bad('diff')}  ${recordText(s, r)}: ${printable(d.message)}${d.reason ? ` — ${printable(d.reason)}` : ''}`),
            ),
    );
}

/** The Services a repeated error names at most; the rest are counted. */
const NAMED_SERVICES = 3;

/**
 * One line per failed query, except that queries failing with the same error (a server that is down fails them all
 * alike) are one line with their count and the Services they belong to. -o json keeps every record's error.
 */
function dnsErrorLines(report: CheckReport, styler: Styler): string[] {
    const failed = report.services.flatMap((s) => s.records.filter((r) => r.verdict === 'error').map((r) => ({ s, r })));
    return groupErrors(failed, ({ r }) => r.error ?? '').map(({ message, items }) => {
        if (items.length === 1) return `${styler.bad('error')} ${recordText(items[0]!.s, items[0]!.r)}: ${printable(message)}`;
        const services = [...new Set(items.map(({ s }) => svcText(s)))];
        const shown = services.length > NAMED_SERVICES + 1 ? NAMED_SERVICES : services.length;
        const named = services.slice(0, shown).join(', ') + (shown < services.length ? `, … ${services.length - shown} more` : '');
        const of = services.length === 1 ? named : `${services.length} Services: ${named}`;
        return `${styler.bad('error')} ${queriesText(items.length)} (${of}): ${printable(message)}`;
    });
}

/** Findings of each Service, then the cluster's; info only in `wide`, or when it fails the run (--fail-on info). */
function findingLines(report: CheckReport, o: PrintOptions): string[] {
    const shown = (f: Finding) => f.severity !== 'info' || o.format === 'wide' || atOrAbove(f.severity, report.failOn);
    const line = (where: string, f: Finding) => `${severityMark(f, o.styler)} ${where}: ${f.code}: ${printable(f.message)}`;
    return [
        ...report.services.flatMap((s) => s.findings.filter(shown).map((f) => line(svcText(s), f))),
        ...report.clusterFindings.filter(shown).map((f) => line('cluster', f)),
    ];
}

const severityMark = (f: Finding, styler: Styler) =>
    f.severity === 'error' ? styler.bad('error') : f.severity === 'warning' ? styler.warn('warn ') : styler.dim('info ');

/**
 * The summary line (and, when nothing was queried, how to query): the last lines of the table, all of --quiet, and the
 * closing notice of -o github. Styled by `styler`, not yet finished for a terminal. DNS errors (queries that failed)
 * are counted apart from the findings' errors and warnings.
 */
export function checkSummary(report: CheckReport, styler: Styler): string {
    const sm = report.summary;
    // info findings are counted only when they can fail the run (--fail-on info)
    const infos = report.failOn === 'info' ? `, ${sm.infos} info` : '';
    const findings = `${sm.errors} error${sm.errors === 1 ? '' : 's'}, ${sm.warnings} warning${sm.warnings === 1 ? '' : 's'}${infos}`;
    const services = `${sm.services} Service${sm.services === 1 ? '' : 's'}`;
    if (report.dns.notQueried) {
        // Nothing was asked: say so first, and never "passed" (only the findings were evaluated).
        const verdict = sm.failed ? failedText(report, styler) : `findings ${styler.ok('passed')} (--fail-on ${report.failOn})`;
        return `${services}, ${styler.warn(`0 of ${sm.records} records queried`)} (DNS not queried: ${report.dns.notQueried}), ${findings}; ${verdict}\n${howToQuery(report.dns.notQueried)}\n`;
    }
    const queried = sm.notQueried ? `, ${styler.warn(`${sm.notQueried} not queried`)}` : '';
    const dnsErrors = `${sm.dnsErrors} DNS error${sm.dnsErrors === 1 ? '' : 's'}`;
    const partial = report.deadline
        ? `; --deadline ${report.deadline.limit} reached: checked ${report.deadline.checked} of ${report.deadline.records} records, ${sm.notChecked} not checked`
        : '';
    const verdict = sm.failed
        ? failedText(report, styler)
        : `${report.deadline ? styler.warn('incomplete') : styler.ok('passed')} (--fail-on ${report.failOn})`;
    return `${services}, ${sm.recordsOk}/${sm.records} records ok${queried}, ${sm.dnsErrors ? styler.bad(dnsErrors) : dnsErrors}; findings: ${findings}; ${verdict}${report.dns.via ? `; DNS: ${printable(report.dns.via)}` : ''}${partial}\n`;
}

/** `3 failed: 2 with DNS errors, 1 with differences`: each cause its own count (core/check-report.ts failureCauses). */
function failedText(report: CheckReport, styler: Styler): string {
    const c = failureCauses(report);
    const causes = [
        c.dnsErrors ? `${c.dnsErrors} with DNS errors` : '',
        c.differences ? `${c.differences} with differences` : '',
        c.findings ? `${c.findings} with findings at or above --fail-on ${report.failOn}` : '',
    ].filter(Boolean);
    return `${styler.bad(`${report.summary.failed} failed`)}: ${causes.join(', ')}`;
}

const svcText = (s: ServiceCheck) => printable(`${s.namespace}/${s.name}`);
const recordText = (s: ServiceCheck, r: RecordCheck) => `${svcText(s)}: ${r.type} ${printable(r.name)}`;
