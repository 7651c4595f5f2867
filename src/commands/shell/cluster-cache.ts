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
import { SvcdigError } from '../../errors.js';

const EVERYTHING = {
    namespace: null,
    pods: true,
    statefulSets: true,
    endpointSlices: true,
    corednsConfig: true,
    namespaces: true,
    apiServerService: true,
} as const;
const { namespace: _everyNamespace, ...ONE_NAMESPACE } = EVERYTHING;

/** A cluster-wide list refused with 403 (svcdig's wording: adapters/kube/api-errors.ts). */
function forbiddenEverywhere(err: unknown): err is SvcdigError {
    return err instanceof SvcdigError && err.kind === 'config' && / in all namespaces \(403\)$/.test(err.message);
}

export class ClusterCache {
    private constructor(
        public cluster: LoadedCluster,
        private readonly opts: ShellOptions,
        private readonly ctx: RunContext,
        private readonly feed: ChangeFeed | undefined,
        private readonly needs: typeof EVERYTHING | typeof ONE_NAMESPACE,
    ) {}

    static async open(opts: ShellOptions, ctx: RunContext): Promise<ClusterCache> {
        let cluster: LoadedCluster;
        try {
            cluster = await loadCluster(opts, ctx, EVERYTHING);
        } catch (err) {
            if (!forbiddenEverywhere(err)) throw err;
            return ClusterCache.openOneNamespace(opts, ctx, err);
        }
        // Watches start at the collections' current resourceVersion: only what changes after this read arrives.
        return new ClusterCache(cluster, opts, ctx, cluster.live?.changes(null), EVERYTHING);
    }

    /**
     * A user allowed to list only their namespace (a RoleBinding, no ClusterRoleBinding) still gets a session: that
     * namespace and kube-system's DNS objects, read once as `resolve` reads them, and nothing more per line (names in
     * other namespaces are then expected to have no records, which the note says).
     */
    private static async openOneNamespace(opts: ShellOptions, ctx: RunContext, why: SvcdigError): Promise<ClusterCache> {
        const cluster = { ...(await loadCluster(opts, ctx, ONE_NAMESPACE)), namespacesRead: 'all' as const };
        ctx.note(`note: ${why.message}: the session reads namespace ${cluster.namespace} only; names in other namespaces are expected to have no records`);
        return new ClusterCache(cluster, opts, ctx, cluster.live?.changes(cluster.namespace), ONE_NAMESPACE);
    }

    /** The changes the API reported since the last call; when there are some, the cluster is read again first. */
    async refresh(): Promise<string[]> {
        const seen = this.feed?.take() ?? [];
        if (seen.length === 0) return seen;
        const fresh = await loadCluster(this.opts, this.ctx, this.needs);
        this.cluster = { ...fresh, namespace: this.cluster.namespace, namespacesRead: 'all' };
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
