import { Argument, Command } from 'commander';
import type { RunContext } from '../context.js';
import { addSourceOptions, type SourceOptions } from './options.js';

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
        const { listContexts } = await import('../adapters/kube/index.js');
        return listContexts({ kubeconfig: opts.kubeconfig, env: ctx.deps.env });
    }
    const { loadCluster } = await import('./load-cluster.js');
    const { nsOf } = await import('../core/snapshot.js');
    const cluster = await loadCluster(opts, ctx.deps, {
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
    return [...new Set(names)].sort();
}
