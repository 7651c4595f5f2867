/**
 * The session's cluster: read once (live: every namespace, since a name can reach any through the search list), then
 * kept current as `--watch` keeps its view (commands/common/interactive.ts): the API's watches report changes, and
 * the cluster is read again only when some arrived, before the next line is answered. A line never reads the API
 * otherwise; DNS is asked fresh for every line.
 */
import type { ChangeFeed } from '../../adapters/kube/change-feed.js';
import type { RunContext } from '../../context.js';
import { loadCluster, type LoadedCluster } from '../common/load-cluster.js';
import type { ShellOptions } from './options.js';
import type { CompletionNames } from '../../core/shell/complete.js';
import { nsOf } from '../../core/snapshot.js';

const EVERYTHING = {
    namespace: null,
    pods: true,
    statefulSets: true,
    endpointSlices: true,
    corednsConfig: true,
    namespaces: true,
    apiServerService: true,
} as const;

export class ClusterCache {
    private constructor(
        public cluster: LoadedCluster,
        private readonly opts: ShellOptions,
        private readonly ctx: RunContext,
        private readonly feed: ChangeFeed | undefined,
    ) {}

    static async open(opts: ShellOptions, ctx: RunContext): Promise<ClusterCache> {
        const cluster = await loadCluster(opts, ctx, EVERYTHING);
        // Watches start at the collections' current resourceVersion: only what changes after this read arrives.
        return new ClusterCache(cluster, opts, ctx, cluster.live?.changes(null));
    }

    /** The changes the API reported since the last call; when there are some, the cluster is read again first. */
    async refresh(): Promise<string[]> {
        const seen = this.feed?.take() ?? [];
        if (seen.length === 0) return seen;
        const fresh = await loadCluster(this.opts, this.ctx, EVERYTHING);
        this.cluster = { ...fresh, namespace: this.cluster.namespace };
        return seen;
    }

    /** Names the cache holds, for tab completion. */
    names(namespace: string): CompletionNames {
        const s = this.cluster.snapshot;
        const pair = (o: { metadata: { name: string; namespace?: string } }): [string, string] => [nsOf(o), o.metadata.name];
        return {
            namespace,
            namespaces: [...new Set([...s.namespaces.map((n) => n.metadata.name), ...s.services.map(nsOf)])],
            services: s.services.map(pair),
            pods: s.pods.map(pair),
            // kubelet gives a pod with hostname and subdomain the name HOSTNAME.SUBDOMAIN (Kubernetes docs, DNS for Services and Pods)
            podNames: s.pods.filter((p) => p.spec.hostname && p.spec.subdomain).map((p) => [nsOf(p), `${p.spec.hostname}.${p.spec.subdomain}`]),
        };
    }

    close(): void {
        this.feed?.close();
    }
}
