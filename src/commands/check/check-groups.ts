/**
 * What `check` checks, as groups of Services each with the snapshot its explanations read: one group over the whole
 * snapshot (files, --demo, -n, -l, named Services), or for `check -A` on a live cluster one group per namespace, each
 * read when the run reaches it (the next one is read while the current one is checked) and let go after, so memory
 * holds about two namespaces rather than the cluster. Both give the same report (test/cli/check-by-namespace.test.ts).
 */
import type { ClusterScope } from '../../adapters/kube/index.js';
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

/** How many namespaces are read ahead of the one being checked: enough to hide the API's latency, few for memory. */
const READ_AHEAD = 3;

/**
 * One group per namespace (services sorted by namespace, as check orders them), read from the live cluster. The
 * first namespaces are read at once, while `scope` (the pass over all pods and slices) is still running.
 */
export function namespacePlan(cluster: LoadedCluster, scope: Promise<ClusterScope | null>, services: Service[]): CheckPlan {
    const live = cluster.live!;
    const byNamespace = new Map<string, Service[]>();
    for (const s of services) {
        const list = byNamespace.get(nsOf(s));
        if (list) list.push(s);
        else byNamespace.set(nsOf(s), [s]);
    }
    const namespaces = [...byNamespace.keys()];
    const reads = new Map<string, ReturnType<typeof live.readNamespace>>();
    const readAhead = (from: number) => {
        for (const ns of namespaces.slice(from, from + READ_AHEAD + 1)) {
            if (reads.has(ns)) continue;
            const r = live.readNamespace(ns);
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
        owners: (ips) => ownersOf(cluster, ips),
        abandon: () => reads.clear(),
    };
}

/**
 * A namespace as the whole snapshot would show it to its Services: the cluster-wide objects, this namespace's pods
 * and slices, the CoreDNS pods, the slices of other namespaces that share an endpoint address with it (in list order,
 * around this namespace's own), and the facts about all pods.
 */
function namespaceSnapshot(
    scope: ClusterScope,
    ns: string,
    got: { pods: Pod[]; endpointSlices: ClusterSnapshot['endpointSlices']; missing: ClusterSnapshot['missing'] },
): ClusterSnapshot {
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
        statefulSets: base.statefulSets.filter((s) => nsOf(s) === ns),
        missing: [...base.missing, ...got.missing],
        clusterWide: scope.pods.facts(),
    };
}

/** Address owners for the addresses differences name: every Service, and the pods holding one of `ips` (one more pass). */
async function ownersOf(cluster: LoadedCluster, ips: Set<string>): Promise<AddressOwners> {
    let pods: Pod[] = [];
    if (ips.size) {
        await cluster.live!.scanPods(
            (page) => pods.push(...page.filter((p) => podIPs(p).some((ip) => ips.has(ip.toLowerCase())))),
            () => (pods = []),
        );
    }
    return addressOwners({ ...emptySnapshot(cluster.snapshot.origin), services: cluster.snapshot.services, pods });
}
