import type { EnvComparison, EnvReport } from '../core/env-report.js';
import { isPosixShellName, shellRunsAsCode, type EnvVariable } from '../core/envvars.js';
import { tableOptions, type PrintOptions } from './print-options.js';
import type { Styler } from './style.js';
import { renderTable, type Column } from './table.js';
import { printable, terminalText } from './escape.js';

/**
 * A value in POSIX shell single quotes, each ' written as '\'': inside them nothing expands ($VAR, $(…), backticks,
 * \, "), and a newline is kept as it is.
 */
function shellQuoted(v: string): string {
    return `'${v.replace(/'/g, `'\\''`)}'`;
}

/** dotenv: bare when every dotenv reader and shell reads it the same, else quoted as a shell reads it (`set -a; . ./file`). */
function dotenvValue(v: string): string {
    return /^[A-Za-z0-9_./:@%+,=-]*$/.test(v) ? v : shellQuoted(v);
}

/**
 * Text for a `#` comment line: a name or value from the cluster may hold a newline, which would end the comment, or a
 * control character or bidi override a terminal acts on (escape.ts printable, the one escaper; line breaks and tabs
 * shown as \n \r \t, as a shell user reads them).
 */
function commentText(s: string): string {
    return printable(s.replace(/[\n\r\t]/g, (c) => ({ '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]!));
}

/**
 * One variable as a line a shell sources (`export ` first for -o shell): a name a shell cannot take (`1BAD`, from a
 * Service named with a leading digit, or any name a container sets) and a value it cannot hold (a NUL byte) become a
 * comment saying so, never a line that runs; so do the variables whose value a shell later runs (PROMPT_COMMAND…).
 */
function assignmentLine(v: EnvVariable, format: 'shell' | 'dotenv'): string {
    if (v.value === null) return `# ${commentText(v.name)}: ${commentText(v.reference ?? v.source)} (value not read)`;
    if (!isPosixShellName(v.name)) return `# ${commentText(v.name)}=${commentText(v.value)} (skipped: not a variable name a shell can take)`;
    if (shellRunsAsCode(v.name)) return `# ${v.name}=${commentText(v.value)} (skipped: a shell runs its value as code)`;
    if (v.value.includes('\u0000')) return `# ${v.name}=${commentText(v.value)} (skipped: a shell variable cannot hold a NUL byte)`;
    return format === 'shell' ? `export ${v.name}=${shellQuoted(v.value)}` : `${v.name}=${dotenvValue(v.value)}`;
}

/** `-o shell` and `-o dotenv`: lines a shell sources safely. */
export function printEnvAssignments(report: EnvReport, o: PrintOptions): string {
    return report.variables.map((v) => `${assignmentLine(v, o.format as 'shell' | 'dotenv')}\n`).join('');
}

/** `-o table`: the variables with their sources, the notes, and the comparison with the running container. */
export function printEnvTable(report: EnvReport, o: PrintOptions): string {
    const cols: Column<EnvVariable>[] = [
        { header: 'NAME', cell: (v) => v.name },
        { header: 'VALUE', cell: (v, s) => (v.value === null ? s.dim(`<${v.reference ?? 'not read'}>`) : v.value) },
        { header: 'SOURCE', cell: (v) => v.source + (v.overrides ? ` (overrides ${v.overrides})` : '') },
    ];
    let out = renderTable(cols, report.variables, tableOptions(o));
    for (const n of report.notes) out += `${o.styler.dim('note:')} ${printable(n)}\n`;
    if (report.comparison) out += renderComparison(report.comparison, o.styler);
    return terminalText(out);
}

function renderComparison(c: EnvComparison, s: Styler): string {
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
