import type { ConfigMap, Deployment, EndpointAddress, EndpointSlice, EndpointSliceEndpoint, Endpoints, Namespace, Pod, Service, StatefulSet } from './k8s.js';

/** A fact svcdig could not read (forbidden, not served) and what would have given it. */
export interface MissingFact {
    resource: string;
    namespace?: string;
    reason: string;
    /** The RBAC rule that would give it, in words: "list pods in namespace dev". */
    needs?: string;
}

/**
 * Everything svcdig knows about a cluster at one moment, from files, the demo or the live API.
 * The core computes from this alone.
 */
export interface ClusterSnapshot {
    /** Namespaces known to exist. `namespacesKnown` false means the list could not be read. */
    namespaces: Namespace[];
    namespacesKnown: boolean;
    services: Service[];
    endpointSlices: EndpointSlice[];
    /** Legacy Endpoints; used only for Services that have no EndpointSlice (mirroring). */
    endpoints: Endpoints[];
    pods: Pod[];
    statefulSets: StatefulSet[];
    deployments: Deployment[];
    /** kube-system/coredns (key Corefile), when readable. */
    corednsConfigMap?: ConfigMap;
    missing: MissingFact[];
    /** Objects left out or merged at the boundary (core/object-shape.ts), one note each: the input was bad. */
    rejected?: string[];
    /** Where it came from, for notes: "file scenario/cluster.yaml", "context kind-dev", "demo". */
    origin: string;
    /**
     * Set when the snapshot holds the pods of some namespaces only (`check -A` reads a live cluster namespace by
     * namespace): the facts about every pod that rules would otherwise compute from `pods` (core/cluster-wide.ts).
     */
    clusterWide?: ClusterWideFacts;
}

/** Facts about all the cluster's pods, gathered in one pass over them (core/cluster-wide.ts ClusterWideScan). */
export interface ClusterWideFacts {
    /** The highest ndots among pods that use the cluster DNS, kubelet's 5 when none does (findings/rules/ndots.ts). */
    ndots: number;
    /**
     * The pods, in list order, whose containers started before default/kubernetes was created (they lack its
     * variables: findings/rules/env.ts PODS_PREDATE_SERVICE), the rule's candidates.
     */
    podsBeforeApiService: Pod[];
}

export function emptySnapshot(origin: string): ClusterSnapshot {
    return {
        namespaces: [],
        namespacesKnown: false,
        services: [],
        endpointSlices: [],
        endpoints: [],
        pods: [],
        statefulSets: [],
        deployments: [],
        missing: [],
        origin,
    };
}

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const SKIP_MIRROR_LABEL = 'endpointslice.kubernetes.io/skip-mirror';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';

export function key(namespace: string | undefined, name: string): string {
    return `${namespace ?? 'default'}/${name}`;
}

/**
 * The union of two reads of the same cluster (a live read widened to more namespaces): objects are keyed by kind,
 * namespace and name, and the first read wins where both hold one. The result is a new snapshot.
 */
export function mergeSnapshots(a: ClusterSnapshot, b: ClusterSnapshot): ClusterSnapshot {
    const union = <T extends { metadata: { namespace?: string; name: string } }>(x: T[], y: T[]): T[] => {
        const seen = new Set(x.map((o) => key(o.metadata.namespace, o.metadata.name)));
        return [...x, ...y.filter((o) => !seen.has(key(o.metadata.namespace, o.metadata.name)))];
    };
    return {
        namespaces: union(a.namespaces, b.namespaces),
        namespacesKnown: a.namespacesKnown || b.namespacesKnown,
        services: union(a.services, b.services),
        endpointSlices: union(a.endpointSlices, b.endpointSlices),
        endpoints: union(a.endpoints, b.endpoints),
        pods: union(a.pods, b.pods),
        statefulSets: union(a.statefulSets, b.statefulSets),
        deployments: union(a.deployments, b.deployments),
        ...((a.corednsConfigMap ?? b.corednsConfigMap) ? { corednsConfigMap: a.corednsConfigMap ?? b.corednsConfigMap } : {}),
        missing: [...a.missing, ...b.missing],
        ...(a.rejected?.length || b.rejected?.length ? { rejected: [...(a.rejected ?? []), ...(b.rejected ?? [])] } : {}),
        origin: a.origin,
    };
}

