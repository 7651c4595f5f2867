/**
 * Small clusters for the finding tests, built as the API server and the controllers would leave them
 * (kubernetes/endpointslice utils.go: EndpointSlice per Service with ready = publishNotReadyAddresses || (Ready &&
 * !terminating), serving = Ready, terminating = deletionTimestamp set; hostname only when subdomain == Service name).
 * Every test goes through explainService, the path `svcdig explain` takes.
 */
import { snapshotFromObjects } from '../../../src/core/snapshot-from-objects.js';
import { dnsConfigFor } from '../../../src/core/dns/corefile.js';
import { kubeadmDefaultDnsConfig, type DnsConfig } from '../../../src/core/dns/dns-config.js';
import { buildDnsIndex } from '../../../src/core/dns/index.js';
import { explainService, type ServiceExplanation } from '../../../src/core/explain.js';
import { clusterFindings } from '../../../src/core/findings/catalogue.js';
import type { Finding } from '../../../src/core/findings/finding.js';
import type { Container, EndpointSlice, Endpoints, KubeObject, Namespace, Pod, Service, StatefulSet } from '../../../src/core/k8s.js';
import { nsOf, type ClusterSnapshot } from '../../../src/core/snapshot.js';

export const NS = 'app';
/** Services are created at T0; pods at T1 and their containers start at T2, unless a test says otherwise. */
export const T0 = '2024-03-01T10:00:00Z';
export const T1 = '2024-03-01T10:05:00Z';
export const T2 = '2024-03-01T10:05:20Z';

export function namespace(name: string): Namespace {
    return { apiVersion: 'v1', kind: 'Namespace', metadata: { name }, status: { phase: 'Active' } };
}

export interface ServiceOptions {
    ns?: string;
    type?: string;
    clusterIP?: string;
    clusterIPs?: string[];
    ipFamilies?: string[];
    ipFamilyPolicy?: string;
    ports?: Service['spec']['ports'];
    selector?: Record<string, string> | null;
    externalName?: string;
    publishNotReadyAddresses?: boolean;
    sessionAffinity?: string;
    annotations?: Record<string, string>;
    created?: string;
}

/** A Service as the API server stores it (defaults filled: protocol TCP, targetPort, sessionAffinity None, ipFamilies). */
export function service(name: string, o: ServiceOptions = {}): Service {
    const type = o.type ?? 'ClusterIP';
    const external = type === 'ExternalName';
    const clusterIP = external ? undefined : (o.clusterIP ?? '10.96.0.20');
    const clusterIPs = external ? undefined : (o.clusterIPs ?? [clusterIP!]);
    const ports = (o.ports ?? (external ? [] : [{ name: 'http', port: 80, targetPort: 'http' }])).map((p) => ({ protocol: 'TCP', targetPort: p.port, ...p }));
    const selector = o.selector === null ? undefined : (o.selector ?? { app: name });
    return {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: {
            name,
            namespace: o.ns ?? NS,
            uid: `uid-svc-${name}`,
            creationTimestamp: o.created ?? T0,
            ...(o.annotations ? { annotations: o.annotations } : {}),
        },
        spec: {
            type,
            ...(clusterIP ? { clusterIP, clusterIPs } : {}),
            ...(external
                ? {}
                : {
                      ipFamilies: o.ipFamilies ?? [clusterIP !== 'None' && clusterIP!.includes(':') ? 'IPv6' : 'IPv4'],
                      ipFamilyPolicy: o.ipFamilyPolicy ?? 'SingleStack',
                  }),
            ...(ports.length ? { ports } : {}),
            ...(selector ? { selector } : {}),
            ...(o.externalName ? { externalName: o.externalName } : {}),
            ...(o.publishNotReadyAddresses !== undefined ? { publishNotReadyAddresses: o.publishNotReadyAddresses } : {}),
            sessionAffinity: o.sessionAffinity ?? 'None',
        },
    };
}

export interface PodOptions {
    ns?: string;
    labels?: Record<string, string>;
    ip?: string;
    ips?: string[];
    ready?: boolean;
    terminating?: boolean;
    containers?: Container[];
    initContainers?: Container[];
    hostname?: string;
    subdomain?: string;
    created?: string;
    started?: string;
    owner?: { kind: string; name: string };
    enableServiceLinks?: boolean;
    dnsPolicy?: string;
    ndots?: string;
    phase?: string;
}

let ipCounter = 10;

/** A running pod with one container `main` serving a named port http=8080/TCP, Ready unless told otherwise. */
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
            ...(o.terminating ? { deletionTimestamp: '2024-03-01T11:00:00Z' } : {}),
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
            ...(o.ndots !== undefined ? { dnsConfig: { options: [{ name: 'ndots', value: o.ndots }] } } : {}),
        },
        status: {
            phase: o.phase ?? 'Running',
            podIP: ips[0]!,
            podIPs: ips.map((ip) => ({ ip })),
            startTime: o.created ?? T1,
            conditions: [
                { type: 'Initialized', status: 'True' },
                { type: 'Ready', status: ready ? 'True' : 'False', ...(ready ? {} : { reason: 'ContainersNotReady' }) },
                { type: 'ContainersReady', status: ready ? 'True' : 'False' },
            ],
            containerStatuses: containers.map((c) => ({ name: c.name, ready, restartCount: 0, state: { running: { startedAt: o.started ?? T2 } } })),
        },
    };
}

