import { primaryZone as primaryZoneOf, type DnsConfig } from './dns-config.js';
import type { EndpointSlice, EndpointSliceEndpoint, Pod, Service } from '../k8s.js';
import { isCorednsPod, notReadyReason } from '../pods.js';
import { effectiveEndpointSlices, nsOf, SERVICE_NAME_LABEL, MANAGED_BY_LABEL, type ClusterSnapshot } from '../snapshot.js';
import { endpointHostname } from './names.js';
import type { PodDnsPath } from './pod-nameservers.js';

/** One EndpointSlice port as CoreDNS keeps it (`object/endpoint.go`): a missing port number is −1, a missing name "". */
export interface DnsPort {
    name: string;
    port: number;
    protocol: string;
}

/** An EndpointSlice endpoint as DNS sees it: its names, whether CoreDNS serves it, and why (not). */
export interface DnsEndpoint {
    slice: string;
    addressType: string;
    /**
     * The DNS name of the first address (coredns/coredns plugin/kubernetes/kubernetes.go `endpointHostname`);
     * `names[i]` belongs to `addresses[i]`.
     */
    name: string;
    names: string[];
    addresses: string[];
    hostname?: string;
    targetRef?: EndpointSliceEndpoint['targetRef'];
    nodeName?: string;
    conditions: { ready: boolean | null; serving: boolean | null; terminating: boolean | null };
    /** True when CoreDNS serves the endpoint's addresses. */
    inDns: boolean;
    /** Plain words: why it is served, or why it is left out. */
    why: string;
}

/**
 * A slice of one Service with the ports and ready addresses CoreDNS uses (coredns/coredns
 * plugin/kubernetes/object/endpoint.go).
 */
export interface DnsSlice {
    name: string;
    addressType: string;
    ports: DnsPort[];
    /** Ready addresses in slice order, each with its endpoint name. */
    ready: { ip: string; host: string; endpoint: DnsEndpoint }[];
    endpoints: DnsEndpoint[];
}

/** Where an endpoint IP is published: the owner Service (from the slice label) and the endpoint name. */
export interface EndpointIpOwner {
    namespace: string;
    service: string;
    host: string;
    slice: string;
}

/** The lookup structure built once per snapshot + DnsConfig. Read-only for callers. */
export interface DnsIndex {
    readonly config: DnsConfig;
    readonly snapshot: ClusterSnapshot;
    /** Every zone of the kubernetes plugin (forward, then reverse), lower case, no trailing dot. */
    readonly zones: string[];
    /** The first forward zone: the cluster domain used in PTR targets. */
    readonly primaryZone: string;
    /** Namespaces that exist (from the list, or from the objects when the list was not readable). */
    readonly namespaces: ReadonlySet<string>;
    /** `ns/name` → Services (normally one). */
    readonly services: ReadonlyMap<string, Service[]>;
    /** Service name → every namespace holding a Service of that name (for hints). */
    readonly serviceNamespaces: ReadonlyMap<string, string[]>;
    /** `ns/name` (from the slice label) → its slices. */
    readonly slices: ReadonlyMap<string, DnsSlice[]>;
    /** ClusterIP (as stored) → Services with that IP, in snapshot order. */
    readonly clusterIps: ReadonlyMap<string, Service[]>;
    /** Ready endpoint IP (as stored) → where it is published, one entry per slice address. */
    readonly endpointIps: ReadonlyMap<string, EndpointIpOwner[]>;
    /** `pods verified`: primary `status.podIP` → live pods (no deletionTimestamp, phase not Succeeded/Failed/Unknown). */
    readonly podsByIp: ReadonlyMap<string, Pod[]>;
    /** The IPs of one CoreDNS pod (its "local IPs", used for the apex NS answer); empty when none is known. */
    readonly corednsPodIps: string[];
    /** The CoreDNS pod those IPs belong to. */
    readonly corednsPod?: string;
    /** `resolve --as-pod`: whether that pod's resolver reaches the cluster DNS at all (absent: it does). */
    readonly podDns?: PodDnsPath;
}

export const svcKey = (namespace: string, name: string): string => `${namespace.toLowerCase()}/${name.toLowerCase()}`;

