import { howToQuery, type CheckReport, type ServiceCheck } from '../core/check-report.js';
import { tableOptions, type PrintOptions } from './print-options.js';
import { renderTable, type Column } from './table.js';
import { printable, terminalText } from './escape.js';
import type { Styler } from './style.js';

/** `-o table|wide`: a row per Service, the differences and findings that fail it, and the summary line. */
export function printCheckReport(report: CheckReport, o: PrintOptions): string {
    const { styler } = o;
    if (o.summaryOnly) return terminalText(checkSummary(report, styler));
    const count = (s: ServiceCheck, sev: string) => s.findings.filter((f) => f.severity === sev).length;
    const cols: Column<ServiceCheck>[] = [
        { header: 'NAMESPACE', cell: (s) => s.namespace },
        { header: 'SERVICE', cell: (s) => s.name },
        { header: 'TYPE', cell: (s) => s.type, priority: 1 },
        {
            header: 'RECORDS',
            cell: (s, st) => {
                const ok = s.records.filter((r) => r.verdict === 'match').length;
                const notQueried = s.records.filter((r) => r.verdict === 'not-queried').length;
                if (notQueried === s.records.length) return st.warn(`${notQueried} not queried`);
                const text = `${ok}/${s.records.length}${notQueried ? ` (${notQueried} not queried)` : ''}`;
                return ok === s.records.length ? st.ok(text) : st.bad(text);
            },
        },
        { header: 'ERRORS', cell: (s, st) => (count(s, 'error') ? st.bad(String(count(s, 'error'))) : '0') },
        { header: 'WARNINGS', cell: (s, st) => (count(s, 'warning') ? st.warn(String(count(s, 'warning'))) : '0') },
        { header: 'INFO', cell: (s) => String(count(s, 'info')), priority: 1 },
        // A Service none of whose records was queried is not "ok": only its findings were evaluated.
        {
            header: 'RESULT',
            cell: (s, st) =>
                s.failed
                    ? st.bad('FAIL')
                    : s.records.some((r) => r.verdict === 'not-checked')
                      ? st.warn('not checked')
                      : s.records.length > 0 && s.records.every((r) => r.verdict === 'not-queried')
                        ? st.warn('not queried')
                        : st.ok('ok'),
        },
    ];
    let out = renderTable(cols, report.services, tableOptions(o));
    const details: string[] = [];
    for (const s of report.services) {
        for (const r of s.records) {
            if (r.verdict === 'mismatch') {
                for (const d of r.differences.filter((x) => !x.noteOnly))
                    details.push(
                        `${styler.bad('diff')}  ${svcText(s)}: ${r.type} ${printable(r.name)}: ${printable(d.message)}${d.reason ? ` — ${printable(d.reason)}` : ''}`,
                    );
            } else if (r.verdict === 'error') {
                details.push(`${styler.bad('error')} ${svcText(s)}: ${r.type} ${printable(r.name)}: ${printable(r.error ?? '')}`);
            }
        }
        for (const f of s.findings) {
            if (f.severity === 'info' && o.format !== 'wide') continue;
            const sev = f.severity === 'error' ? styler.bad('error') : f.severity === 'warning' ? styler.warn('warn ') : styler.dim('info ');
            details.push(`${sev} ${svcText(s)}: ${f.code}: ${printable(f.message)}`);
        }
    }
    for (const f of report.clusterFindings) {
        const sev = f.severity === 'error' ? styler.bad('error') : f.severity === 'warning' ? styler.warn('warn ') : styler.dim('info ');
        details.push(`${sev} cluster: ${f.code}: ${printable(f.message)}`);
    }
    if (details.length) out += '\n' + details.join('\n') + '\n';
    return terminalText(`${out}\n${checkSummary(report, styler)}`);
}

/**
 * The summary line (and, when nothing was queried, how to query): the last lines of the table, all of --quiet, and the
 * closing notice of -o github. Styled by `styler`, not yet finished for a terminal.
 */
export function checkSummary(report: CheckReport, styler: Styler): string {
    const sm = report.summary;
    const findings = `${sm.errors} error${sm.errors === 1 ? '' : 's'}, ${sm.warnings} warning${sm.warnings === 1 ? '' : 's'}`;
    const services = `${sm.services} Service${sm.services === 1 ? '' : 's'}`;
    if (report.dns.notQueried) {
        // Nothing was asked: say so first, and never "passed" (only the findings were evaluated).
        const verdict = sm.failed ? styler.bad(`${sm.failed} failed`) : `findings ${styler.ok('passed')}`;
        return `${services}, ${styler.warn(`0 of ${sm.records} records queried`)} (DNS not queried: ${report.dns.notQueried}), ${findings}; ${verdict} (--fail-on ${report.failOn})\n${howToQuery(report.dns.notQueried)}\n`;
    }
    const queried = sm.notQueried ? `, ${styler.warn(`${sm.notQueried} not queried`)}` : '';
    const partial = report.deadline
        ? `; --deadline ${report.deadline.limit} reached: checked ${report.deadline.checked} of ${report.deadline.records} records, ${sm.notChecked} not checked`
        : '';
    const verdict = sm.failed ? styler.bad(`${sm.failed} failed`) : report.deadline ? styler.warn('incomplete') : styler.ok('passed');
    return `${services}, ${sm.recordsOk}/${sm.records} records ok${queried}, ${findings}; ${verdict} (--fail-on ${report.failOn})${report.dns.via ? `; DNS: ${printable(report.dns.via)}` : ''}${partial}\n`;
}

const svcText = (s: ServiceCheck) => printable(`${s.namespace}/${s.name}`);
