import { atOrAbove, howToQuery, type CheckReport, type FailureCauses, type RecordCheck, type ServiceCheck } from '../core/check-report.js';
import { failureCauses } from '../core/check-tally.js';
import type { CheckWriterOf } from './check-writer.js';
import { groupErrors, queriesText } from '../core/error-groups.js';
import type { Finding } from '../core/findings/finding.js';
import { tableOptions, type PrintOptions } from './print-options.js';
import { renderTable, type Column } from './table.js';
import { printable, terminalText } from './escape.js';
import type { Styler } from './style.js';

/** `-o table|wide`: a row per Service, the differences, DNS errors and findings that fail it, and the summary line. */
export function printCheckReport(report: CheckReport, o: PrintOptions): string {
    const { styler } = o;
    const facts = { ...report, causes: failureCauses(report) };
    if (o.summaryOnly) return terminalText(checkSummary(facts, styler));
    const failed = report.services.flatMap(failedQueries);
    const details = [
        ...report.services.flatMap((s) => differenceLines(s, styler)),
        ...dnsErrorLines(failed, styler),
        ...report.services.flatMap((s) => findingLines(s, report.failOn, o)),
        ...clusterFindingLines(report, o),
    ];
    return tableText(report.services.map(serviceRow), details, facts, o);
}

/**
 * The table written as the check goes: its column widths are those of its widest cells, so no row can be printed before
 * every Service is checked; what is kept is a row of counts per Service and the lines under the table (differences,
 * failed queries, findings), never the records.
 */
export const checkTableWriter: CheckWriterOf = (head, o, write) => {
    const rows: ServiceRow[] = [];
    const diffs: string[] = [];
    const failed: FailedQuery[] = [];
    const findings: string[] = [];
    return {
        service(s) {
            if (o.summaryOnly) return;
            rows.push(serviceRow(s));
            diffs.push(...differenceLines(s, o.styler));
            failed.push(...failedQueries(s));
            findings.push(...findingLines(s, head.failOn, o));
        },
        end(tail) {
            const facts = { ...head, ...tail };
            if (o.summaryOnly) return write(terminalText(checkSummary(facts, o.styler)));
            const details = [...diffs, ...dnsErrorLines(failed, o.styler), ...findings, ...clusterFindingLines(head, o)];
            write(tableText(rows, details, facts, o));
        },
    };
};

function tableText(rows: ServiceRow[], details: string[], facts: SummaryFacts, o: PrintOptions): string {
    let out = renderTable(checkColumns(), rows, tableOptions(o));
    if (details.length) out += '\n' + details.join('\n') + '\n';
    return terminalText(`${out}\n${checkSummary(facts, o.styler)}`);
}

/** What the table shows of a Service: its name and type, its records and findings counted (kept to the end: small). */
interface ServiceRow {
    namespace: string;
    name: string;
    type: string;
    records: number;
    ok: number;
    notQueried: number;
    notChecked: number;
    dnsErrors: number;
    errors: number;
    warnings: number;
    infos: number;
    failed: boolean;
}

function serviceRow(s: ServiceCheck): ServiceRow {
    const verdicts = (v: RecordCheck['verdict']) => s.records.filter((r) => r.verdict === v).length;
    const findings = (sev: Finding['severity']) => s.findings.filter((f) => f.severity === sev).length;
    return {
        namespace: s.namespace,
        name: s.name,
        type: s.type,
        records: s.records.length,
        ok: verdicts('match'),
        notQueried: verdicts('not-queried'),
        notChecked: verdicts('not-checked'),
        dnsErrors: verdicts('error'),
        errors: findings('error'),
        warnings: findings('warning'),
        infos: findings('info'),
        failed: s.failed,
    };
}

/** One row per Service: its records, the queries that failed (DNS-ERRORS) apart from its findings by severity. */
function checkColumns(): Column<ServiceRow>[] {
    const counted = (n: number, style: (t: string) => string) => (n ? style(String(n)) : '0');
    return [
        { header: 'NAMESPACE', cell: (s) => s.namespace },
        { header: 'SERVICE', cell: (s) => s.name },
        { header: 'TYPE', cell: (s) => s.type, priority: 1 },
        { header: 'RECORDS', cell: recordsCell },
        { header: 'DNS-ERRORS', cell: (s, st) => counted(s.dnsErrors, st.bad) },
        { header: 'ERRORS', cell: (s, st) => counted(s.errors, st.bad) },
        { header: 'WARNINGS', cell: (s, st) => counted(s.warnings, st.warn) },
        { header: 'INFO', cell: (s) => String(s.infos), priority: 1 },
        { header: 'RESULT', cell: resultCell },
    ];
}

function recordsCell(s: ServiceRow, st: Styler): string {
    if (s.notQueried === s.records) return st.warn(`${s.notQueried} not queried`);
    const text = `${s.ok}/${s.records}${s.notQueried ? ` (${s.notQueried} not queried)` : ''}`;
    return s.ok === s.records ? st.ok(text) : st.bad(text);
}

