/**
 * Every output format of every command, in one place: a report kind → its -o values → the printer of each. The -o
 * choices of each command (and so its help and the shell completions) come from here, and adding a format is one
 * entry plus its printer.
 */
import type { CheckReport } from '../core/check-report.js';
import type { EnvReport } from '../core/env-report.js';
import type { ServiceExplanation } from '../core/explanation.js';
import { checkTableWriter, printCheckReport } from './check-render.js';
import { checkJsonWriter } from './check-json.js';
import type { CheckWriterOf } from './check-writer.js';
import { checkYamlWriter } from './check-yaml.js';
import { githubWriter, printGithubCommands } from './github.js';
import { printEnvAssignments, printEnvTable } from './env-render.js';
import { printExplanationDescribe, printExplanationTable } from './explain-render.js';
import type { PrintOptions } from './print-options.js';
import { printResolveDig, printResolveTable, type ResolvePrintable } from './resolve-render.js';
import { printResolveShort } from './short.js';
import { renderJson, renderYaml } from './structured.js';
import type { FormatOf, ReportKind } from './formats.js';
export type { ReportKind } from './formats.js';

export type Printer<R> = (report: R, o: PrintOptions) => string;

/** What each command prints. */
export interface Printables {
    resolve: ResolvePrintable;
    explain: ServiceExplanation;
    env: EnvReport;
    check: CheckReport;
}

/** JSON and YAML print the report as data (README: JSON contract), exact, never escaped for a terminal. */
function structured<R>(data: (r: R) => unknown): { json: Printer<R>; yaml: Printer<R> } {
    return { json: (r) => renderJson(data(r)), yaml: (r) => renderYaml(data(r)) };
}

const same = <R>(r: R) => r;

/** A printer for exactly each format FORMATS lists (a missing or extra key does not compile). */
export const PRINTERS: { readonly [K in ReportKind]: { readonly [F in FormatOf<K>]: Printer<Printables[K]> } } = {
    resolve: {
        table: printResolveTable,
        wide: printResolveTable,
        ...structured((p: ResolvePrintable) => p.report),
        dig: printResolveDig,
        short: printResolveShort,
    },
    explain: { describe: printExplanationDescribe, table: printExplanationTable, wide: printExplanationTable, ...structured<ServiceExplanation>(same) },
    env: { table: printEnvTable, dotenv: printEnvAssignments, shell: printEnvAssignments, ...structured<EnvReport>(same) },
    check: { table: printCheckReport, wide: printCheckReport, ...structured<CheckReport>(same), github: printGithubCommands },
};

/**
 * How each -o format of check is written as the check goes (check-writer.ts): JSON as it comes, the table and github
 * keeping only what their end needs, YAML as it comes too (check-yaml.ts).
 */
export const CHECK_WRITERS: { readonly [F in FormatOf<'check'>]: CheckWriterOf } = {
    table: checkTableWriter,
    wide: checkTableWriter,
    json: checkJsonWriter,
    yaml: checkYamlWriter,
    github: githubWriter,
};

/** The report in the format `o.format` (one the command offered: commander checked the choice). */
export function printReport<K extends ReportKind>(kind: K, report: Printables[K], o: PrintOptions): string {
    const printer = (PRINTERS[kind] as Readonly<Record<string, Printer<Printables[K]>>>)[o.format];
    if (!printer) throw new Error(`no ${o.format} printer for ${kind}`);
    return printer(report, o);
}
