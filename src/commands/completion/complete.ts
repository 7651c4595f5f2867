import { Argument, Command } from 'commander';
import type { RunContext } from '../../context.js';
import { addSourceOptions, type SourceOptions } from '../common/options.js';
import { printable } from '../../render/escape.js';

/**
 * Hidden `__complete KIND`: prints one name per line for shell completion (namespaces, services, pods, contexts),
 * read with the same flags as the command being completed. Never prints errors: completion must stay quiet.
 */
export function completeCommand(ctx: RunContext): Command {
    const cmd = new Command('__complete')
        .description('(hidden) names for shell completion')
        .addArgument(new Argument('<kind>').choices(['namespaces', 'services', 'pods', 'contexts']))
        .option('-A, --all-namespaces', 'every namespace');
    addSourceOptions(cmd);
    cmd.action(async (kind: string, opts: SourceOptions) => {
        try {
            const names = await completionNames(kind, opts, ctx);
            if (names.length) ctx.deps.stdout.write(names.join('\n') + '\n');
        } catch {
            /* quiet: completion offers nothing rather than an error */
        }
    });
    return cmd;
}

async function completionNames(kind: string, opts: SourceOptions, ctx: RunContext): Promise<string[]> {
    if (kind === 'contexts') {
        const { listContexts } = await import('../../adapters/kube/index.js');
        return listContexts({ kubeconfig: opts.kubeconfig, env: ctx.deps.env });
    }
    const { loadCluster } = await import('../common/load-cluster.js');
    const { nsOf } = await import('../../core/snapshot.js');
    // Completion stays quiet: objects left out at the boundary are neither noted nor an exit code here.
    const quiet = { deps: { ...ctx.deps, stderr: { write: () => {}, isTTY: false } }, raise: () => {} };
    const cluster = await loadCluster(opts, quiet, {
        namespace: kind === 'namespaces' ? null : undefined,
        pods: kind === 'pods',
        statefulSets: false,
        endpointSlices: false,
        corednsConfig: false,
        namespaces: kind === 'namespaces',
    });
    const s = cluster.snapshot;
    const inNs = <T extends { metadata: { namespace?: string; name: string } }>(list: T[]) =>
        list.filter((o) => opts.allNamespaces || nsOf(o) === cluster.namespace).map((o) => o.metadata.name);
    const names =
        kind === 'namespaces'
            ? [...new Set([...s.namespaces.map((n) => n.metadata.name), ...s.services.map(nsOf), ...s.pods.map(nsOf)])]
            : kind === 'services'
              ? inNs(s.services)
              : inNs(s.pods);
    // A name the shell would show with control characters in it (or split at a line break) is not offered: it is no
    // valid Kubernetes name, and escaped it would name nothing.
    return [...new Set(names)].filter((n) => printable(n) === n).sort();
}

/** Hidden `__complete-words WORDS...`: cobra-style completion for `kubectl svcdig` (see bin/kubectl_complete-svcdig). */
export function completeWordsCommand(ctx: RunContext, program: () => Command): Command {
    return new Command('__complete-words')
        .description('(hidden) kubectl plugin completion')
        .argument('[words...]')
        .allowUnknownOption(true)
        .helpOption(false)
        .action(async (words: string[]) => {
            const { completionTree } = await import('../../completion/command-tree.js');
            const { completeWords } = await import('../../completion/complete-words.js');
            const result = await completeWords(completionTree(program()), words.length ? words : [''], async (kind, pass) => {
                let out = '';
                const capture = new (await import('../../context.js')).RunContext({
                    ...ctx.deps,
                    stdout: { ...ctx.deps.stdout, write: (t: string) => void (out += t) },
                });
                const cmd = completeCommand(capture);
                cmd.exitOverride();
                try {
                    await cmd.parseAsync([kind, ...pass], { from: 'user' });
                } catch {
                    /* quiet */
                }
                return out.split('\n').filter((l) => l !== '');
            });
            ctx.deps.stdout.write([...result.candidates, `:${result.directive}`].join('\n') + '\n');
        });
}
