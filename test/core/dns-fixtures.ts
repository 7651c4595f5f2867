/**
 * Tiny builders of API-shaped objects for the DNS engine tests. They write objects as the API server and the
 * EndpointSlice controller would leave them (kubernetes/endpointslice utils.go), but leave every DNS-relevant field to
 * the test: slices are written by hand so a test states exactly which conditions, hostnames and ports CoreDNS sees.
 */
import assert from 'node:assert/strict';
import { snapshotFromObjects } from '../../src/core/snapshot-from-objects.js';
import { kubeadmDefaultDnsConfig, type DnsConfig } from '../../src/core/dns/dns-config.js';
import { rdataText, type Reply, type RR } from '../../src/core/dns/reply.js';
import { buildDnsIndex, type DnsIndex } from '../../src/core/dns/index.js';
import type { EndpointSlice, EndpointSliceEndpoint, KubeObject, Namespace, Pod, Service, ServicePort } from '../../src/core/k8s.js';
import type { ClusterSnapshot } from '../../src/core/snapshot.js';

export const NS = 'testns';

export function namespace(name: string): Namespace {
    return { apiVersion: 'v1', kind: 'Namespace', metadata: { name }, status: { phase: 'Active' } };
}

export interface SvcOptions {
    ns?: string;
    type?: string;
    clusterIP?: string;
    clusterIPs?: string[];
    ports?: ServicePort[];
    selector?: Record<string, string> | null;
    publishNotReadyAddresses?: boolean;
    annotations?: Record<string, string>;
    externalName?: string;
}

/** A ClusterIP Service (default IP 10.96.0.20, one port `http` 80/TCP → 8080, selector app=<name>). */
export function svc(name: string, o: SvcOptions = {}): Service {
    const type = o.type ?? 'ClusterIP';
    const external = type === 'ExternalName';
    const clusterIP = external ? undefined : (o.clusterIP ?? o.clusterIPs?.[0] ?? '10.96.0.20');
    const clusterIPs = external ? undefined : (o.clusterIPs ?? [clusterIP!]);
    const ports = (o.ports ?? (external ? [] : [{ name: 'http', port: 80, targetPort: 8080 }])).map((p) => ({ protocol: 'TCP', ...p }));
    const selector = o.selector === null || external ? undefined : (o.selector ?? { app: name });
    const families = clusterIPs && clusterIP !== 'None' ? clusterIPs.map((ip) => (ip.includes(':') ? 'IPv6' : 'IPv4')) : ['IPv4'];
    return {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name, namespace: o.ns ?? NS, ...(o.annotations ? { annotations: o.annotations } : {}) },
        spec: {
            type,
            ...(clusterIP ? { clusterIP, clusterIPs, ipFamilies: families, ipFamilyPolicy: families.length > 1 ? 'RequireDualStack' : 'SingleStack' } : {}),
            ...(ports.length > 0 ? { ports } : {}),
            ...(selector ? { selector } : {}),
            ...(o.publishNotReadyAddresses ? { publishNotReadyAddresses: true } : {}),
            ...(external ? { externalName: o.externalName ?? 'example.net' } : {}),
        },
    };
}

/** A headless Service (clusterIP None). */
export function headless(name: string, o: SvcOptions = {}): Service {
    return svc(name, { ...o, clusterIP: 'None', clusterIPs: ['None'] });
}

export function externalName(name: string, target: string, o: SvcOptions = {}): Service {
    return svc(name, { ...o, type: 'ExternalName', externalName: target });
}

export interface EpOptions {
    hostname?: string;
    pod?: string;
    ready?: boolean;
    serving?: boolean;
    terminating?: boolean;
    /** Leave `conditions` out entirely (a hand-made slice). */
    noConditions?: boolean;
}

/** One slice endpoint. Ready by default (ready=serving=true, terminating=false). */
export function ep(ip: string, o: EpOptions = {}): EndpointSliceEndpoint {
    const ready = o.ready ?? true;
    return {
        addresses: [ip],
        ...(o.noConditions ? {} : { conditions: { ready, serving: o.serving ?? ready, terminating: o.terminating ?? false } }),
        ...(o.hostname ? { hostname: o.hostname } : {}),
        ...(o.pod ? { targetRef: { kind: 'Pod', name: o.pod, namespace: NS } } : {}),
    };
}

