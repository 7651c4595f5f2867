/**
 * What `check` checks, as groups of Services each with the snapshot its explanations read: one group over the whole
 * snapshot (--demo, -n, -l, named Services), or for `check -A` one group per namespace, each read when the run
 * reaches it (from a live cluster the next ones are read while the current one is checked; from files, parsed from the
 * text they are held as) and let go after, so memory holds a few namespaces rather than the cluster. Both give the
 * same report (test/cli/check-by-namespace.test.ts, test/cli/check-files-by-namespace.test.ts).
 */
import type { ClusterScope, NamespaceObjects } from '../../core/cluster-wide.js';
import { addressOwners, type AddressOwners } from '../../core/difference-reasons.js';
import { clusterFindings } from '../../core/findings/catalogue.js';
import type { Finding } from '../../core/findings/finding.js';
import type { Pod, Service } from '../../core/k8s.js';
import { podIPs } from '../../core/pods.js';
import { nsOf, type ClusterSnapshot } from '../../core/snapshot.js';
import { emptySnapshot } from '../../core/snapshot.js';
import type { LoadedCluster } from '../common/load-cluster.js';

export interface CheckGroup {
    services: Service[];
    /** The snapshot (and DNS config) these Services are explained from. */
    load(): Promise<Pick<LoadedCluster, 'snapshot' | 'dnsConfig'>>;
}

export interface CheckPlan {
    /** The cluster as a whole: DNS transport, notes, cluster-wide findings. */
    cluster: LoadedCluster;
    groups: CheckGroup[];
    /** Every cluster finding (before check's -n filter). */
    clusterFindings(): Promise<Finding[]>;
    /** Who owns the addresses `ips` (for difference reasons), computed after the checks. */
    owners(ips: Set<string>): Promise<AddressOwners>;
    /** The plan will not be run: reads started ahead are dropped. */
    abandon(): void;
}

/** The whole snapshot as one group. */
export function wholePlan(cluster: LoadedCluster, services: Service[]): CheckPlan {
    let owners: AddressOwners | undefined;
    return {
        cluster,
        groups: [{ services, load: async () => cluster }],
        clusterFindings: async () => clusterFindings(cluster.snapshot, cluster.dnsConfig),
        // built once: the report may look owners up more than once (explained-services.ts)
        owners: async () => (owners ??= addressOwners(cluster.snapshot)),
        abandon: () => {},
    };
}

/** Where a namespace-by-namespace check reads each namespace's objects from: the live cluster or the files' text. */
export interface NamespaceSource {
    readNamespace(namespace: string): Promise<NamespaceObjects>;
    /** How many namespaces are read ahead of the one being checked. */
    readAhead: number;
    /** Every pod holding one of `ips` (lower case), in list order. */
    podsHolding(ips: Set<string>): Promise<Pod[]>;
}

/**
 * A live cluster's namespaces: three read ahead of the one being checked, enough to hide the API's latency and few
 * for memory; the pods for address owners in one more pass over all pods.
 */
export function liveNamespaces(cluster: LoadedCluster): NamespaceSource {
    const live = cluster.live!;
    return {
        readNamespace: (ns) => live.readNamespace(ns),
        readAhead: 3,
        podsHolding: async (ips) => {
            let pods: Pod[] = [];
            await live.scanPods(
                (page) => pods.push(...page.filter((p) => podIPs(p).some((ip) => ips.has(ip.toLowerCase())))),
                () => (pods = []),
            );
            return pods;
        },
    };
}

/**
 * One group per namespace (services sorted by namespace, as check orders them), read from `source`. The first
 * namespaces are read at once, while `scope` (the pass over all pods and slices) may still be running.
 */
export function namespacePlan(cluster: LoadedCluster, scope: Promise<ClusterScope | null>, services: Service[], source: NamespaceSource): CheckPlan {
    const byNamespace = new Map<string, Service[]>();
    for (const s of services) {
        const list = byNamespace.get(nsOf(s));
        if (list) list.push(s);
        else byNamespace.set(nsOf(s), [s]);
    }
    const namespaces = [...byNamespace.keys()];
    const reads = new Map<string, Promise<NamespaceObjects>>();
    const readAhead = (from: number) => {
        for (const ns of namespaces.slice(from, from + source.readAhead + 1)) {
            if (reads.has(ns)) continue;
            const r = source.readNamespace(ns);
            r.catch(() => {}); // awaited when its group loads; a failure read ahead must not go unhandled meanwhile
            reads.set(ns, r);
        }
    };
    readAhead(0);
    const groups = namespaces.map((ns, i) => ({
        services: byNamespace.get(ns)!,
        load: async () => {
            readAhead(i);
            const got = await reads.get(ns)!;
            reads.delete(ns);
            return { snapshot: namespaceSnapshot((await scope)!, ns, got), dnsConfig: cluster.dnsConfig };
        },
    }));
    return {
        cluster,
        groups,
        clusterFindings: async () => (await scope)!.pods.clusterFindings(cluster.dnsConfig),
        owners: async (ips) =>
            addressOwners({
                ...emptySnapshot(cluster.snapshot.origin),
                services: cluster.snapshot.services,
                pods: ips.size ? await source.podsHolding(ips) : [],
            }),
        abandon: () => reads.clear(),
    };
}

/**
 * A namespace as the whole snapshot would show it to its Services: the cluster-wide objects, this namespace's pods
 * and slices, the CoreDNS pods, the slices of other namespaces that share an endpoint address with it (in list order,
 * around this namespace's own), and the facts about all pods.
 */
function namespaceSnapshot(scope: ClusterScope, ns: string, got: NamespaceObjects): ClusterSnapshot {
    const { base } = scope;
    const own = new Set(got.pods.map((p) => p.metadata.name));
    const dnsPods = ns === 'kube-system' ? base.pods.filter((p) => !own.has(p.metadata.name)) : base.pods;
    const shared = scope.sharedSlices.filter((s) => nsOf(s) !== ns);
    // lists come in etcd key order, `<namespace>/<name>` byte by byte
    const firstAfter = shared.findIndex((s) => `${nsOf(s)}/` > `${ns}/`);
    const slices = firstAfter < 0 ? [...shared, ...got.endpointSlices] : [...shared.slice(0, firstAfter), ...got.endpointSlices, ...shared.slice(firstAfter)];
    return {
        ...base,
        pods: [...got.pods, ...dnsPods],
        endpointSlices: slices,
        endpoints: [...base.endpoints, ...(got.endpoints ?? [])],
        statefulSets: base.statefulSets.filter((s) => nsOf(s) === ns),
        missing: [...base.missing, ...got.missing],
        clusterWide: scope.pods.facts(),
    };
}
