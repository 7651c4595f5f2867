/**
 * The objects of `-f` files, admitted and held as JSON text (load-objects.ts loadObjectText): turned back into one
 * snapshot for every command, or for `check -A` into what the live path holds of a cluster (core/cluster-wide.ts
 * ClusterScope: every Service, Namespace, StatefulSet and Deployment, the CoreDNS ConfigMap and pods, the facts about
 * all pods and the shared endpoint addresses) and each namespace's pods and EndpointSlices, parsed only when its
 * Services are checked. A trimmed object as a V8 one-byte string takes a fraction of the memory of the object, so a
 * dump of 50,000 pods is held in tens of MB and checked with about one namespace's objects alive at a time.
 */
import { PodScan, readsOtherNamespaces, SharedEndpointIps, type ClusterScope, type NamespaceObjects } from '../../core/cluster-wide.js';
import type { EndpointSlice, Endpoints, KubeObject, Pod } from '../../core/k8s.js';
import { kindOfAdmitted } from '../../core/object-shape.js';
import { isCorednsPod, podIPs } from '../../core/pods.js';
import { snapshotFromObjects } from '../../core/snapshot-from-objects.js';
import { effectiveEndpointSlices, key, nsOf, SERVICE_NAME_LABEL, type ClusterSnapshot } from '../../core/snapshot.js';

/** Every object as one snapshot (core/snapshot-from-objects.ts), in the files' order. */
export function snapshotFromText(objects: Map<string, string>, origin: string): ClusterSnapshot {
    return snapshotFromObjects(
        Array.from(objects.values(), (json) => JSON.parse(json) as KubeObject),
        origin,
    );
}

/** An object's text and its place among the files' objects of its kind (the order the whole snapshot holds them in). */
interface Placed {
    place: number;
    json: string;
}

/** The files' objects, namespace by namespace, for `check -A` (commands/check/check-groups.ts namespacePlan). */
export interface FileNamespaces {
    scope: ClusterScope;
    /** The namespace's pods and EndpointSlices as the whole snapshot orders them, with the slices of other namespaces that share an address with them. */
    readNamespace(namespace: string): NamespaceObjects;
    /** The pods, in the files' order, that hold one of `ips` (lower case). */
    podsHolding(ips: Set<string>): Pod[];
}

/**
 * The files' objects split as the live `check -A` reads a cluster, or null when a Service's explanation may read
 * another namespace's objects, as the live path reads such a cluster whole (adapters/kube/namespace-reader.ts): an
 * ExternalName Service naming a Service of another namespace. A namespace is given the slices of other namespaces
 * that share an endpoint address with it (PTR owners), in the files' order; so are its legacy Endpoints, and those of
 * other namespaces whose mirrored slices share one (core/snapshot.ts effectiveEndpointSlices: mirroring pairs an
 * Endpoints object with the Service and slices of its own namespace). Without Namespace objects the namespaces are
 * those of the objects (core/dns/dns-index.ts); a check asks only about its own namespace's, and PTR owners come
 * with their slices.
 */
export function fileNamespaces(objects: Map<string, string>, origin: string): FileNamespaces | null {
    const baseObjects: KubeObject[] = [];
    const podTexts: string[] = [];
    const sliceTexts: string[] = [];
    const endpointsTexts: string[] = [];
    for (const [id, json] of objects) {
        const kind = kindOfAdmitted(id);
        if (kind === 'Pod') podTexts.push(json);
        else if (kind === 'EndpointSlice') sliceTexts.push(json);
        else if (kind === 'Endpoints') endpointsTexts.push(json);
        else baseObjects.push(JSON.parse(json) as KubeObject);
    }
    const base = snapshotFromObjects(baseObjects, origin);
    if (readsOtherNamespaces(base.services)) return null;
    const pods = podsByNamespace(base, podTexts);
    const slices = slicesByNamespace(base, sliceTexts, endpointsTexts);
    return {
        scope: { base, pods: pods.scan, sharedSlices: [] },
        readNamespace: (ns) => ({
            pods: (pods.byNamespace.get(ns) ?? []).map((json) => JSON.parse(json) as Pod),
            endpointSlices: withShared(slices.byNamespace.get(ns) ?? [], slices.shared, ns) as EndpointSlice[],
            endpoints: withShared(slices.endpointsByNamespace.get(ns) ?? [], slices.sharedEndpoints, ns) as Endpoints[],
            missing: [],
        }),
        podsHolding: (ips) => podTexts.map((json) => JSON.parse(json) as Pod).filter((p) => podIPs(p).some((ip) => ips.has(ip.toLowerCase()))),
    };
}