export interface SliceOptions {
    ns?: string;
    name?: string;
    /** Slice ports; default one port `http` 8080/TCP (the resolved targetPort). */
    ports?: { name?: string; port?: number; protocol?: string }[];
    addressType?: string;
    /** Leave the kubernetes.io/service-name label out. */
    unlabelled?: boolean;
}

/** An EndpointSlice for Service `service`. */
export function slice(service: string, endpoints: EndpointSliceEndpoint[], o: SliceOptions = {}): EndpointSlice {
    const addressType = o.addressType ?? (endpoints[0]?.addresses[0]?.includes(':') ? 'IPv6' : 'IPv4');
    return {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: {
            name: o.name ?? `${service}-${addressType.toLowerCase()}`,
            namespace: o.ns ?? NS,
            labels: o.unlabelled ? {} : { 'kubernetes.io/service-name': service, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' },
        },
        addressType,
        endpoints,
        ports: (o.ports ?? [{ name: 'http', port: 8080, protocol: 'TCP' }]).map((p) => ({
            name: p.name ?? '',
            port: p.port ?? null,
            protocol: p.protocol ?? 'TCP',
        })),
    };
}

export interface PodOptions {
    ns?: string;
    ready?: boolean;
    hostname?: string;
    subdomain?: string;
    labels?: Record<string, string>;
    deleting?: boolean;
    phase?: string;
    podIPs?: string[];
}

/** A Running pod with one IP (Ready unless `ready: false`). */
export function pod(name: string, ip: string, o: PodOptions = {}): Pod {
    const ready = o.ready ?? true;
    return {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: o.ns ?? NS, labels: o.labels ?? {}, ...(o.deleting ? { deletionTimestamp: '2024-03-01T10:10:00Z' } : {}) },
        spec: { containers: [{ name: 'c' }], ...(o.hostname ? { hostname: o.hostname } : {}), ...(o.subdomain ? { subdomain: o.subdomain } : {}) },
        status: {
            phase: o.phase ?? 'Running',
            podIP: ip,
            podIPs: (o.podIPs ?? [ip]).map((x) => ({ ip: x })),
            conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
        },
    };
}

export function snapshot(...objects: KubeObject[]): ClusterSnapshot {
    const hasNs = objects.some((o) => o.kind === 'Namespace');
    return snapshotFromObjects(hasNs ? objects : [namespace(NS), namespace('default'), namespace('kube-system'), ...objects], 'test fixture');
}

/** kubeadm's kubernetes plugin (ttl 30, pods insecure, reverse zones, fallthrough in-addr.arpa ip6.arpa) + overrides. */
export function config(overrides: Partial<DnsConfig> = {}): DnsConfig {
    return { ...kubeadmDefaultDnsConfig(), notes: [], source: 'corefile', ...overrides };
}

export function engine(objects: KubeObject[], overrides: Partial<DnsConfig> = {}): DnsIndex {
    return buildDnsIndex(snapshot(...objects), config(overrides));
}

export function rr(name: string, type: string, data: RR['data'], ttl = 30): RR {
    return { name, type, ttl, data };
}

const key = (r: RR) => `${r.name} ${r.ttl} ${r.type} ${rdataText(r)}`;

/**
 * Compares answer sections as sets (loadbalance shuffles order, coredns/coredns plugin/loadbalance/README.md), exactly
 * on name, type, TTL and data.
 */
export function assertRecords(actual: RR[], expected: RR[], what = 'answers'): void {
    assert.deepEqual(actual.map(key).sort(), expected.map(key).sort(), what);
}

export function assertNxdomain(reply: Reply): void {
    assert.equal(reply.rcode, 'NXDOMAIN', reply.because.join('; '));
    assert.equal(reply.answers.length, 0);
    assert.notEqual(reply.forwarded, true);
}

/** NODATA: NOERROR, no answers, the zone SOA in authority (RFC 2308 §2.2; CoreDNS plugin/backend_lookup.go `SOA`). */
export function assertNodata(reply: Reply): void {
    assert.equal(reply.rcode, 'NOERROR', reply.because.join('; '));
    assert.deepEqual(reply.answers, []);
    assert.equal(reply.authority?.[0]?.type, 'SOA');
    assert.notEqual(reply.forwarded, true);
}
