import { Command } from 'commander';
import { typeNameWords } from '../../core/object-ref.js';
import { usageError } from '../../errors.js';
import type { RunContext } from '../../context.js';
import { addOutputOptions, addSourceOptions } from '../common/options.js';
import type { ExplainOptions } from './run.js';

/** What root help lists of explain: its name, arguments and description (cli.ts builds the flags only for the command that runs). */
export function explainHead(): Command {
    return new Command('explain')
        .description(
            "a Service's anatomy: type, ports → target ports per pod, selector → pods → endpoints, every DNS name and record it creates, the env vars it gives pods, and findings",
        )
        .argument('[service]', 'Service name (in -n NAMESPACE); on a terminal, omit it to choose from a list');
}

export function explainCommand(ctx: RunContext): Command {
    const cmd = explainHead().option(
        '-w, --watch',
        're-render when something changes: as the API reports changes (live) or every 2s (files, demo) (Ctrl-C to stop)',
    );
    addSourceOptions(cmd);
    addOutputOptions(cmd, 'explain', 'describe');
    cmd.addHelpText(
        'after',
        `
Examples:
  # the StatefulSet's headless Service of the demo: per-pod names, SRV, PTR
  svcdig explain nginx --demo
  # a selector-less Service from manifests, as JSON for scripts
  svcdig explain my-service -f cluster.yaml -o json`,
    );
    // kubectl's TYPE NAME order (explain svc nginx, as kubectl get svc nginx) takes two words: core/object-ref.ts
    cmd.allowExcessArguments(true);
    cmd.action(async (_first: string | undefined, opts: ExplainOptions, self: Command) => {
        const named = typeNameWords(self.args);
        if (named.length > 1) throw usageError(`explain takes one Service, got ${named.length}: ${named.join(', ')}`, tooManyHint(named));
        const { runExplain } = await import('./run.js');
        await runExplain(named[0], opts, ctx);
    });
    return cmd;
}

/** After `--` every word is an argument, flags too, as in kubectl: say so when a flag landed there. */
const tooManyHint = (words: string[]) =>
    words.some((w) => w.startsWith('-'))
        ? 'after --, every word is an argument, flags too (as in kubectl): put flags before --'
        : 'example: svcdig explain nginx --demo';