/** CoreDNS's view of a Service's cluster IPs (`object/service.go ToService`): spec.clusterIPs, else [spec.clusterIP]. */
export function serviceClusterIps(service: Service): string[] {
    const ips = service.spec.clusterIPs;
    return ips && ips.length > 0 ? [...ips] : [service.spec.clusterIP ?? ''];
}

/** The cluster IPs a Service really has: none for a headless, ExternalName or not yet allocated Service. */
export function assignedClusterIPs(service: Service): string[] {
    return serviceClusterIps(service).filter((ip) => ip !== '' && ip !== 'None');
}

/**
 * A Service is headless iff its first cluster IP is "None" (coredns/coredns plugin/kubernetes/object/service.go
 * `Headless`). ExternalName is not.
 */
export function isHeadless(service: Service): boolean {
    return serviceClusterIps(service)[0] === 'None';
}

export function isExternalName(service: Service): boolean {
    return service.spec.type === 'ExternalName';
}

/**
 * CoreDNS's `endpointsliceReady`: ready true or unset (nil) counts as ready (coredns/coredns
 * plugin/kubernetes/object/endpoint.go).
 */
function readyCondition(ep: EndpointSliceEndpoint): boolean {
    const r = ep.conditions?.ready;
    return r === undefined || r === null ? true : r;
}

function endpointLabel(ep: EndpointSliceEndpoint): string {
    const pod = ep.targetRef?.kind === 'Pod' || ep.targetRef?.kind === undefined ? ep.targetRef?.name : undefined;
    const ips = ep.addresses.join(', ');
    return pod ? `${pod} (${ips})` : ips;
}

function whyOf(
    ep: EndpointSliceEndpoint,
    slice: EndpointSlice,
    service: Service | undefined,
    config: DnsConfig,
    pod: Pod | undefined,
): { inDns: boolean; why: string } {
    const who = endpointLabel(ep);
    if (config.noEndpoints) return { inDns: false, why: `${who}: the Corefile's noendpoints option stops CoreDNS from watching EndpointSlices` };
    if (slice.addressType === 'FQDN')
        return { inDns: false, why: `${who}: FQDN EndpointSlices are not modelled by svcdig (CoreDNS would treat the address as a name)` };
    const ready = ep.conditions?.ready;
    if (ready === undefined || ready === null) return { inDns: true, why: `${who}: conditions.ready is unset, which CoreDNS treats as ready` };
    if (ready) {
        const serving = ep.conditions?.serving;
        if (serving === false && service?.spec.publishNotReadyAddresses) {
            return { inDns: true, why: `${who}: not Ready, but the Service publishes not-ready addresses` };
        }
        return { inDns: true, why: `${who}: ready` };
    }
    const mirrored =
        slice.metadata.labels?.[MANAGED_BY_LABEL] === 'endpointslicemirroring-controller.k8s.io' ||
        slice.metadata.labels?.[MANAGED_BY_LABEL] === 'svcdig/legacy-endpoints';
    if (mirrored) return { inDns: false, why: `${who} is listed under notReadyAddresses of the Endpoints object, so it is not ready` };
    if (ep.conditions?.terminating) {
        return { inDns: false, why: `${who} is terminating, so its endpoint is not ready (ready=false) and DNS drops it at once` };
    }
    const podWhy = pod ? notReadyReason(pod) : undefined;
    const detail = podWhy ? ` (${podWhy})` : '';
    if (service && !service.spec.publishNotReadyAddresses) {
        return { inDns: false, why: `${who} is not Ready${detail} and the Service does not publish not-ready addresses` };
    }
    return { inDns: false, why: `${who}: the EndpointSlice marks it not ready (ready=false)${detail}` };
}

function slicePorts(slice: EndpointSlice): DnsPort[] {
    const ports = slice.ports ?? [];
    if (ports.length === 0) return [{ name: '', port: -1, protocol: '' }];
    return ports.map((p) => ({ name: p.name ?? '', port: p.port ?? -1, protocol: p.protocol ?? '' }));
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
}

