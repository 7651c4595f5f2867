/**
 * `check --context a --context b …` and `--all-contexts`: one check per kubeconfig context, a few at a time, in one
 * process (one cold start, one report). A context that cannot be checked (its API server refuses the connection,
 * its user is forbidden to list Services, nothing matches) is reported as such and does not stop the others; the exit
 * code is the worst of all contexts' (errors.ts worstExitCode).
 */
import { API_VERSION, type ApiVersion } from '../../core/api-version.js';
import type { CheckReport } from '../../core/check-report.js';
import { RunContext } from '../../context.js';
import type { Deps } from '../../deps.js';
import { ExitCode, SvcdigError, usageError, worstExitCode } from '../../errors.js';
import { printable } from '../../render/escape.js';
import { githubForContext } from '../../render/github.js';
import { printReport } from '../../render/registry.js';
import { renderJson, renderYaml } from '../../render/structured.js';
import { printOptions } from '../common/print.js';
import type { OutputOptions } from '../common/options.js';

/** How many contexts are checked at once: each holds a connection, a namespace and its DNS queries in flight. */
export const CONTEXT_CONCURRENCY = 4;

/** One context's outcome: its report, or why it could not be checked. */
export type ContextResult = { context: string; exitCode: ExitCode } & ({ report: CheckReport } | { error: string });

/** The JSON/YAML report of a check across contexts. */
export interface ContextsReport {
    apiVersion: ApiVersion;
    kind: 'CheckReportList';
    contexts: ContextResult[];
    summary: { contexts: number; passed: number; failed: number; notChecked: number; exitCode: ExitCode };
}

/** The contexts to check: --all-contexts (every context of the kubeconfig, sorted) or the --context values, once each. */
export async function contextsToCheck(opts: { context?: string | string[]; allContexts?: boolean; kubeconfig?: string }, deps: Deps): Promise<string[]> {
    const named = [...new Set(typeof opts.context === 'string' ? [opts.context] : (opts.context ?? []))];
    if (!opts.allContexts) return named;
    if (named.length) throw usageError('use --context or --all-contexts, not both');
    const { listContexts } = await import('../../adapters/kube/index.js');
    const all = await listContexts({ kubeconfig: opts.kubeconfig, env: deps.env });
    if (all.length === 0) throw new SvcdigError('config', '--all-contexts: the kubeconfig has no contexts');
    return all;
}

/**
 * Runs `checkOne` for every context, CONTEXT_CONCURRENCY at a time. Each gets its own RunContext whose stderr lines
 * name the context (their notes interleave), and whose exit code is that context's.
 */
export async function checkContexts(
    contexts: string[],
    ctx: RunContext,
    checkOne: (context: string, sub: RunContext) => Promise<{ report: CheckReport; exitCode: ExitCode }>,
): Promise<ContextResult[]> {
    const results: ContextResult[] = new Array(contexts.length);
    let next = 0;
    const worker = async () => {
        for (let i = next++; i < contexts.length; i = next++) {
            const context = contexts[i]!;
            const sub = new RunContext(prefixedDeps(ctx.deps, `context ${context}: `));
            sub.debug = ctx.debug;
            sub.verbose = ctx.verbose;
            try {
                const { report, exitCode } = await checkOne(context, sub);
                results[i] = { context, exitCode: worstExitCode(sub.exitCode, exitCode), report };
            } catch (err) {
                if (!(err instanceof SvcdigError)) throw err;
                // said on stderr too, as a single check says its error there, for readers of -o json
                sub.note(`not checked: ${err.message}`);
                if (err.hint) sub.note(`hint: ${err.hint}`);
                results[i] = { context, exitCode: worstExitCode(sub.exitCode, err.exitCode), error: err.message };
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(CONTEXT_CONCURRENCY, contexts.length) }, worker));
    return results;
}

/** stderr lines start with `prefix`; stdout is the caller's to write. */
function prefixedDeps(deps: Deps, prefix: string): Deps {
    let atLineStart = true;
    const write = (text: string) => {
        const out = text.replace(/([^\n]*)(\n|$)/g, (_m, line: string, nl: string) => {
            if (line === '' && nl === '') return '';
            const head = atLineStart && line !== '' ? printable(prefix) : '';
            atLineStart = nl === '\n';
            return head + line + nl;
        });
        deps.stderr.write(out);
    };
    return { ...deps, stderr: { ...deps.stderr, write } };
}

export function contextsReport(results: ContextResult[]): ContextsReport {
    const worst = results.reduce<ExitCode>((w, r) => worstExitCode(w, r.exitCode), ExitCode.ok);
    return {
        apiVersion: API_VERSION,
        kind: 'CheckReportList',
        contexts: results,
        summary: {
            contexts: results.length,
            passed: results.filter((r) => 'report' in r && r.exitCode === ExitCode.ok).length,
            failed: results.filter((r) => 'report' in r && r.exitCode !== ExitCode.ok).length,
            notChecked: results.filter((r) => 'error' in r).length,
            exitCode: worst,
        },
    };
}

/**
 * The report in the -o format: JSON and YAML as one document with a `contexts` list; the table and wide formats as
 * one section per context (its usual output under a `context NAME` line), github as one log group per context with
 * the context in each annotation's title; a context that could not be checked as one line saying why.
 */
export function printContexts(all: ContextsReport, opts: Pick<OutputOptions, 'output' | 'color' | 'headers'> & { quiet?: boolean }, ctx: RunContext): string {
    if (opts.output === 'json') return renderJson(all);
    if (opts.output === 'yaml') return renderYaml(all);
    const o = printOptions(opts, opts.output, ctx);
    const github = opts.output === 'github';
    return all.contexts
        .map((r) => {
            if ('error' in r) {
                const line = `context ${r.context}: not checked: ${r.error} (exit ${r.exitCode})`;
                return github ? `::error title=svcdig context ${printable(r.context)}::${printable(line)}\n` : `${printable(line)}\n`;
            }
            const body = printReport('check', r.report, o);
            return github ? githubForContext(body, r.context) : `${o.styler.bold(printable(`context ${r.context}`))}\n${body}`;
        })
        .join(github ? '' : '\n');
}
