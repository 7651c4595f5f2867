/**
 * The objects of `-f` files, admitted and held as JSON text (load-objects.ts loadObjectText): turned back into one
 * snapshot for every command, or for `check -A` into what the live path holds of a cluster (core/cluster-wide.ts
 * ClusterScope: every Service, Namespace, StatefulSet and Deployment, the CoreDNS ConfigMap and pods, the facts about
 * all pods and the shared endpoint addresses) and each namespace's pods and EndpointSlices, parsed only when its
 * Services are checked. A trimmed object as a V8 one-byte string takes a fraction of the memory of the object, so a
 * dump of 50,000 pods is held in tens of MB and checked with about one namespace's objects alive at a time.
 */
import { PodScan, readsOtherNamespaces, SharedEndpointIps, type ClusterScope, type NamespaceObjects } from '../../core/cluster-wide.js';
import type { EndpointSlice, KubeObject, Pod } from '../../core/k8s.js';
import { kindOfAdmitted } from '../../core/object-shape.js';
import { isCorednsPod, podIPs } from '../../core/pods.js';
import { snapshotFromObjects } from '../../core/snapshot-from-objects.js';
import { nsOf, type ClusterSnapshot } from '../../core/snapshot.js';

/** Every object as one snapshot (core/snapshot-from-objects.ts), in the files' order. */
export function snapshotFromText(objects: Map<string, string>, origin: string): ClusterSnapshot {
    return snapshotFromObjects(
        Array.from(objects.values(), (json) => JSON.parse(json) as KubeObject),
        origin,
    );
}

/** A slice's text and its place among all of the files' slices (the order the whole snapshot holds them in). */
interface PlacedSlice {
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
 * another namespace's objects, as the live path reads such a cluster whole (adapters/kube/namespace-reader.ts):
 * an ExternalName Service naming another namespace's endpoint, legacy Endpoints (mirrored into slices across the
 * cluster: core/snapshot.ts effectiveEndpointSlices), or no Namespace objects (the namespaces are then those of any
 * object: core/dns/dns-index.ts).
 */
export function fileNamespaces(objects: Map<string, string>, origin: string): FileNamespaces | null {
    const baseObjects: KubeObject[] = [];
    const podTexts: string[] = [];
    const sliceTexts: string[] = [];
    for (const [id, json] of objects) {
        const kind = kindOfAdmitted(id);
        if (kind === 'Endpoints') return null;
        if (kind === 'Pod') podTexts.push(json);
        else if (kind === 'EndpointSlice') sliceTexts.push(json);
        else baseObjects.push(JSON.parse(json) as KubeObject);
    }
    const base = snapshotFromObjects(baseObjects, origin);
    if (!base.namespacesKnown || readsOtherNamespaces(base.services)) return null;
    const pods = podsByNamespace(base, podTexts);
    const slices = slicesByNamespace(sliceTexts);
    return {
        scope: { base, pods: pods.scan, sharedSlices: [] },
        readNamespace: (ns) => ({
            pods: (pods.byNamespace.get(ns) ?? []).map((json) => JSON.parse(json) as Pod),
            endpointSlices: withShared(slices.byNamespace.get(ns) ?? [], slices.shared, ns),
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

/** Each namespace's slices as text, and the slices holding an address that is an endpoint in more than one namespace. */
function slicesByNamespace(sliceTexts: string[]): { byNamespace: Map<string, PlacedSlice[]>; shared: (PlacedSlice & { namespace: string })[] } {
    const ips = new SharedEndpointIps();
    const byNamespace = new Map<string, PlacedSlice[]>();
    sliceTexts.forEach((json, place) => {
        const slice = JSON.parse(json) as EndpointSlice;
        ips.add([slice]);
        push(byNamespace, nsOf(slice), { place, json });
    });
    const shared: (PlacedSlice & { namespace: string })[] = [];
    if (ips.shared.size) {
        sliceTexts.forEach((json, place) => {
            const slice = JSON.parse(json) as EndpointSlice;
            if (ips.holders([slice]).length) shared.push({ place, json, namespace: nsOf(slice) });
        });
    }
    return { byNamespace, shared };
}

/** The namespace's own slices and the shared ones of other namespaces, parsed, in the files' order. */
function withShared(own: PlacedSlice[], shared: (PlacedSlice & { namespace: string })[], ns: string): EndpointSlice[] {
    const others = shared.filter((s) => s.namespace !== ns);
    const all = others.length ? [...own, ...others].sort((a, b) => a.place - b.place) : own;
    return all.map((s) => JSON.parse(s.json) as EndpointSlice);
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
}
