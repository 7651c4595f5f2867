/**
 * `check -A` on a live cluster, namespace by namespace, so that memory holds the largest namespace rather than the
 * cluster: first what is cluster-wide (every Service, Namespace and StatefulSet, the CoreDNS ConfigMap and pods, and
 * one streamed pass over all pods and EndpointSlices that keeps only core/cluster-wide.ts's digest), then each
 * namespace's pods and EndpointSlices when its Services are checked. Requests: one list per kind, its continue pages,
 * and two lists per namespace that has Services.
 */
import { PodScan, readsOtherNamespaces, SharedEndpointIps, type ClusterScope, type NamespaceObjects } from '../../core/cluster-wide.js';
import type { EndpointSlice, Pod } from '../../core/k8s.js';
import type { ClusterSnapshot, MissingFact } from '../../core/snapshot.js';

export type { ClusterScope, NamespaceObjects } from '../../core/cluster-wide.js';
import { SvcdigError } from '../../errors.js';
import type { ApiClient } from './api-client.js';
import { degrade, K, listAll, readSnapshot, scanAll } from './snapshot-reader.js';

/**
 * The cluster-wide objects (every Service, Namespace and StatefulSet, kube-system/coredns and the CoreDNS pods), and
 * whether this cluster needs the whole read instead: a read that is forbidden (the whole read reports it as a missing
 * fact), or an ExternalName Service that reads another namespace (core/cluster-wide.ts).
 */
export async function readClusterBase(api: ApiClient, origin: string): Promise<{ base: ClusterSnapshot; readWhole: boolean }> {
    const base = await readSnapshot(
        api,
        { namespace: null, needs: { pods: false, statefulSets: true, endpointSlices: false, corednsConfig: true, namespaces: true } },
        origin,
    );
    return { base, readWhole: base.missing.length > 0 || readsOtherNamespaces(base.services) };
}

/**
 * One streamed pass over every pod and EndpointSlice (core/cluster-wide.ts keeps the digest), or null when the
 * cluster needs the whole read: a cluster-wide list that is forbidden, or no discovery.k8s.io/v1 (legacy Endpoints are
 * mirrored per Service across the cluster). `rejected` gets the notes on objects left out, worded as the whole read
 * words them.
 */
export async function scanCluster(api: ApiClient, base: ClusterSnapshot): Promise<{ scope: ClusterScope; rejected: string[] } | null> {
    const rejected = [...(base.rejected ?? [])];
    const pods = new PodScan(base);
    const ips = new SharedEndpointIps();
    const [podsStop, slicesStop] = await Promise.all([
        scanAll<Pod>(
            api,
            K.pods,
            rejected,
            (page) => pods.add(page),
            () => pods.reset(),
        ),
        scanAll<EndpointSlice>(
            api,
            K.endpointslices,
            rejected,
            (page) => ips.add(page),
            () => ips.reset(),
        ),
    ]);
    if (podsStop !== null || slicesStop !== null) return null;
    const sharedSlices = ips.shared.size ? await slicesHolding(api, ips) : [];
    return { scope: { base, pods, sharedSlices }, rejected: [...new Set(rejected)] };
}

/** A second pass over the slices, only when some address is shared: the slices that hold one, in list order. */
async function slicesHolding(api: ApiClient, ips: SharedEndpointIps): Promise<EndpointSlice[]> {
    let out: EndpointSlice[] = [];
    const stop = await scanAll<EndpointSlice>(
        api,
        K.endpointslices,
        [],
        (page) => out.push(...ips.holders(page)),
        () => (out = []),
    );
    if (stop !== null) throw new SvcdigError('unreachable', `the API server at ${api.target.server} refused a second list of EndpointSlices (HTTP ${stop})`);
    return out;
}

/**
 * One namespace's pods and EndpointSlices (two lists, in parallel). Objects left out are left out here too, but noted
 * by the cluster-wide scan (as the whole read words it), so `rejected` stays empty.
 */
export async function readNamespaceObjects(api: ApiClient, namespace: string): Promise<NamespaceObjects> {
    const rejected: string[] = [];
    const [pods, slices] = await Promise.all([
        listAll<Pod>(api, K.pods, namespace, rejected),
        listAll<EndpointSlice>(api, K.endpointslices, namespace, rejected),
    ]);
    const missing: MissingFact[] = [];
    return { pods: degrade(pods, missing, api), endpointSlices: degrade(slices, missing, api), missing };
}

/** Every pod of the cluster, page by page (trimmed), for lookups that need only a few of them. */
export async function scanPods(api: ApiClient, onPage: (pods: Pod[]) => void, onRestart: () => void): Promise<void> {
    const stop = await scanAll<Pod>(api, K.pods, [], onPage, onRestart);
    if (stop !== null) throw new SvcdigError('unreachable', `the API server at ${api.target.server} refused a second list of pods (HTTP ${stop})`);
}
