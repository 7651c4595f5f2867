/**
 * Builders of small clusters for tests: API objects written as the API server and the controllers leave them
 * (defaults filled: protocol TCP, targetPort = port, sessionAffinity None, ipFamilies; uids and timestamps set), one set
 * of defaults for every test. Two ways to get EndpointSlices: `slicesFor` writes what the EndpointSlice controller
 * would (kubernetes/pkg/controller/endpointslice utils.go `podToEndpoint`: ready = publishNotReadyAddresses || (Ready
 * && !terminating), serving = Ready, terminating = deletionTimestamp set; hostname only when subdomain == Service
 * name), `slice` + `endpoint` write one by hand so a test states exactly which conditions, hostnames and ports CoreDNS
 * sees.
 *
 * Defaults: namespace `app` (NS); Services created at T0, pods at T1 with their containers started at T2; pod IPs
 * 10.244.1.10, .11, … in creation order unless a test gives `ip`/`ips` (give them whenever an assertion names one).
 */
import { snapshotFromObjects } from '../../src/core/snapshot-from-objects.js';
import { kubeadmDefaultDnsConfig, type DnsConfig } from '../../src/core/dns/dns-config.js';
import { buildDnsIndex, type DnsIndex } from '../../src/core/dns/index.js';
import type {
    ConfigMap,
    Container,
    EndpointSlice,
    EndpointSliceEndpoint,
    KubeObject,
    Namespace,
    Pod,
    Service,
    ServicePort,
    StatefulSet,
} from '../../src/core/k8s.js';
import { nsOf, type ClusterSnapshot } from '../../src/core/snapshot.js';
import { KUBEADM_COREFILE } from './generate-cluster.js';

export const NS = 'app';
/** Services are created at T0; pods at T1 and their containers start at T2, unless a test says otherwise. */
export const T0 = '2024-03-01T10:00:00Z';
export const T1 = '2024-03-01T10:05:00Z';
export const T2 = '2024-03-01T10:05:20Z';
/** The deletionTimestamp of a terminating pod. */
export const DELETED = '2024-03-01T11:00:00Z';

export function namespace(name: string): Namespace {
    return { apiVersion: 'v1', kind: 'Namespace', metadata: { name }, status: { phase: 'Active' } };
}

export interface ServiceOptions {
    ns?: string;
    type?: string;
    clusterIP?: string;
    clusterIPs?: string[];
    /** Default: one family per cluster IP (IPv4 for headless). */
    ipFamilies?: string[];
    /** Default: RequireDualStack with two families, else SingleStack. */
    ipFamilyPolicy?: string;
    /** Default: one port `http` 80/TCP → targetPort `http` (the pods' named port); targetPort defaults to port. */
    ports?: ServicePort[];
    /** Default app=<name>; null for none (ExternalName Services have none unless given). */
    selector?: Record<string, string> | null;
    /** Default example.net for type ExternalName. */
    externalName?: string;
    publishNotReadyAddresses?: boolean;
    sessionAffinity?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    created?: string;
}

const familyOf = (ip: string) => (ip.includes(':') ? 'IPv6' : 'IPv4');

/** A Service as the API server stores it: ClusterIP 10.96.0.20 unless told otherwise. */
export function service(name: string, o: ServiceOptions = {}): Service {
    const type = o.type ?? 'ClusterIP';
    const external = type === 'ExternalName';
    const clusterIP = external ? undefined : (o.clusterIP ?? o.clusterIPs?.[0] ?? '10.96.0.20');
    const clusterIPs = external ? undefined : (o.clusterIPs ?? [clusterIP!]);
    const ports = (o.ports ?? (external ? [] : [{ name: 'http', port: 80, targetPort: 'http' }])).map((p) => ({ protocol: 'TCP', targetPort: p.port, ...p }));
    const selector = o.selector === null || (external && !o.selector) ? undefined : (o.selector ?? { app: name });
    const families = o.ipFamilies ?? (clusterIPs && clusterIP !== 'None' ? clusterIPs.map(familyOf) : ['IPv4']);
    return {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: {
            name,
            namespace: o.ns ?? NS,
            uid: `uid-svc-${name}`,
            creationTimestamp: o.created ?? T0,
            ...(o.labels ? { labels: o.labels } : {}),
            ...(o.annotations ? { annotations: o.annotations } : {}),
        },
        spec: {
            type,
            ...(clusterIP ? { clusterIP, clusterIPs } : {}),
            ...(external ? {} : { ipFamilies: families, ipFamilyPolicy: o.ipFamilyPolicy ?? (families.length > 1 ? 'RequireDualStack' : 'SingleStack') }),
            ...(ports.length > 0 ? { ports } : {}),
            ...(selector ? { selector } : {}),
            ...(external ? { externalName: o.externalName ?? 'example.net' } : {}),
            ...(o.publishNotReadyAddresses !== undefined ? { publishNotReadyAddresses: o.publishNotReadyAddresses } : {}),
            sessionAffinity: o.sessionAffinity ?? 'None',
        },
    };
}