/** Namespace of an object, "default" when the document left it out. */
export function nsOf(obj: { metadata: { namespace?: string } }): string {
    return obj.metadata.namespace ?? 'default';
}

/** True when the namespace exists, judged from the namespace list or, if that is unknown, from any object in it. */
export function namespaceExists(snapshot: ClusterSnapshot, namespace: string): boolean {
    const ns = namespace.toLowerCase();
    if (snapshot.namespacesKnown) return snapshot.namespaces.some((n) => n.metadata.name === ns);
    return (
        snapshot.namespaces.some((n) => n.metadata.name === ns) || snapshot.services.some((s) => nsOf(s) === ns) || snapshot.pods.some((p) => nsOf(p) === ns)
    );
}

/**
 * The EndpointSlices CoreDNS would see: every discovery/v1 slice, plus, for selector-less Services whose
 * hand-made Endpoints object has no slice yet, the slice the EndpointSliceMirroring controller would make
 * (addresses → ready, notReadyAddresses → not ready). Mirroring needs a Service of that name with no
 * selector and no skip-mirror label (kubernetes/kubernetes pkg/controller/endpointslicemirroring/).
 */
export function effectiveEndpointSlices(snapshot: ClusterSnapshot): EndpointSlice[] {
    const slices = [...snapshot.endpointSlices];
    const sliced = new Set<string>();
    for (const s of slices) {
        const svc = s.metadata.labels?.[SERVICE_NAME_LABEL];
        if (svc) sliced.add(key(nsOf(s), svc));
    }
    const services = snapshot.endpoints.length > 0 ? new Map(snapshot.services.map((s) => [key(nsOf(s), s.metadata.name), s])) : undefined;
    for (const ep of snapshot.endpoints) {
        const k = key(nsOf(ep), ep.metadata.name);
        if (sliced.has(k)) continue;
        if (ep.metadata.labels?.[SKIP_MIRROR_LABEL] === 'true') continue;
        const svc = services?.get(k);
        if (!svc) continue;
        const selectorless = !svc.spec.selector || Object.keys(svc.spec.selector).length === 0;
        // A Service with a selector but no slices: the cluster serves no EndpointSlices (old API), so the
        // legacy Endpoints are the best view of its endpoints.
        slices.push(...mirrorEndpoints(ep, selectorless ? 'endpointslicemirroring-controller.k8s.io' : 'svcdig/legacy-endpoints'));
    }
    return slices;
}

/** The slices the mirroring controller makes from one Endpoints object: one per subset and address family. */
export function mirrorEndpoints(ep: Endpoints, managedBy: string): EndpointSlice[] {
    const out: EndpointSlice[] = [];
    const familyOf = (ip: string) => (ip.includes(':') ? 'IPv6' : 'IPv4');
    const toEndpoint = (a: EndpointAddress, ready: boolean): EndpointSliceEndpoint => ({
        addresses: [a.ip],
        conditions: { ready },
        ...(a.hostname ? { hostname: a.hostname } : {}),
        ...(a.nodeName ? { nodeName: a.nodeName } : {}),
        ...(a.targetRef ? { targetRef: a.targetRef } : {}),
    });
    (ep.subsets ?? []).forEach((subset, i) => {
        for (const family of ['IPv4', 'IPv6'] as const) {
            const endpoints = [
                ...(subset.addresses ?? []).filter((a) => familyOf(a.ip) === family).map((a) => toEndpoint(a, true)),
                ...(subset.notReadyAddresses ?? []).filter((a) => familyOf(a.ip) === family).map((a) => toEndpoint(a, false)),
            ];
            if (endpoints.length === 0) continue;
            out.push({
                apiVersion: 'discovery.k8s.io/v1',
                kind: 'EndpointSlice',
                metadata: {
                    name: `${ep.metadata.name}-mirror-${i}-${family.toLowerCase()}`,
                    namespace: nsOf(ep),
                    labels: { [SERVICE_NAME_LABEL]: ep.metadata.name, [MANAGED_BY_LABEL]: managedBy },
                },
                addressType: family,
                endpoints,
                ports: (subset.ports ?? []).map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' })),
            });
        }
    });
    return out;
}