/** A Service none of whose records was queried is not "ok": only its findings were evaluated. */
function resultCell(s: ServiceRow, st: Styler): string {
    if (s.failed) return st.bad('FAIL');
    if (s.notChecked) return st.warn('not checked');
    if (s.records > 0 && s.notQueried === s.records) return st.warn('not queried');
    return st.ok('ok');
}

function differenceLines(s: ServiceCheck, styler: Styler): string[] {
    return (
        s.records
            // an error record has differences too when, of several servers, one failed and another answered differently
            .filter((r) => r.verdict === 'mismatch' || r.verdict === 'error')
            .flatMap((r) =>
                r.differences
                    .filter((d) => !d.noteOnly)
                    .map((d) => `${styler.bad('diff')}  ${recordText(s, r)}: ${printable(d.message)}${d.reason ? ` — ${printable(d.reason)}` : ''}`),
            )
    );
}

/** A query that failed, as the lines under the table name it. */
interface FailedQuery {
    service: string;
    record: string;
    message: string;
}

const failedQueries = (s: ServiceCheck): FailedQuery[] =>
    s.records.filter((r) => r.verdict === 'error').map((r) => ({ service: svcText(s), record: recordText(s, r), message: r.error ?? '' }));

/** The Services a repeated error names at most; the rest are counted. */
const NAMED_SERVICES = 3;

/**
 * One line per failed query, except that queries failing with the same error (a server that is down fails them all
 * alike) are one line with their count and the Services they belong to. -o json keeps every record's error.
 */
function dnsErrorLines(failed: FailedQuery[], styler: Styler): string[] {
    return groupErrors(failed, (q) => q.message).map(({ message, items }) => {
        if (items.length === 1) return `${styler.bad('error')} ${items[0]!.record}: ${printable(message)}`;
        const services = [...new Set(items.map((q) => q.service))];
        const shown = services.length > NAMED_SERVICES + 1 ? NAMED_SERVICES : services.length;
        const named = services.slice(0, shown).join(', ') + (shown < services.length ? `, … ${services.length - shown} more` : '');
        const of = services.length === 1 ? named : `${services.length} Services: ${named}`;
        return `${styler.bad('error')} ${queriesText(items.length)} (${of}): ${printable(message)}`;
    });
}

/** Is a finding shown? Info only in `wide`, or when it fails the run (--fail-on info). */
const shownFinding = (f: Finding, failOn: CheckReport['failOn'], o: PrintOptions) =>
    f.severity !== 'info' || o.format === 'wide' || atOrAbove(f.severity, failOn);
const findingLine = (where: string, f: Finding, styler: Styler) => `${severityMark(f, styler)} ${where}: ${f.code}: ${printable(f.message)}`;

/** A Service's findings, as lines under the table. */
function findingLines(s: ServiceCheck, failOn: CheckReport['failOn'], o: PrintOptions): string[] {
    return s.findings.filter((f) => shownFinding(f, failOn, o)).map((f) => findingLine(svcText(s), f, o.styler));
}

/** The cluster's findings, after every Service's. */
function clusterFindingLines(report: Pick<CheckReport, 'clusterFindings' | 'failOn'>, o: PrintOptions): string[] {
    return report.clusterFindings.filter((f) => shownFinding(f, report.failOn, o)).map((f) => findingLine('cluster', f, o.styler));
}

const severityMark = (f: Finding, styler: Styler) =>
    f.severity === 'error' ? styler.bad('error') : f.severity === 'warning' ? styler.warn('warn ') : styler.dim('info ');

/**
 * The summary line (and, when nothing was queried, how to query): the last lines of the table, all of --quiet, and the
 * closing notice of -o github. Styled by `styler`, not yet finished for a terminal. DNS errors (queries that failed)
 * are counted apart from the findings' errors and warnings.
 */
export function checkSummary(report: SummaryFacts, styler: Styler): string {
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
function failedText(report: SummaryFacts, styler: Styler): string {
    const c = report.causes;
    const causes = [
        c.dnsErrors ? `${c.dnsErrors} with DNS errors` : '',
        c.differences ? `${c.differences} with differences` : '',
        c.findings ? `${c.findings} with findings at or above --fail-on ${report.failOn}` : '',
    ].filter(Boolean);
    return `${styler.bad(`${report.summary.failed} failed`)}: ${causes.join(', ')}`;
}

/** What the summary line says: the counts, how DNS was asked, the deadline, why Services failed. */
export type SummaryFacts = Pick<CheckReport, 'summary' | 'failOn' | 'dns' | 'deadline' | 'objectNotes'> & { causes: FailureCauses };

const svcText = (s: ServiceCheck) => printable(`${s.namespace}/${s.name}`);
const recordText = (s: ServiceCheck, r: RecordCheck) => `${svcText(s)}: ${r.type} ${printable(r.name)}`;