/** A headless Service (clusterIP None). */
export function headless(name: string, o: ServiceOptions = {}): Service {
    return service(name, { ...o, clusterIP: 'None', clusterIPs: ['None'] });
}

export function externalName(name: string, target: string, o: ServiceOptions = {}): Service {
    return service(name, { ...o, type: 'ExternalName', externalName: target });
}

export interface PodOptions {
    ns?: string;
    /** Default app=web. */
    labels?: Record<string, string>;
    /** The pod's IP; default the next of 10.244.1.10, .11, … */
    ip?: string;
    /** All the pod's IPs (podIP is the first; none for `[]`, a pod the kubelet has not given an IP yet). */
    ips?: string[];
    ready?: boolean;
    /** deletionTimestamp set (DELETED). */
    terminating?: boolean;
    phase?: string;
    /** Default one container `main` serving a named port http=8080/TCP. */
    containers?: Container[];
    initContainers?: Container[];
    hostname?: string;
    subdomain?: string;
    created?: string;
    started?: string;
    owner?: { kind: string; name: string };
    enableServiceLinks?: boolean;
    dnsPolicy?: string;
    /** spec.dnsConfig options: ndots (the one option most tests need). */
    ndots?: string;
    /** The whole spec.dnsConfig (nameservers, searches, options); wins over `ndots`. */
    dnsConfig?: Pod['spec']['dnsConfig'];
}

let ipCounter = 10;

/** A Running pod on node-1 (Ready unless `ready: false`), as the kubelet reports it. */
export function pod(name: string, o: PodOptions = {}): Pod {
    const ips = o.ips ?? [o.ip ?? `10.244.1.${ipCounter++}`];
    const ready = o.ready ?? true;
    const containers = o.containers ?? [{ name: 'main', image: 'nginx', ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }] }];
    return {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
            name,
            namespace: o.ns ?? NS,
            uid: `uid-pod-${name}`,
            labels: o.labels ?? { app: 'web' },
            creationTimestamp: o.created ?? T1,
            ...(o.terminating ? { deletionTimestamp: DELETED } : {}),
            ...(o.owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: o.owner.kind, name: o.owner.name, controller: true }] } : {}),
        },
        spec: {
            containers,
            ...(o.initContainers ? { initContainers: o.initContainers } : {}),
            ...(o.hostname ? { hostname: o.hostname } : {}),
            ...(o.subdomain ? { subdomain: o.subdomain } : {}),
            nodeName: 'node-1',
            dnsPolicy: o.dnsPolicy ?? 'ClusterFirst',
            enableServiceLinks: o.enableServiceLinks ?? true,
            ...(o.dnsConfig ? { dnsConfig: o.dnsConfig } : o.ndots !== undefined ? { dnsConfig: { options: [{ name: 'ndots', value: o.ndots }] } } : {}),
        },
        status: podStatus(containers, ips, ready, o),
    };
}

function podStatus(containers: Container[], ips: string[], ready: boolean, o: PodOptions): Pod['status'] {
    return {
        phase: o.phase ?? 'Running',
        ...(ips[0] ? { podIP: ips[0] } : {}),
        podIPs: ips.map((ip) => ({ ip })),
        startTime: o.created ?? T1,
        conditions: [
            { type: 'Initialized', status: 'True' },
            { type: 'Ready', status: ready ? 'True' : 'False', ...(ready ? {} : { reason: 'ContainersNotReady' }) },
            { type: 'ContainersReady', status: ready ? 'True' : 'False' },
        ],
        containerStatuses: containers.map((c) => ({ name: c.name, ready, restartCount: 0, state: { running: { startedAt: o.started ?? T2 } } })),
    };
}

