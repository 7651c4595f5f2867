import { RunContext } from '../../context.js';
import { withoutQueryNoise } from '../../core/watch-steady.js';
import { printReport } from '../../render/registry.js';
import { printOptions } from '../common/print.js';
import { watchLoop } from '../common/interactive.js';
import { connectForChanges } from '../common/load-cluster.js';
import type { ResolveOptions } from './options.js';
import { runResolve } from './run.js';
import type { NamedQuery } from './dig-words.js';
import { watchReachedNamespaces } from './scope.js';

/**
 * resolve --watch: each round resolves into a buffer; the loop shows it when the report changed. A round-trip time,
 * query ID or reply port that differs is no change (core/watch-steady.ts), so only DNS answers and cluster state mark lines.
 */
export async function watchResolve(names: NamedQuery[], opts: ResolveOptions, ctx: RunContext): Promise<void> {
    // Live: a round starts as the API reports a change in a namespace the names reach (scope.ts).
    const live = await connectForChanges(opts, ctx.deps);
    const changes = live
        ? watchReachedNamespaces(
              live,
              names.map((n) => n.name),
              opts,
          )
        : undefined;
    await watchLoop(
        ctx,
        2000,
        async () => {
            let text = '';
            const round = new RunContext({ ...ctx.deps, stdout: { ...ctx.deps.stdout, write: (t: string) => void (text += t) } });
            round.verbose = ctx.verbose;
            const { report, exchanges } = await runResolve(names, opts, round);
            ctx.raise(round.exitCode);
            const steady = withoutQueryNoise(report, exchanges);
            return { text, compared: printReport('resolve', steady, printOptions(opts, opts.output, round)) };
        },
        changes,
    );
}
