import type { RunContext } from '../../context.js';
import type { PrintOptions } from '../../render/print-options.js';
import { printReport, type Printables, type ReportKind } from '../../render/registry.js';
import { colorLevel, makeStyler } from '../../render/style.js';
import type { OutputOptions } from './options.js';

/** The printer options of a run: the -o format, headers, colour (render/style.ts colorLevel) and width. */
export function printOptions(
    opts: Pick<OutputOptions, 'color' | 'headers'> & { output?: string; quiet?: boolean },
    format: string,
    ctx: RunContext,
): PrintOptions {
    const { stdout, env } = ctx.deps;
    return {
        ...(opts.quiet ? { summaryOnly: true } : {}),
        format,
        headers: opts.headers !== false,
        styler: makeStyler(colorLevel({ color: opts.color, env, isTTY: stdout.isTTY })),
        width: stdout.isTTY ? stdout.columns : undefined,
    };
}

/** The report in the run's -o format, written to stdout. */
export function printToStdout<K extends ReportKind>(kind: K, report: Printables[K], opts: OutputOptions & { quiet?: boolean }, ctx: RunContext): void {
    ctx.deps.stdout.write(printReport(kind, report, printOptions(opts, opts.output, ctx)));
}

/**
 * The notes a report carries about how it was computed (Corefile options svcdig does not understand, flags that
 * override the Corefile, …), said on stderr as `note:` lines like every other note, for the formats a person reads:
 * JSON and YAML carry them as data (and keep stdout data only). `about` names what they are notes on.
 */
export function noteReportNotes(notes: readonly string[], output: string, ctx: RunContext, about = ''): void {
    if (output === 'json' || output === 'yaml') return;
    for (const n of notes) ctx.note(`note: ${about}${n}`);
}
