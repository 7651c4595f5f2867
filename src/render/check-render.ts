import type { RunContext } from '../context.js';
import type { CheckReport, ServiceCheck } from '../core/check-report.js';
import type { OutputOptions } from '../commands/options.js';
import { colorLevel, makeStyler } from './style.js';
import { renderJson, renderYaml } from './structured.js';
import { renderTable, type Column } from './table.js';
import { printable, terminalText } from './escape.js';

export function renderCheckReport(report: CheckReport, opts: OutputOptions, ctx: RunContext): string {
    if (opts.output === 'json') return renderJson(report);
    if (opts.output === 'yaml') return renderYaml(report);
    const styler = makeStyler(colorLevel({ colorFlag: opts.color, env: ctx.deps.env, isTTY: ctx.deps.stdout.isTTY }));
    const width = ctx.deps.stdout.isTTY ? ctx.deps.stdout.columns : undefined;
    const wide = opts.output === 'wide';
    const count = (s: ServiceCheck, sev: string) => s.findings.filter((f) => f.severity === sev).length;
    const cols: Column<ServiceCheck>[] = [
        { header: 'NAMESPACE', cell: (s) => s.namespace },
        { header: 'SERVICE', cell: (s) => s.name },
        { header: 'TYPE', cell: (s) => s.type, priority: 1 },
        {
            header: 'RECORDS',
            cell: (s, st) => {
                const ok = s.records.filter((r) => r.verdict === 'match' || r.verdict === 'expected-only').length;
                const text = `${ok}/${s.records.length}`;
                return ok === s.records.length ? st.ok(text) : st.bad(text);
            },
        },
        { header: 'ERRORS', cell: (s, st) => (count(s, 'error') ? st.bad(String(count(s, 'error'))) : '0') },
        { header: 'WARNINGS', cell: (s, st) => (count(s, 'warning') ? st.warn(String(count(s, 'warning'))) : '0') },
        { header: 'INFO', cell: (s) => String(count(s, 'info')), priority: 1 },
        { header: 'RESULT', cell: (s, st) => (s.failed ? st.bad('FAIL') : s.records.some((r) => r.verdict === 'not-checked') ? st.warn('not checked') : st.ok('ok')) },
    ];
    let out = renderTable(cols, report.services, { wide, headers: opts.headers !== false, styler, width });
    const details: string[] = [];
    for (const s of report.services) {
        for (const r of s.records) {
            if (r.verdict === 'mismatch') {
                for (const d of r.differences.filter((x) => !x.noteOnly)) details.push(`${styler.bad('diff')}  ${svcText(s)}: ${r.type} ${printable(r.name)}: ${printable(d.message)}${d.reason ? ` — ${printable(d.reason)}` : ''}`);
            } else if (r.verdict === 'error') {
                details.push(`${styler.bad('error')} ${svcText(s)}: ${r.type} ${printable(r.name)}: ${printable(r.error ?? '')}`);
            }
        }
        for (const f of s.findings) {
            if (f.severity === 'info' && !wide) continue;
            const sev = f.severity === 'error' ? styler.bad('error') : f.severity === 'warning' ? styler.warn('warn ') : styler.dim('info ');
            details.push(`${sev} ${svcText(s)}: ${f.code}: ${printable(f.message)}`);
        }
    }
    for (const f of report.clusterFindings) {
        const sev = f.severity === 'error' ? styler.bad('error') : f.severity === 'warning' ? styler.warn('warn ') : styler.dim('info ');
        details.push(`${sev} cluster: ${f.code}: ${printable(f.message)}`);
    }
    if (details.length) out += '\n' + details.join('\n') + '\n';
    const sm = report.summary;
    const partial = report.deadline ? `; --deadline ${report.deadline.limit} reached: checked ${report.deadline.checked} of ${report.deadline.records} records, ${sm.notChecked} not checked` : '';
    out += `\n${sm.services} Service${sm.services === 1 ? '' : 's'}, ${sm.recordsOk}/${sm.records} records ok, ${sm.errors} error${sm.errors === 1 ? '' : 's'}, ${sm.warnings} warning${sm.warnings === 1 ? '' : 's'}; ${sm.failed ? styler.bad(`${sm.failed} failed`) : report.deadline ? styler.warn('incomplete') : styler.ok('passed')} (--fail-on ${report.failOn})${report.dns.via ? `; DNS: ${printable(report.dns.via)}` : '; DNS not queried'}${partial}\n`;
    return terminalText(out);
}

const svcText = (s: ServiceCheck) => printable(`${s.namespace}/${s.name}`);
