import type { RunContext } from '../context.js';
import type { EnvReportData, EnvVariable } from '../core/envvars.js';
import type { OutputOptions } from '../commands/options.js';
import { colorLevel, makeStyler } from './style.js';
import { renderJson, renderYaml } from './structured.js';
import { renderTable, type Column } from './table.js';
import { printable, terminalText } from './escape.js';

export interface EnvComparison {
    /** Variables as the running container has them (names of secrets' values are never read). */
    status: 'compared' | 'unavailable';
    reason?: string;
    missing: { name: string; expected: string | null; why: string }[];
    stale: { name: string; expected: string | null; actual: string; why: string }[];
    extra: { name: string; actual: string; why: string }[];
    overridden: { name: string; actual: string; why: string }[];
}

export interface EnvReport extends EnvReportData {
    apiVersion: 'svcdig/v1alpha1';
    kind: 'EnvReport';
    comparison?: EnvComparison;
}

/** dotenv quoting: bare when safe, else double quotes with escapes. */
function dotenvValue(v: string): string {
    return /^[A-Za-z0-9_./:@%+,=-]*$/.test(v) ? v : `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** POSIX shell single quotes. */
function shellValue(v: string): string {
    return `'${v.replace(/'/g, `'\\''`)}'`;
}

export function renderEnvReport(report: EnvReport, opts: OutputOptions, ctx: RunContext): string {
    const vars = report.variables;
    const valueOf = (v: EnvVariable) => v.value;
    switch (opts.output) {
        case 'json':
            return renderJson(report);
        case 'yaml':
            return renderYaml(report);
        case 'dotenv':
            return vars.map((v) => (valueOf(v) === null ? `# ${v.name}: ${v.reference ?? v.source} (value not read)` : `${v.name}=${dotenvValue(valueOf(v)!)}`)).join('\n') + (vars.length ? '\n' : '');
        case 'shell':
            return vars.map((v) => (valueOf(v) === null ? `# ${v.name}: ${v.reference ?? v.source} (value not read)` : `export ${v.name}=${shellValue(valueOf(v)!)}`)).join('\n') + (vars.length ? '\n' : '');
        default: {
            const styler = makeStyler(colorLevel({ colorFlag: opts.color, env: ctx.deps.env, isTTY: ctx.deps.stdout.isTTY }));
            const width = ctx.deps.stdout.isTTY ? ctx.deps.stdout.columns : undefined;
            const cols: Column<EnvVariable>[] = [
                { header: 'NAME', cell: (v) => v.name },
                { header: 'VALUE', cell: (v, s) => (v.value === null ? s.dim(`<${v.reference ?? 'not read'}>`) : v.value) },
                { header: 'SOURCE', cell: (v) => v.source + (v.overrides ? ` (overrides ${v.overrides})` : '') },
            ];
            let out = renderTable(cols, vars, { wide: opts.output === 'wide', headers: opts.headers !== false, styler, width });
            for (const n of report.notes) out += `${styler.dim('note:')} ${printable(n)}\n`;
            if (report.comparison) out += renderComparison(report.comparison, styler);
            return terminalText(out);
        }
    }
}

function renderComparison(c: EnvComparison, s: ReturnType<typeof makeStyler>): string {
    if (c.status === 'unavailable') return `${s.warn('compare:')} ${printable(c.reason ?? '')}\n`;
    const lines: string[] = [];
    const p = printable;
    for (const m of c.missing) lines.push(`${s.bad('missing')}     ${p(m.name)}=${p(m.expected ?? '')} — ${p(m.why)}`);
    for (const m of c.stale) lines.push(`${s.bad('stale')}       ${p(m.name)}=${p(m.actual)} (now ${p(m.expected ?? '')}) — ${p(m.why)}`);
    for (const m of c.extra) lines.push(`${s.warn('extra')}       ${p(m.name)}=${p(m.actual)} — ${p(m.why)}`);
    for (const m of c.overridden) lines.push(`${s.dim('overridden')}  ${p(m.name)}=${p(m.actual)} — ${p(m.why)}`);
    if (!lines.length) lines.push(s.ok('the running container has exactly the service variables kubelet would inject now'));
    return lines.join('\n') + '\n';
}