/** A CoreDNS pod with an IP, running if one is (whose address the NS records name). */
function corednsPod(snapshot: ClusterSnapshot): Pod | undefined {
    const candidates = snapshot.pods.filter((p) => isCorednsPod(p) && !!p.status?.podIP && !p.metadata.deletionTimestamp);
    return candidates.find((p) => p.status?.phase === 'Running') ?? candidates[0];
}

/** Builds the lookup structure in one pass over the objects (O(objects)). */
export function buildDnsIndex(snapshot: ClusterSnapshot, config: DnsConfig, podDns?: PodDnsPath): DnsIndex {
    const namespaces = new Set<string>(snapshot.namespaces.map((n) => n.metadata.name));
    if (!snapshot.namespacesKnown) {
        for (const o of [...snapshot.services, ...snapshot.pods, ...snapshot.endpointSlices, ...snapshot.endpoints]) namespaces.add(nsOf(o));
    }
    const byService = indexServices(snapshot);
    const pods = indexPods(snapshot);
    const { slices, endpointIps } = indexSlices(snapshot, config, byService.services, pods.podsByName);
    const dnsPod = corednsPod(snapshot);
    const corednsPodIps = dnsPod ? [...new Set([dnsPod.status?.podIP ?? '', ...(dnsPod.status?.podIPs ?? []).map((p) => p.ip)].filter((ip) => ip))] : [];
    return {
        config,
        snapshot,
        zones: [...config.zones, ...config.reverseZones].map((z) => z.toLowerCase().replace(/\.$/, '')),
        primaryZone: primaryZoneOf(config),
        namespaces,
        ...byService,
        slices,
        endpointIps,
        podsByIp: pods.podsByIp,
        corednsPodIps,
        ...(dnsPod ? { corednsPod: `${nsOf(dnsPod)}/${dnsPod.metadata.name}` } : {}),
        ...(podDns ? { podDns } : {}),
    };
}

/**
 * Per list of Services: `check -A` gives every namespace's snapshot the same list of all Services (check-groups.ts),
 * indexed once rather than once per namespace.
 */
const servicesIndexCache = new WeakMap<Service[], Pick<DnsIndex, 'services' | 'serviceNamespaces' | 'clusterIps'>>();

/** Services by namespace/name and by bare name, and the Services each cluster IP belongs to (ExternalName has none). */
function indexServices(snapshot: ClusterSnapshot): Pick<DnsIndex, 'services' | 'serviceNamespaces' | 'clusterIps'> {
    const hit = servicesIndexCache.get(snapshot.services);
    if (hit) return hit;
    const index = indexServiceList(snapshot);
    servicesIndexCache.set(snapshot.services, index);
    return index;
}

function indexServiceList(snapshot: ClusterSnapshot): Pick<DnsIndex, 'services' | 'serviceNamespaces' | 'clusterIps'> {
    const services = new Map<string, Service[]>();
    const serviceNamespaces = new Map<string, string[]>();
    const clusterIps = new Map<string, Service[]>();
    for (const svc of snapshot.services) {
        push(services, svcKey(nsOf(svc), svc.metadata.name), svc);
        push(serviceNamespaces, svc.metadata.name.toLowerCase(), nsOf(svc));
        if (isExternalName(svc)) continue;
        for (const ip of assignedClusterIPs(svc)) push(clusterIps, ip, svc);
    }
    return { services, serviceNamespaces, clusterIps };
}

/** Pods by namespace/name, and by IP for those that still hold it (not deleted, not finished). */
function indexPods(snapshot: ClusterSnapshot): { podsByName: Map<string, Pod>; podsByIp: Map<string, Pod[]> } {
    const podsByName = new Map<string, Pod>();
    const podsByIp = new Map<string, Pod[]>();
    for (const pod of snapshot.pods) {
        podsByName.set(svcKey(nsOf(pod), pod.metadata.name), pod);
        const phase = pod.status?.phase;
        if (pod.metadata.deletionTimestamp || phase === 'Succeeded' || phase === 'Failed' || phase === 'Unknown') continue;
        if (pod.status?.podIP) push(podsByIp, pod.status.podIP, pod);
    }
    return { podsByName, podsByIp };
}

