/**
 * The objects of `-f` files, admitted and held as packed JSON text (load-objects.ts loadObjectText, packed-texts.ts):
 * turned back into one snapshot for every command, or for `check -A` into what the live path holds of a cluster
 * (core/cluster-wide.ts ClusterScope: every Service, Namespace, StatefulSet and Deployment, the CoreDNS ConfigMap and
 * pods, the facts about all pods and the shared endpoint addresses) and each namespace's pods, EndpointSlices and
 * Endpoints, packed apart and parsed only when its Services are checked. A dump of 50,000 pods is held in a few MB and
 * checked with one namespace's objects alive at a time.
 */
import { PodScan, readsOtherNamespaces, SharedEndpointIps, type ClusterScope, type NamespaceObjects } from '../../core/cluster-wide.js';
import type { EndpointSlice, Endpoints, KubeObject, Pod } from '../../core/k8s.js';
import { isCorednsPod, podIPs } from '../../core/pods.js';
import { snapshotFromObjects } from '../../core/snapshot-from-objects.js';
import { effectiveEndpointSlices, key, nsOf, SERVICE_NAME_LABEL, type ClusterSnapshot } from '../../core/snapshot.js';
import { PackedTexts, type PackedObjects } from './packed-texts.js';

/** Every object as one snapshot (core/snapshot-from-objects.ts), in the files' order. */
export function snapshotFromText(objects: PackedObjects, origin: string): ClusterSnapshot {
    return snapshotFromObjects(
        Array.from(objects.entries(), (o) => JSON.parse(o.json) as KubeObject),
        origin,
    );
}

