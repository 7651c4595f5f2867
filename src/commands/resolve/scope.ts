import { dnsConfigFor, type DnsConfigFlags } from '../../core/dns/corefile.js';
import { primaryZone } from '../../core/dns/dns-config.js';
import { queriedNamespaces, resolvConfForPod, searchCandidates, type ResolvConf, type StubFlavour } from '../../core/dns/index.js';
import { mergeSnapshots } from '../../core/snapshot.js';
import { isIP } from 'node:net';
import type { Deps } from '../../deps.js';
import type { ChangeSource } from '../common/interactive.js';
import type { ResolveOptions } from './options.js';
import type { LiveSource } from '../../adapters/kube/index.js';
import { noteMissingFacts, type LoadedCluster } from '../common/load-cluster.js';

/**
 * A live `resolve` reads only the namespaces its names can reach: the one it starts from (the command's, or
 * --as-pod's) with kube-system's DNS objects, and the namespaces its search-list candidates name (`web-0.nginx` with
 * the default search list also tries namespace `nginx`); every namespace for PTR names. So a lookup costs a few
 * requests in small namespaces, not a list of every pod in the cluster, and every expected answer is still computed
 * from everything that decides it.
 *
 * The cluster domain is known only once the Corefile is read, so the first round reads what the default (or --zone)
 * domain and the kubelet search list imply (`guessQueriedNamespaces`), and `widenToQueriedNamespaces` then reads
 * whatever the real Corefile and resolv.conf add: usually nothing, so one round of requests, as kubectl makes.
 */
export function guessQueriedNamespaces(names: string[], namespace: string, flags: DnsConfigFlags, stub: StubFlavour): string[] | 'all' {
    const config = dnsConfigFor(undefined, flags);
    const resolv = resolvConfForPod({ namespace, zone: primaryZone(config), clusterDnsIPs: ['10.96.0.10'] });
    const wanted = queriedNamespaces(
        names.flatMap((n) => searchCandidates(n, resolv, stub)),
        config,
    );
    return wanted === 'all' ? 'all' : [...wanted].sort();
}

export async function widenToQueriedNamespaces(
    cluster: LoadedCluster,
    names: string[],
    resolv: ResolvConf,
    stub: StubFlavour,
    deps: Deps,
): Promise<string[] | 'all'> {
    if (!cluster.live || cluster.namespacesRead === 'all') return [];
    const done = new Set(cluster.namespacesRead ?? []);
    const candidates = names.flatMap((n) => searchCandidates(n, resolv, stub));
    const wanted = queriedNamespaces(candidates, cluster.dnsConfig);
    const read = (namespace: string | null) =>
        cluster.live!.loadSnapshot({
            namespace,
            pods: true,
            statefulSets: false,
            endpointSlices: true,
            corednsConfig: false,
            namespaces: false,
            apiServerService: false,
        });
    const more = wanted === 'all' ? null : [...wanted].filter((ns) => !done.has(ns)).sort();
    const reads = await Promise.all(more === null ? [read(null)] : more.map((ns) => read(ns)));
    for (const snap of reads) {
        cluster.snapshot = mergeSnapshots(cluster.snapshot, snap);
        noteMissingFacts(cluster, snap.missing, deps);
    }
    cluster.namespacesRead = more === null ? 'all' : [...done, ...more];
    return more ?? 'all';
}

/** --watch: watches on every namespace the names reach through the search list (every namespace for an address). */
export function watchReachedNamespaces(live: LiveSource, names: string[], opts: ResolveOptions): ChangeSource {
    const namespace = opts.namespace ?? live.target.namespace ?? 'default';
    const reach = names.some((n) => isIP(n)) ? 'all' : guessQueriedNamespaces(names, namespace, { zone: opts.zone }, opts.stub ?? 'glibc');
    const feeds = reach === 'all' ? [live.changes(null)] : [...new Set([namespace, ...reach])].map((ns) => live.changes(ns));
    return { take: () => feeds.flatMap((f) => f.take()), close: () => feeds.forEach((f) => f.close()) };
}
