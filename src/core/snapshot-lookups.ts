import type { EndpointSlice, Pod, Service } from './k8s.js';
import { effectiveEndpointSlices, key, nsOf, SERVICE_NAME_LABEL, type ClusterSnapshot } from './snapshot.js';

/**
 * Lookups over one snapshot, built once and shared by every Service a command looks at, so that checking S Services
 * over P pods costs O(S + P) rather than O(S × P). A snapshot is never changed after it is read.
 */
export interface SnapshotIndex {
    podsByNamespace: Map<string, Pod[]>;
    podByKey: Map<string, Pod>;
    /** `${namespace}\u0000${label}=${value}` → pods carrying that label. */
    podsByLabel: Map<string, Pod[]>;
    /** effectiveEndpointSlices by `${namespace}/${service}` (the kubernetes.io/service-name label). */
    slicesByService: Map<string, EndpointSlice[]>;
    /** Services by namespace, in snapshot order. */
    servicesByNamespace: Map<string, Service[]>;
    /** Services by `${namespace}/${name}`. */
    serviceByKey: Map<string, Service>;
    /** EndpointSlices without the kubernetes.io/service-name label, by namespace (CoreDNS ignores them). */
    unlabeledSlicesByNamespace: Map<string, EndpointSlice[]>;
    /** Results computed once per snapshot and key (per-namespace facts every Service of the namespace shares). */
    memo: Map<string, unknown>;
}

const cache = new WeakMap<ClusterSnapshot, SnapshotIndex>();

export function snapshotIndex(snapshot: ClusterSnapshot): SnapshotIndex {
    const hit = cache.get(snapshot);
    if (hit) return hit;
    const podsByNamespace = new Map<string, Pod[]>();
    const podByKey = new Map<string, Pod>();
    const podsByLabel = new Map<string, Pod[]>();
    const push = <T>(m: Map<string, T[]>, k: string, v: T) => {
        const list = m.get(k);
        if (list) list.push(v);
        else m.set(k, [v]);
    };
    for (const pod of snapshot.pods) {
        const ns = nsOf(pod);
        push(podsByNamespace, ns, pod);
        podByKey.set(key(ns, pod.metadata.name), pod);
        for (const [k, v] of Object.entries(pod.metadata.labels ?? {})) push(podsByLabel, `${ns}\u0000${k}=${v}`, pod);
    }
    const slicesByService = new Map<string, EndpointSlice[]>();
    for (const slice of effectiveEndpointSlices(snapshot)) {
        const svc = slice.metadata.labels?.[SERVICE_NAME_LABEL];
        if (svc) push(slicesByService, key(nsOf(slice), svc), slice);
    }
    const { servicesByNamespace, serviceByKey } = serviceLookups(snapshot.services);
    const unlabeledSlicesByNamespace = new Map<string, EndpointSlice[]>();
    for (const slice of snapshot.endpointSlices) {
        if (slice.metadata.labels?.[SERVICE_NAME_LABEL] === undefined) push(unlabeledSlicesByNamespace, nsOf(slice), slice);
    }
    const index = {
        podsByNamespace,
        podByKey,
        podsByLabel,
        slicesByService,
        servicesByNamespace,
        serviceByKey,
        unlabeledSlicesByNamespace,
        memo: new Map<string, unknown>(),
    };
    cache.set(snapshot, index);
    return index;
}

/** Per list of Services (check -A shares one list among its namespaces' snapshots, check-groups.ts). */
const serviceLookupCache = new WeakMap<Service[], Pick<SnapshotIndex, 'servicesByNamespace' | 'serviceByKey'>>();

function serviceLookups(services: Service[]): Pick<SnapshotIndex, 'servicesByNamespace' | 'serviceByKey'> {
    const hit = serviceLookupCache.get(services);
    if (hit) return hit;
    const servicesByNamespace = new Map<string, Service[]>();
    const serviceByKey = new Map<string, Service>();
    for (const svc of services) {
        const list = servicesByNamespace.get(nsOf(svc));
        if (list) list.push(svc);
        else servicesByNamespace.set(nsOf(svc), [svc]);
        serviceByKey.set(key(nsOf(svc), svc.metadata.name), svc);
    }
    const lookups = { servicesByNamespace, serviceByKey };
    serviceLookupCache.set(services, lookups);
    return lookups;
}

/** Pods in `namespace` that carry every label of `selector` (candidates come from the rarest label). */
export function podsWithLabels(snapshot: ClusterSnapshot, namespace: string, selector: Record<string, string>): Pod[] {
    const idx = snapshotIndex(snapshot);
    const pairs = Object.entries(selector);
    if (pairs.length === 0) return [];
    let smallest: Pod[] | undefined;
    for (const [k, v] of pairs) {
        const list = idx.podsByLabel.get(`${namespace}\u0000${k}=${v}`);
        if (!list) return [];
        if (!smallest || list.length < smallest.length) smallest = list;
    }
    return (smallest ?? []).filter((p) => pairs.every(([k, v]) => p.metadata.labels?.[k] === v));
}

/** Services of one namespace, in snapshot order. */
export function servicesIn(snapshot: ClusterSnapshot, namespace: string): Service[] {
    return snapshotIndex(snapshot).servicesByNamespace.get(namespace) ?? [];
}

/** The Service `namespace/name`, if the snapshot has it. */
export function serviceNamed(snapshot: ClusterSnapshot, namespace: string, name: string): Service | undefined {
    return snapshotIndex(snapshot).serviceByKey.get(key(namespace, name));
}

/** `compute()` once per snapshot and key: facts every Service of a namespace shares (its env var clashes…). */
export function memoized<T>(snapshot: ClusterSnapshot, memoKey: string, compute: () => T): T {
    const memo = snapshotIndex(snapshot).memo;
    if (memo.has(memoKey)) return memo.get(memoKey) as T;
    const value = compute();
    memo.set(memoKey, value);
    return value;
}