/** The files' objects, namespace by namespace, for `check -A` (commands/check/check-groups.ts namespacePlan). */
export interface FileNamespaces {
    scope: ClusterScope;
    /**
     * The namespace's pods, EndpointSlices and Endpoints as the whole snapshot orders them, with the slices and
     * Endpoints of other namespaces that share an endpoint address with them.
     */
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
export function fileNamespaces(objects: PackedObjects, origin: string): FileNamespaces | null {
    // two passes over the objects: all but the pods, then the pods (PodScan needs every Service first)
    const baseObjects: KubeObject[] = [];
    const sliceTexts = new PackedTexts();
    const endpointsTexts = new PackedTexts();
    for (const { kind, json } of objects.entries()) {
        if (kind === 'EndpointSlice') sliceTexts.push(json);
        else if (kind === 'Endpoints') endpointsTexts.push(json);
        else if (kind !== 'Pod') baseObjects.push(JSON.parse(json) as KubeObject);
    }
    const base = snapshotFromObjects(baseObjects, origin);
    if (readsOtherNamespaces(base.services)) return null;
    const slices = slicesByNamespace(
        base,
        () => sliceTexts.texts(),
        () => endpointsTexts.texts(),
    );
    const pods = podsByNamespace(base, () => objects.textsOf('Pod'));
    return {
        scope: { base, pods: pods.scan, sharedSlices: [] },
        readNamespace: (ns) => ({
            pods: parsed(pods.byNamespace.get(ns), [], ns) as Pod[],
            endpointSlices: parsed(slices.byNamespace.get(ns), slices.shared, ns) as EndpointSlice[],
            endpoints: parsed(slices.endpointsByNamespace.get(ns), slices.sharedEndpoints, ns) as Endpoints[],
            missing: [],
        }),
        podsHolding: (ips) => {
            const found: { place: number; pod: Pod }[] = [];
            for (const texts of pods.byNamespace.values()) {
                placed(texts, (place, json) => {
                    const pod = JSON.parse(json) as Pod;
                    if (podIPs(pod).some((ip) => ips.has(ip.toLowerCase()))) found.push({ place, pod });
                });
            }
            return found.sort((a, b) => a.place - b.place).map((f) => f.pod);
        },
    };
}

/** One namespace's objects of a kind: their texts, packed, and each one's place among all of the files' objects of that kind. */
interface Bucket {
    texts: PackedTexts;
    places: number[];
}

/** An object of another namespace given to every namespace but its own. */
interface Shared {
    place: number;
    json: string;
    namespace: string;
}

/** Characters per block of a namespace's texts: a namespace is inflated whole when it is checked. */
const NAMESPACE_BLOCK = 64 * 1024;

function bucketed(buckets: Map<string, Bucket>, ns: string, place: number, json: string): void {
    let b = buckets.get(ns);
    if (!b) buckets.set(ns, (b = { texts: new PackedTexts(NAMESPACE_BLOCK), places: [] }));
    b.texts.push(json);
    b.places.push(place);
}

function placed(b: Bucket, each: (place: number, json: string) => void): void {
    let i = 0;
    for (const json of b.texts.texts()) each(b.places[i++]!, json);
}

/** The namespace's own objects and the shared ones of other namespaces, parsed, in the files' order. */
function parsed(own: Bucket | undefined, shared: Shared[], ns: string): unknown[] {
    const all: { place: number; json: string }[] = [];
    if (own) placed(own, (place, json) => all.push({ place, json }));
    const others = shared.filter((s) => s.namespace !== ns);
    if (others.length) {
        all.push(...others);
        all.sort((a, b) => a.place - b.place);
    }
    return all.map((o) => JSON.parse(o.json) as unknown);
}

/** The texts of the files' objects of one kind, in order (read again from the packed objects each time). */
type TextsOfKind = () => Iterable<string>;

/** Each text of `texts` with its place, parsed. */
function eachParsed<T>(texts: TextsOfKind, each: (o: T, place: number, json: string) => void): void {
    let place = 0;
    for (const json of texts()) each(JSON.parse(json) as T, place++, json);
}

function sealAll(buckets: Map<string, Bucket>): Map<string, Bucket> {
    for (const b of buckets.values()) b.texts.seal();
    return buckets;
}

/** One pass over the pods: core/cluster-wide.ts's facts, kube-system's CoreDNS pods into `base`, each namespace's pods. */
function podsByNamespace(base: ClusterSnapshot, podTexts: TextsOfKind): { scan: PodScan; byNamespace: Map<string, Bucket> } {
    const scan = new PodScan(base);
    const byNamespace = new Map<string, Bucket>();
    eachParsed<Pod>(podTexts, (pod, place, json) => {
        scan.add([pod]);
        if (isCorednsPod(pod)) base.pods.push(pod);
        bucketed(byNamespace, nsOf(pod), place, json);
    });
    return { scan, byNamespace: sealAll(byNamespace) };
}

interface SplitSlices {
    byNamespace: Map<string, Bucket>;
    /** The slices holding an address that is an endpoint in more than one namespace. */
    shared: Shared[];
    endpointsByNamespace: Map<string, Bucket>;
    /** The Endpoints the whole snapshot mirrors into a slice that holds such an address. */
    sharedEndpoints: Shared[];
}

/**
 * Each namespace's slices and Endpoints, and those that hold an address that is an endpoint in more than one
 * namespace, counting the slices the whole snapshot mirrors from Endpoints (core/snapshot.ts effectiveEndpointSlices).
 */
function slicesByNamespace(base: ClusterSnapshot, sliceTexts: TextsOfKind, endpointsTexts: TextsOfKind): SplitSlices {
    const ips = new SharedEndpointIps();
    const byNamespace = new Map<string, Bucket>();
    const sliced = new Set<string>();
    eachParsed<EndpointSlice>(sliceTexts, (slice, place, json) => {
        ips.add([slice]);
        bucketed(byNamespace, nsOf(slice), place, json);
        const svc = slice.metadata.labels?.[SERVICE_NAME_LABEL];
        if (svc) sliced.add(key(nsOf(slice), svc));
    });
    const endpointsByNamespace = new Map<string, Bucket>();
    const endpoints: Endpoints[] = [];
    eachParsed<Endpoints>(endpointsTexts, (ep, place, json) => {
        bucketed(endpointsByNamespace, nsOf(ep), place, json);
        endpoints.push(ep);
    });
    const mirrored = mirroredSlices(base, sliced, endpoints);
    for (const slices of mirrored.values()) ips.add(slices);
    const shared: Shared[] = [];
    if (ips.shared.size) {
        eachParsed<EndpointSlice>(sliceTexts, (slice, place, json) => {
            if (ips.holders([slice]).length) shared.push({ place, json, namespace: nsOf(slice) });
        });
    }
    const sharedEndpoints: Shared[] = [];
    endpoints.forEach((ep, place) => {
        const slices = mirrored.get(key(nsOf(ep), ep.metadata.name));
        if (slices && ips.holders(slices).length) sharedEndpoints.push({ place, json: JSON.stringify(ep), namespace: nsOf(ep) });
    });
    return { byNamespace: sealAll(byNamespace), shared, endpointsByNamespace: sealAll(endpointsByNamespace), sharedEndpoints };
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
        return {
            kind: 'EndpointSlice',
            addressType: 'IPv4',
            metadata: { name: '', namespace: k.slice(0, at), labels: { [SERVICE_NAME_LABEL]: k.slice(at + 1) } },
        } as EndpointSlice;
    });
    const mirrored = effectiveEndpointSlices({ ...base, endpointSlices: named, endpoints }).slice(named.length);
    for (const slice of mirrored) push(byEndpoints, key(nsOf(slice), slice.metadata.labels![SERVICE_NAME_LABEL]!), slice);
    return byEndpoints;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
}