export interface EndpointOptions {
    hostname?: string;
    /** targetRef to this pod (in the slice's namespace unless `podNs`). */
    pod?: string;
    podNs?: string;
    ready?: boolean;
    serving?: boolean;
    terminating?: boolean;
    /** Leave `conditions` out entirely (a hand-made slice). */
    noConditions?: boolean;
}

/** One slice endpoint for `slice`. Ready by default (ready = serving = true, terminating = false). */
export function endpoint(ip: string, o: EndpointOptions = {}): EndpointSliceEndpoint {
    const ready = o.ready ?? true;
    return {
        addresses: [ip],
        ...(o.noConditions ? {} : { conditions: { ready, serving: o.serving ?? ready, terminating: o.terminating ?? false } }),
        ...(o.hostname ? { hostname: o.hostname } : {}),
        ...(o.pod ? { targetRef: { kind: 'Pod', name: o.pod, ...(o.podNs ? { namespace: o.podNs } : {}) } } : {}),
    };
}

export interface SliceOptions {
    ns?: string;
    /** Default <service>-<addresstype>. */
    name?: string;
    /** Slice ports; default one port `http` 8080/TCP (the resolved targetPort). */
    ports?: { name?: string; port?: number; protocol?: string }[];
    /** Default: the family of the first endpoint's address. */
    addressType?: string;
    /** Leave the kubernetes.io/service-name label out. */
    unlabelled?: boolean;
}

/** An EndpointSlice for Service `service`, written by hand (see `slicesFor` for the controller's). */
export function slice(service: string, endpoints: EndpointSliceEndpoint[], o: SliceOptions = {}): EndpointSlice {
    const ns = o.ns ?? NS;
    const addressType = o.addressType ?? familyOf(endpoints[0]?.addresses[0] ?? '');
    return {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: {
            name: o.name ?? `${service}-${addressType.toLowerCase()}`,
            namespace: ns,
            labels: o.unlabelled ? {} : { 'kubernetes.io/service-name': service, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' },
        },
        addressType,
        endpoints: endpoints.map((e) => (e.targetRef && !e.targetRef.namespace ? { ...e, targetRef: { ...e.targetRef, namespace: ns } } : e)),
        ports: (o.ports ?? [{ name: 'http', port: 8080, protocol: 'TCP' }]).map((p) => ({
            name: p.name ?? '',
            port: p.port ?? null,
            protocol: p.protocol ?? 'TCP',
        })),
    };
}

function podReady(p: Pod): boolean {
    return p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** The endpoint the controller writes for pod `p` in a slice of `family` (none when the pod has no IP of it). */
function controllerEndpoint(svc: Service, p: Pod, family: string): EndpointSliceEndpoint[] {
    const addrs = (p.status?.podIPs ?? []).map((x) => x.ip).filter((ip) => familyOf(ip) === family);
    if (addrs.length === 0) return [];
    const serving = podReady(p);
    const terminating = !!p.metadata.deletionTimestamp;
    const ready = svc.spec.publishNotReadyAddresses === true || (serving && !terminating);
    const hostname = p.spec.hostname && p.spec.subdomain === svc.metadata.name ? p.spec.hostname : undefined;
    return [
        {
            addresses: [addrs[0]!],
            conditions: { ready, serving, terminating },
            ...(hostname ? { hostname } : {}),
            nodeName: 'node-1',
            targetRef: { kind: 'Pod', namespace: nsOf(p), name: p.metadata.name, uid: p.metadata.uid },
        },
    ];
}

/** Service ports with targetPort resolved as FindPort does for named ports (first pod that has it). */
function controllerPorts(svc: Service, pods: Pod[]): EndpointSlice['ports'] {
    return (svc.spec.ports ?? []).map((sp) => {
        const t = sp.targetPort ?? sp.port;
        const resolved =
            typeof t === 'number'
                ? t
                : pods
                      .flatMap((p) => p.spec.containers.flatMap((c) => c.ports ?? []))
                      .find((cp) => cp.name === t && (cp.protocol ?? 'TCP') === (sp.protocol ?? 'TCP'))?.containerPort;
        return { name: sp.name ?? '', port: resolved ?? null, protocol: sp.protocol ?? 'TCP' };
    });
}

/**
 * The EndpointSlice(s) the EndpointSlice controller keeps for a Service with a selector: one per address family in
 * spec.ipFamilies (named <service>-abc12 and <service>-def34 unless `names` says otherwise), ports resolved from the
 * pods (tests keep pods uniform where the ports matter), conditions and hostname as `podToEndpoint` sets them.
 */
export function slicesFor(svc: Service, pods: Pod[], o: { names?: { IPv4?: string; IPv6?: string } } = {}): EndpointSlice[] {
    const families = svc.spec.ipFamilies?.length ? svc.spec.ipFamilies : ['IPv4'];
    const headlessLabel: Record<string, string> = svc.spec.clusterIP === 'None' ? { 'service.kubernetes.io/headless': '' } : {};
    return families.map((family) => ({
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: {
            name: (family === 'IPv6' ? o.names?.IPv6 : o.names?.IPv4) ?? `${svc.metadata.name}-${family === 'IPv4' ? 'abc12' : 'def34'}`,
            namespace: nsOf(svc),
            labels: {
                'kubernetes.io/service-name': svc.metadata.name,
                'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
                ...headlessLabel,
            },
            ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: svc.metadata.name, controller: true }],
        },
        addressType: family,
        endpoints: pods.flatMap((p) => controllerEndpoint(svc, p, family)),
        ports: controllerPorts(svc, pods),
    }));
}

