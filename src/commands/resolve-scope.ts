import { queriedNamespaces, searchCandidates, type ResolvConf, type StubFlavour } from '../core/dns/index.js';
import { mergeSnapshots } from '../core/snapshot.js';
import type { Deps } from '../deps.js';
import { noteMissingFacts, type LoadedCluster } from './load-cluster.js';

/**
 * A live `resolve` first reads one namespace (the command's, or --as-pod's) with kube-system's DNS objects, then
 * widens the read to exactly the namespaces its search-list candidates name (`web-0.nginx` with the default search
 * list also tries namespace `nginx`), or to the whole cluster for PTR names. So one lookup costs a few requests
 * in small namespaces, not a list of every pod in the cluster, and every expected answer is still computed from
 * everything that decides it.
 */
export async function widenToQueriedNamespaces(
    cluster: LoadedCluster,
    loadedNamespace: string,
    names: string[],
    resolv: ResolvConf,
    stub: StubFlavour,
    deps: Deps,
): Promise<string[] | 'all'> {
    if (!cluster.live) return [];
    const candidates = names.flatMap((n) => searchCandidates(n, resolv, stub));
    const wanted = queriedNamespaces(candidates, cluster.dnsConfig);
    const read = (namespace: string | null) =>
        cluster.live!.loadSnapshot({ namespace, pods: true, statefulSets: false, endpointSlices: true, corednsConfig: false, namespaces: false });
    const more = wanted === 'all' ? null : [...wanted].filter((ns) => ns !== loadedNamespace).sort();
    const reads = await Promise.all(more === null ? [read(null)] : more.map((ns) => read(ns)));
    for (const snap of reads) {
        cluster.snapshot = mergeSnapshots(cluster.snapshot, snap);
        noteMissingFacts(cluster, snap.missing, deps);
    }
    return more ?? 'all';
}