/** Each Service's EndpointSlices as DNS sees them (names, readiness, why), and who owns each endpoint address. */
function indexSlices(
    snapshot: ClusterSnapshot,
    config: DnsConfig,
    services: ReadonlyMap<string, Service[]>,
    podsByName: Map<string, Pod>,
): { slices: Map<string, DnsSlice[]>; endpointIps: Map<string, EndpointIpOwner[]> } {
    const slices = new Map<string, DnsSlice[]>();
    const endpointIps = new Map<string, EndpointIpOwner[]>();
    for (const slice of effectiveEndpointSlices(snapshot)) {
        const owner = slice.metadata.labels?.[SERVICE_NAME_LABEL];
        if (!owner) continue; // a slice without the service-name label is never used (CoreDNS indexes slices by it)
        const ns = nsOf(slice);
        const key = svcKey(ns, owner);
        const service = services.get(key)?.[0];
        const view: DnsSlice = { name: slice.metadata.name, addressType: slice.addressType, ports: slicePorts(slice), ready: [], endpoints: [] };
        for (const ep of slice.endpoints ?? []) {
            const pod = ep.targetRef?.name ? podsByName.get(svcKey(ep.targetRef.namespace ?? ns, ep.targetRef.name)) : undefined;
            const dnsEp = dnsEndpoint(ep, slice, service, config, pod);
            view.endpoints.push(dnsEp);
            if (!dnsEp.inDns) continue;
            ep.addresses.forEach((ip, i) => {
                view.ready.push({ ip, host: dnsEp.names[i]!, endpoint: dnsEp });
                push(endpointIps, ip, { namespace: ns, service: owner, host: dnsEp.names[i]!, slice: slice.metadata.name });
            });
        }
        push(slices, key, view);
    }
    return { slices, endpointIps };
}

/** One slice endpoint as DNS sees it: its names (one per address), its conditions, whether it is in DNS and why. */
function dnsEndpoint(ep: EndpointSliceEndpoint, slice: EndpointSlice, service: Service | undefined, config: DnsConfig, pod: Pod | undefined): DnsEndpoint {
    const names = ep.addresses.map((a) => endpointHostname(ep, config, a));
    const { inDns, why } = whyOf(ep, slice, service, config, pod);
    return {
        slice: slice.metadata.name,
        addressType: slice.addressType,
        name: names[0] ?? '',
        names,
        addresses: [...ep.addresses],
        ...(ep.hostname ? { hostname: ep.hostname } : {}),
        ...(ep.targetRef ? { targetRef: ep.targetRef } : {}),
        ...(ep.nodeName ? { nodeName: ep.nodeName } : {}),
        conditions: { ready: ep.conditions?.ready ?? null, serving: ep.conditions?.serving ?? null, terminating: ep.conditions?.terminating ?? null },
        inDns: inDns && readyCondition(ep),
        why,
    };
}

/**
 * The namespace exists and, with the `namespaces` option, is listed (coredns/coredns plugin/kubernetes/namespace.go
 * `namespaceExposed`).
 */
export function namespaceExposed(index: DnsIndex, namespace: string): boolean {
    const ns = namespace.toLowerCase();
    const configured = index.config.namespaces.length === 0 || index.config.namespaces.includes(ns);
    return configured && index.namespaces.has(ns);
}

export interface ServiceEndpoints {
    /** Endpoints whose addresses CoreDNS serves (ready true or unset). */
    ready: DnsEndpoint[];
    /** Endpoints left out, each with `why`. */
    leftOut: DnsEndpoint[];
    /** The slices (label `kubernetes.io/service-name`) they come from. */
    slices: string[];
}

/** Every endpoint of a Service's slices, split into the ones DNS serves and the ones it leaves out (with why). */
export function readyEndpointsOf(index: DnsIndex, namespace: string, serviceName: string): ServiceEndpoints {
    const views = index.slices.get(svcKey(namespace, serviceName)) ?? [];
    const all = views.flatMap((s) => s.endpoints);
    return { ready: all.filter((e) => e.inDns), leftOut: all.filter((e) => !e.inDns), slices: views.map((s) => s.name) };
}