/** One pass over the pods: core/cluster-wide.ts's facts, kube-system's CoreDNS pods into `base`, each namespace's pods as text. */
function podsByNamespace(base: ClusterSnapshot, podTexts: string[]): { scan: PodScan; byNamespace: Map<string, string[]> } {
    const scan = new PodScan(base);
    const byNamespace = new Map<string, string[]>();
    for (const json of podTexts) {
        const pod = JSON.parse(json) as Pod;
        scan.add([pod]);
        if (isCorednsPod(pod)) base.pods.push(pod);
        push(byNamespace, nsOf(pod), json);
    }
    return { scan, byNamespace };
}

type Shared = Placed & { namespace: string };

interface SplitSlices {
    byNamespace: Map<string, Placed[]>;
    /** The slices holding an address that is an endpoint in more than one namespace. */
    shared: Shared[];
    endpointsByNamespace: Map<string, Placed[]>;
    /** The Endpoints the whole snapshot mirrors into a slice that holds such an address. */
    sharedEndpoints: Shared[];
}

/**
 * Each namespace's slices and Endpoints as text, and those that hold an address that is an endpoint in more than one
 * namespace, counting the slices the whole snapshot mirrors from Endpoints (core/snapshot.ts effectiveEndpointSlices).
 */
function slicesByNamespace(base: ClusterSnapshot, sliceTexts: string[], endpointsTexts: string[]): SplitSlices {
    const ips = new SharedEndpointIps();
    const byNamespace = new Map<string, Placed[]>();
    const sliced = new Set<string>();
    sliceTexts.forEach((json, place) => {
        const slice = JSON.parse(json) as EndpointSlice;
        ips.add([slice]);
        push(byNamespace, nsOf(slice), { place, json });
        const svc = slice.metadata.labels?.[SERVICE_NAME_LABEL];
        if (svc) sliced.add(key(nsOf(slice), svc));
    });
    const endpointsByNamespace = new Map<string, Placed[]>();
    const endpoints = endpointsTexts.map((json, place) => {
        const ep = JSON.parse(json) as Endpoints;
        push(endpointsByNamespace, nsOf(ep), { place, json });
        return ep;
    });
    const mirrored = mirroredSlices(base, sliced, endpoints);
    for (const slices of mirrored.values()) ips.add(slices);
    const shared: Shared[] = [];
    if (ips.shared.size) {
        sliceTexts.forEach((json, place) => {
            const slice = JSON.parse(json) as EndpointSlice;
            if (ips.holders([slice]).length) shared.push({ place, json, namespace: nsOf(slice) });
        });
    }
    const sharedEndpoints: Shared[] = [];
    endpoints.forEach((ep, place) => {
        const slices = mirrored.get(key(nsOf(ep), ep.metadata.name));
        if (slices && ips.holders(slices).length) sharedEndpoints.push({ place, json: endpointsTexts[place]!, namespace: nsOf(ep) });
    });
    return { byNamespace, shared, endpointsByNamespace, sharedEndpoints };
}

/**
 * The slices the whole snapshot mirrors from `endpoints` (core/snapshot.ts effectiveEndpointSlices, given only the
 * Services and the names of the slices the files hold), by the `<namespace>/<name>` of the Endpoints they come from.
 */
function mirroredSlices(base: ClusterSnapshot, sliced: Set<string>, endpoints: Endpoints[]): Map<string, EndpointSlice[]> {
    const byEndpoints = new Map<string, EndpointSlice[]>();
    if (!endpoints.length) return byEndpoints;
    const named = [...sliced].map((k) => {
        const at = k.indexOf('/'); // namespaces hold no '/' (core/object-shape.ts)
        return { kind: 'EndpointSlice', addressType: 'IPv4', metadata: { name: '', namespace: k.slice(0, at), labels: { [SERVICE_NAME_LABEL]: k.slice(at + 1) } } } as EndpointSlice;
    });
    const mirrored = effectiveEndpointSlices({ ...base, endpointSlices: named, endpoints }).slice(named.length);
    for (const slice of mirrored) push(byEndpoints, key(nsOf(slice), slice.metadata.labels![SERVICE_NAME_LABEL]!), slice);
    return byEndpoints;
}

/** The namespace's own objects and the shared ones of other namespaces, parsed, in the files' order. */
function withShared(own: Placed[], shared: Shared[], ns: string): unknown[] {
    const others = shared.filter((s) => s.namespace !== ns);
    const all = others.length ? [...own, ...others].sort((a, b) => a.place - b.place) : own;
    return all.map((s) => JSON.parse(s.json) as unknown);
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
}