/** A Service with its pods and the slices the controller keeps for it (none without a selector). */
export function backed(svc: Service, pods: Pod[]): KubeObject[] {
    return [svc, ...pods, ...(svc.spec.selector ? slicesFor(svc, pods) : [])];
}

export function statefulSet(name: string, serviceName: string | undefined, labels: Record<string, string>, ns = NS): StatefulSet {
    return {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name, namespace: ns, uid: `uid-sts-${name}` },
        spec: {
            ...(serviceName !== undefined ? { serviceName } : {}),
            replicas: 2,
            selector: { matchLabels: labels },
            template: { metadata: { labels }, spec: { containers: [{ name: 'main', image: 'db' }] } },
        },
    };
}

/**
 * The pods of a StatefulSet as its controller makes them: hostname = pod name, subdomain = serviceName; one container
 * serving sql=5432/TCP. `o` applies to every pod (so give `ips`/`ip` only for one pod).
 */
export function statefulSetPods(sts: StatefulSet, count: number, o: PodOptions = {}): Pod[] {
    return Array.from({ length: count }, (_, i) =>
        pod(`${sts.metadata.name}-${i}`, {
            labels: sts.spec.template?.metadata?.labels ?? {},
            hostname: `${sts.metadata.name}-${i}`,
            ...(sts.spec.serviceName ? { subdomain: sts.spec.serviceName } : {}),
            owner: { kind: 'StatefulSet', name: sts.metadata.name },
            ns: nsOf(sts),
            containers: [{ name: 'main', image: 'db', ports: [{ name: 'sql', containerPort: 5432, protocol: 'TCP' }] }],
            ...o,
        }),
    );
}

/** kube-system/coredns, the ConfigMap holding the Corefile (kubeadm's unless given). */
export function corednsConfigMap(corefile = KUBEADM_COREFILE): ConfigMap {
    return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'coredns', namespace: 'kube-system' }, data: { Corefile: corefile } };
}

/**
 * A snapshot of `objects` plus a Namespace for each namespace they use and for `default` and `kube-system`, unless
 * the objects include Namespaces: then those are the cluster's namespaces (so a test can leave one out).
 */
export function snapshotOf(objects: KubeObject[]): ClusterSnapshot {
    if (objects.some((o) => o.kind === 'Namespace')) return snapshotFromObjects(objects, 'test fixture');
    const names = new Set(['default', 'kube-system', ...objects.map((o) => nsOf(o)).filter((n) => n !== '')]);
    return snapshotFromObjects([...[...names].map(namespace), ...objects], 'test fixture');
}

/** The DNS config kubeadm's Corefile gives (ttl 30, pods insecure, reverse zones, fallthrough), with overrides. */
export function dnsConfig(overrides: Partial<DnsConfig> = {}): DnsConfig {
    return { ...kubeadmDefaultDnsConfig(), notes: [], source: 'corefile', ...overrides };
}

/** The DNS engine over `objects` (snapshotOf) and dnsConfig(overrides). */
export function dnsIndexOf(objects: KubeObject[], overrides: Partial<DnsConfig> = {}): DnsIndex {
    return buildDnsIndex(snapshotOf(objects), dnsConfig(overrides));
}