function podReady(p: Pod): boolean {
    return p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/**
 * The EndpointSlice(s) the EndpointSlice controller keeps for a Service with a selector: one per address family in
 * spec.ipFamilies, ports resolved as FindPort does for named ports (first pod's resolution; tests keep pods uniform
 * where the ports matter), conditions and hostname as kubernetes/endpointslice utils.go `podToEndpoint` sets them.
 */
export function slicesFor(svc: Service, pods: Pod[]): EndpointSlice[] {
    const families = svc.spec.ipFamilies?.length ? svc.spec.ipFamilies : ['IPv4'];
    const publish = svc.spec.publishNotReadyAddresses === true;
    const headless = svc.spec.clusterIP === 'None';
    return families.map((family) => ({
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: {
            name: `${svc.metadata.name}-${family === 'IPv4' ? 'abc12' : 'def34'}`,
            namespace: nsOf(svc),
            labels: {
                'kubernetes.io/service-name': svc.metadata.name,
                'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
                ...(headless ? { 'service.kubernetes.io/headless': '' } : {}),
            },
            ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: svc.metadata.name, controller: true }],
        },
        addressType: family,
        endpoints: pods.flatMap((p) => {
            const addrs = (p.status?.podIPs ?? []).map((x) => x.ip).filter((ip) => (family === 'IPv6') === ip.includes(':'));
            if (addrs.length === 0) return [];
            const serving = podReady(p);
            const terminating = !!p.metadata.deletionTimestamp;
            const hostname = p.spec.hostname && p.spec.subdomain === svc.metadata.name ? p.spec.hostname : undefined;
            return [
                {
                    addresses: [addrs[0]!],
                    conditions: { ready: publish || (serving && !terminating), serving, terminating },
                    ...(hostname ? { hostname } : {}),
                    nodeName: 'node-1',
                    targetRef: { kind: 'Pod', namespace: nsOf(p), name: p.metadata.name, uid: p.metadata.uid },
                },
            ];
        }),
        ports: (svc.spec.ports ?? []).map((sp) => {
            const t = sp.targetPort ?? sp.port;
            const resolved =
                typeof t === 'number'
                    ? t
                    : pods
                          .flatMap((p) => p.spec.containers.flatMap((c) => c.ports ?? []))
                          .find((cp) => cp.name === t && (cp.protocol ?? 'TCP') === (sp.protocol ?? 'TCP'))?.containerPort;
            return { name: sp.name ?? '', port: resolved ?? null, protocol: sp.protocol ?? 'TCP' };
        }),
    }));
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

/** The pods of a StatefulSet as its controller makes them: hostname = pod name, subdomain = serviceName. */
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

export function snapshotOf(objects: KubeObject[]): ClusterSnapshot {
    const nss = new Set(objects.map((o) => nsOf(o)).filter((n) => n !== ''));
    nss.add('default');
    const namespaces = [...nss].filter((n) => !objects.some((o) => o.kind === 'Namespace' && o.metadata.name === n)).map(namespace);
    return snapshotFromObjects([...namespaces, ...objects], 'test fixture');
}

/** A Service with its pods and the slice the controller keeps for it. */
export function backed(svc: Service, pods: Pod[]): KubeObject[] {
    return [svc, ...pods, ...(svc.spec.selector ? slicesFor(svc, pods) : [])];
}

/**
 * The healthy baseline: ClusterIP Service `web` (named port http → targetPort http) over two Ready pods, and a
 * StatefulSet `db` governed by headless Service `db` (named port sql) with two Ready pods. Nothing in it is
 * wrong; the only information it gives is NDOTS_COST (ndots:5 is kubelet's default).
 */
export function healthyObjects(): KubeObject[] {
    const web = service('web', { selector: { app: 'web' } });
    const db = service('db', { clusterIP: 'None', ports: [{ name: 'sql', port: 5432, targetPort: 5432 }], selector: { app: 'db' } });
    const sts = statefulSet('db', 'db', { app: 'db' });
    return [...backed(web, [pod('web-a'), pod('web-b')]), sts, ...backed(db, statefulSetPods(sts, 2))];
}

export function explain(objects: KubeObject[] | ClusterSnapshot, name: string, o: { ns?: string; config?: DnsConfig } = {}): ServiceExplanation {
    const snapshot = Array.isArray(objects) ? snapshotOf(objects) : objects;
    const config = o.config ?? kubeadmDefaultDnsConfig();
    const ns = o.ns ?? NS;
    const svc = snapshot.services.find((s) => nsOf(s) === ns && s.metadata.name === name);
    if (!svc) throw new Error(`fixture has no Service ${ns}/${name}`);
    return explainService(snapshot, buildDnsIndex(snapshot, config), config, svc);
}

export function cluster(objects: KubeObject[], config: DnsConfig = kubeadmDefaultDnsConfig()): Finding[] {
    return clusterFindings(snapshotOf(objects), config);
}

/** The DNS config a scenario's own Corefile gives. */
export function scenarioConfig(snapshot: ClusterSnapshot): DnsConfig {
    return dnsConfigFor(snapshot.corednsConfigMap?.data?.Corefile);
}

export function withCode(findings: Finding[], code: string): Finding[] {
    return findings.filter((f) => f.code === code);
}

/** The single finding of `code`; fails the test when there is none or more than one. */
export function only(findings: Finding[], code: string): Finding {
    const hits = withCode(findings, code);
    if (hits.length !== 1) throw new Error(`expected exactly one ${code}, got ${hits.length}: ${JSON.stringify(findings.map((f) => f.code))}`);
    return hits[0]!;
}

export function codes(findings: Finding[]): string[] {
    return findings.map((f) => f.code);
}

export type { Endpoints };
