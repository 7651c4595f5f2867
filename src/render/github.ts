import { atOrAbove, type CheckReport, type RecordCheck, type ServiceCheck } from '../core/check-report.js';
import type { Finding } from '../core/findings/finding.js';
import { checkSummary } from './check-render.js';
import { groupErrors, queriesText } from '../core/error-groups.js';
import { printable } from './escape.js';
import { makeStyler } from './style.js';

/**
 * `-o github`: GitHub Actions workflow commands, which the runner turns into annotations on the run and its summary
 * (https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions#setting-an-error-message).
 * One `::error` per failing record (mismatch, DNS error; one for all the records that failed with the same error) and per error finding, one `::warning` per warning finding;
 * info findings are left out (the table's `wide` has them) unless --fail-on info makes them fail the run (`::notice`). Records not queried or not checked get one `::warning`
 * for the run, not one per record: they are a choice of the run (--expected-only) or its --deadline, not a fault of
 * a record, and GitHub shows only a few annotations of each level per step, so one per record would hide the
 * failing ones. The last line, a
 * `::notice`, is the summary line of the table.
 */
export function printGithubCommands(report: CheckReport): string {
    const lines: string[] = [];
    const repeated = repeatedErrors(report);
    for (const s of report.services) {
        for (const r of s.records) lines.push(...recordCommands(s, r, repeated));
        for (const f of s.findings) lines.push(...findingCommand(`${s.namespace}/${s.name}`, f, report.failOn));
    }
    for (const f of report.clusterFindings) lines.push(...findingCommand('cluster', f, report.failOn));
    for (const [message, count] of repeated)
        lines.push(command('error', `svcdig ${queriesText(count)} failed`, `${queriesText(count)} failed alike: ${message}`));
    lines.push(...skippedCommand(report));
    const summary = checkSummary(report, makeStyler(0)).trimEnd().split('\n').join(' — ');
    lines.push(command('notice', 'svcdig check', summary));
    return lines.join('\n') + '\n';
}

/**
 * Errors that several records' queries met alike (a server that is down fails them all the same way) → how many: one
 * annotation each, as the table has one line, not one per record (which would also crowd out the others).
 */
function repeatedErrors(report: CheckReport): Map<string, number> {
    const failed = report.services.flatMap((s) => s.records.filter((r) => r.verdict === 'error'));
    return new Map(
        groupErrors(failed, (r) => r.error ?? '')
            .filter((g) => g.items.length > 1)
            .map((g) => [g.message, g.items.length]),
    );
}

/**
 * A failing record's annotations: its differences, and its DNS error unless that is one of the repeated ones (said
 * once for all). A record can have both: of several servers, one failed and another answered differently.
 */
function recordCommands(s: ServiceCheck, r: RecordCheck, repeated: Map<string, number>): string[] {
    if (r.verdict !== 'mismatch' && r.verdict !== 'error') return [];
    const title = `svcdig ${s.namespace}/${s.name} ${r.type} ${r.name}`;
    const diffs = r.differences.filter((d) => !d.noteOnly).map((d) => d.message + (d.reason ? ` (${d.reason})` : ''));
    return [
        ...(diffs.length ? [command('error', title, `${r.type} ${r.name} differs: ${diffs.join('; ')}`)] : []),
        ...(r.verdict === 'error' && !repeated.has(r.error ?? '') ? [command('error', title, `${r.type} ${r.name}: ${r.error ?? 'DNS error'}`)] : []),
    ];
}

/** An info finding becomes a `::notice` only when it fails the run (--fail-on info); otherwise it is left out. */
function findingCommand(where: string, f: Finding, failOn: CheckReport['failOn']): string[] {
    if (f.severity === 'info' && !atOrAbove('info', failOn)) return [];
    return [command(f.severity === 'info' ? 'notice' : f.severity, `svcdig ${where} ${f.code}`, `${f.message} (fix: ${f.fix})`)];
}

function skippedCommand(report: CheckReport): string[] {
    const sm = report.summary;
    const out: string[] = [];
    if (sm.notQueried)
        out.push(
            command(
                'warning',
                'svcdig records not queried',
                `${sm.notQueried} of ${sm.records} records not queried (${report.dns.notQueried ?? 'no DNS server asked'}): only their findings were evaluated`,
            ),
        );
    if (sm.notChecked)
        out.push(
            command(
                'warning',
                'svcdig records not checked',
                `${sm.notChecked} of ${sm.records} records not checked: --deadline ${report.deadline?.limit ?? ''} reached`,
            ),
        );
    return out;
}

/** `::level title=…::message`, both escaped so that no data can end the command or start another one. */
export function command(level: 'error' | 'warning' | 'notice', title: string, message: string): string {
    return `::${level} title=${escapeProperty(title)}::${escapeData(message)}`;
}

/**
 * The runner's escaping of a command's message (actions/toolkit, packages/core/src/command.ts `escapeData`): `%`
 * first, then the line breaks, so a message can never put a second command on a line of its own. Other control
 * characters (ESC, bidi overrides) are shown as \xHH like everywhere else (escape.ts).
 */
export function escapeData(s: string): string {
    return printable(s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

/** A property value (`title=`) also escapes `:` and `,`, which end the value (command.ts `escapeProperty`). */
export function escapeProperty(s: string): string {
    return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
