import { atOrAbove, type CheckReport, type RecordCheck, type ServiceCheck } from '../core/check-report.js';
import type { Finding } from '../core/findings/finding.js';
import { checkSummary, type SummaryFacts } from './check-render.js';
import { shownObjectNotes } from '../core/object-shape.js';
import { failureCauses } from '../core/check-tally.js';
import type { CheckWriterOf } from './check-writer.js';
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
    const repeated = repeatedErrors(report.services.flatMap((s) => s.records.filter((r) => r.verdict === 'error').map((r) => r.error ?? '')));
    const lines = report.services.flatMap((s) => serviceCommands(s, report.failOn)).flatMap((c) => commandUnlessRepeated(c, repeated));
    return githubText(lines, report, { ...report, causes: failureCauses(report) }, repeated);
}

/**
 * -o github written as the check goes: only failing records and findings make annotations, so those are kept; a
 * failed query's own annotation waits for the end, which tells whether its error was repeated (said once for all).
 */
export const githubWriter: CheckWriterOf = (head, _o, write) => {
    const commands: RecordCommand[] = [];
    const errors: string[] = [];
    return {
        service(s) {
            commands.push(...serviceCommands(s, head.failOn));
            for (const r of s.records) if (r.verdict === 'error') errors.push(r.error ?? '');
        },
        end(tail) {
            const repeated = repeatedErrors(errors);
            write(
                githubText(
                    commands.flatMap((c) => commandUnlessRepeated(c, repeated)),
                    head,
                    { ...head, ...tail },
                    repeated,
                ),
            );
        },
    };
};

/** The annotations of every Service (`lines`), then the cluster's findings, the repeated errors, what was skipped and the summary. */
function githubText(lines: string[], head: Pick<CheckReport, 'clusterFindings' | 'failOn'>, facts: SummaryFacts, repeated: Map<string, number>): string {
    for (const f of head.clusterFindings) lines.push(...findingCommand('cluster', f, head.failOn));
    for (const [message, count] of repeated)
        lines.push(command('error', `svcdig ${queriesText(count)} failed`, `${queriesText(count)} failed alike: ${message}`));
    lines.push(...skippedCommand(facts));
    lines.push(...objectNotesCommands(facts.objectNotes));
    const summary = checkSummary(facts, makeStyler(0)).trimEnd().split('\n').join(' — ');
    lines.push(command('notice', 'svcdig check', summary));
    return lines.join('\n') + '\n';
}

/** An annotation, or one for a failed query that is left out when its error is one of the repeated ones. */
type RecordCommand = string | { command: string; error: string };

const commandUnlessRepeated = (c: RecordCommand, repeated: Map<string, number>): string[] =>
    typeof c === 'string' ? [c] : repeated.has(c.error) ? [] : [c.command];

/** A Service's annotations: its failing records', then its findings'. */
function serviceCommands(s: ServiceCheck, failOn: CheckReport['failOn']): RecordCommand[] {
    return [...s.records.flatMap((r) => recordCommands(s, r)), ...s.findings.flatMap((f) => findingCommand(`${s.namespace}/${s.name}`, f, failOn))];
}

/**
 * Errors that several records' queries met alike (a server that is down fails them all the same way) → how many: one
 * annotation each, as the table has one line, not one per record (which would also crowd out the others).
 */
function repeatedErrors(errors: string[]): Map<string, number> {
    return new Map(
        groupErrors(errors, (e) => e)
            .filter((g) => g.items.length > 1)
            .map((g) => [g.message, g.items.length]),
    );
}

/**
 * A failing record's annotations: its differences, and its DNS error unless that is one of the repeated ones (said
 * once for all). A record can have both: of several servers, one failed and another answered differently.
 */
function recordCommands(s: ServiceCheck, r: RecordCheck): RecordCommand[] {
    if (r.verdict !== 'mismatch' && r.verdict !== 'error') return [];
    const title = `svcdig ${s.namespace}/${s.name} ${r.type} ${r.name}`;
    const diffs = r.differences.filter((d) => !d.noteOnly).map((d) => d.message + (d.reason ? ` (${d.reason})` : ''));
    return [
        ...(diffs.length ? [command('error', title, `${r.type} ${r.name} differs: ${diffs.join('; ')}`)] : []),
        ...(r.verdict === 'error' ? [{ command: command('error', title, `${r.type} ${r.name}: ${r.error ?? 'DNS error'}`), error: r.error ?? '' }] : []),
    ];
}

/** An info finding becomes a `::notice` only when it fails the run (--fail-on info); otherwise it is left out. */
function findingCommand(where: string, f: Finding, failOn: CheckReport['failOn']): string[] {
    if (f.severity === 'info' && !atOrAbove('info', failOn)) return [];
    return [command(f.severity === 'info' ? 'notice' : f.severity, `svcdig ${where} ${f.code}`, `${f.message} (fix: ${f.fix})`)];
}

/** Objects of the input left out or merged (the run exits 2 for them): an error annotation for each one stderr shows. */
function objectNotesCommands(notes: string[] | undefined): string[] {
    return shownObjectNotes(notes ?? []).map((n) => command('error', 'svcdig input', n));
}

function skippedCommand(report: SummaryFacts): string[] {
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

/**
 * One context's annotations in a check across contexts: inside a log group named after the context, and with the
 * context in every title, as the run's summary lists annotations without their log (the same Service in two clusters
 * must read apart there). Groups: the `group`/`endgroup` workflow commands of the page cited above.
 */
export function githubForContext(text: string, context: string): string {
    const titled = text.replace(/^(::(?:error|warning|notice) title=)svcdig /gm, (_m, head: string) => `${head}svcdig ${escapeProperty(context)} `);
    return `::group::context ${escapeData(context)}\n${titled}::endgroup::\n`;
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
