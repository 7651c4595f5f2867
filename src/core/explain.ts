import { API_VERSION } from './api-version.js';
import type { DnsNameExplanation, EndpointExplanation, PodExplanation, PortExplanation, ServiceExplanation } from './explanation.js';
import { primaryZone, type DnsConfig } from './dns/dns-config.js';
import type { RR } from './dns/reply.js';
import { serviceClusterIps } from './dns/dns-index.js';
import { endpointHostname, expectedReply, isHeadless, serviceDnsNames, type DnsIndex } from './dns/index.js';
import { normalizeReply } from './compare.js';
import { serviceEnvVars } from './envvars.js';
import { evaluateFindings } from './findings/catalogue.js';
import { sortFindings } from './findings/finding.js';
import type { Pod, Service } from './k8s.js';
import { endpointForPod, isPodReady, notReadyReason, podIPs, podsSelectedBy, selectorNearMisses } from './pods.js';
import { normalizeServicePort, resolveTargetPort } from './ports.js';
import { key, nsOf, type ClusterSnapshot } from './snapshot.js';
import { snapshotIndex } from './snapshot-lookups.js';

/**
 * The whole anatomy of one Service (what kubectl describe shows, plus what DNS and kubelet make of it), computed
 * from the snapshot alone. The Service must exist in the snapshot.
 */
export function explainService(snapshot: ClusterSnapshot, index: DnsIndex, config: DnsConfig, service: Service): ServiceExplanation {
    const ns = nsOf(service);
    const name = service.metadata.name;
    const headless = isHeadless(service);
    const type = service.spec.type ?? 'ClusterIP';
    const pods = podsSelectedBy(snapshot, service);
    const explanation: ServiceExplanation = {
        apiVersion: API_VERSION,
        kind: 'ServiceExplanation',
        service: {
            namespace: ns,
            name,
            type,
            headless,
            // as the API holds them ("None" for a headless Service)
            clusterIPs: serviceClusterIps(service).filter((ip) => ip !== ''),
            ipFamilies: service.spec.ipFamilies ?? [],
            ipFamilyPolicy: service.spec.ipFamilyPolicy ?? null,
            externalName: service.spec.externalName ?? null,
            selector: service.spec.selector && Object.keys(service.spec.selector).length > 0 ? service.spec.selector : null,
            publishNotReadyAddresses: service.spec.publishNotReadyAddresses === true,
            sessionAffinity: service.spec.sessionAffinity ?? 'None',
            createdAt: service.metadata.creationTimestamp ?? null,
        },
        ports: explainPorts(service, pods, primaryZone(config)),
        pods: pods.map((pod) => explainPod(service, pod)),
        selectorNearMisses: pods.length === 0 ? selectorNearMisses(snapshot, service) : [],
        endpoints: explainEndpoints(snapshot, config, service),
        dns: serviceDnsNames(index, ns, name).map((q) => ({ name: q.name, type: q.type, reply: normalizeReply(expectedReply(index, q.name, q.type)) })),
        env: headless || type === 'ExternalName' ? [] : serviceEnvVars(service),
        findings: [],
        notes: [
            ...config.notes,
            ...snapshot.missing.map(
                (m) => `missing facts: ${m.resource}${m.namespace ? ` in ${m.namespace}` : ''}: ${m.reason}${m.needs ? ` (svcdig needs ${m.needs})` : ''}`,
            ),
        ],
    };
    explanation.findings = sortFindings(evaluateFindings({ snapshot, config, service, explanation }));
    return explanation;
}

/** Each Service port → its target port on every selected pod, and its SRV name when it has one. */
function explainPorts(service: Service, pods: Pod[], zone: string): PortExplanation[] {
    const ns = nsOf(service);
    const type = service.spec.type ?? 'ClusterIP';
    return (service.spec.ports ?? []).map((raw) => {
        const p = normalizeServicePort(raw);
        const proto = (p.protocol ?? 'TCP').toLowerCase();
        return {
            name: p.name || null,
            protocol: p.protocol ?? 'TCP',
            port: p.port,
            targetPort: p.targetPort ?? p.port,
            ...(p.nodePort ? { nodePort: p.nodePort } : {}),
            ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}),
            srvName: p.name && type !== 'ExternalName' ? `_${p.name}._${proto}.${service.metadata.name}.${ns}.svc.${zone}` : null,
            perPod: pods.map((pod) => {
                const r = resolveTargetPort(p, pod);
                return r.ok
                    ? { pod: pod.metadata.name, port: r.port, ...(r.container ? { container: r.container } : {}), declared: r.declared }
                    : { pod: pod.metadata.name, port: null, reason: r.reason };
            }),
        };
    });
}

/** Every endpoint of the Service's EndpointSlices: its DNS name, conditions, and whether (and why) it is in DNS. */
function explainEndpoints(snapshot: ClusterSnapshot, config: DnsConfig, service: Service): EndpointExplanation[] {
    const slices = snapshotIndex(snapshot).slicesByService.get(key(nsOf(service), service.metadata.name)) ?? [];
    const externalName = service.spec.type === 'ExternalName';
    const endpoints: EndpointExplanation[] = [];
    for (const slice of slices) {
        for (const ep of slice.endpoints ?? []) {
            const ready = ep.conditions?.ready ?? null;
            endpoints.push({
                slice: slice.metadata.name,
                addressType: slice.addressType,
                addresses: ep.addresses,
                dnsName: externalName ? null : endpointHostname(ep, config),
                ready,
                serving: ep.conditions?.serving ?? null,
                terminating: ep.conditions?.terminating ?? null,
                ...(ep.targetRef?.name ? { pod: ep.targetRef.name } : {}),
                ...(ep.nodeName ? { node: ep.nodeName } : {}),
                inDns: !config.noEndpoints && ready !== false && slice.addressType !== 'FQDN',
                why: endpointWhy(ready, ep.conditions?.terminating ?? null, config.noEndpoints, service.spec.publishNotReadyAddresses === true),
            });
        }
    }
    return endpoints;
}

function explainPod(service: Service, pod: Pod): PodExplanation {
    const ready = isPodReady(pod);
    const ep = endpointForPod(service, pod);
    const why = ready ? undefined : notReadyReason(pod);
    return {
        name: pod.metadata.name,
        phase: pod.status?.phase ?? 'Unknown',
        ready,
        ...(why ? { notReadyReason: why } : {}),
        ips: podIPs(pod),
        ...(pod.spec.nodeName ? { node: pod.spec.nodeName } : {}),
        ...(pod.spec.hostname ? { hostname: pod.spec.hostname } : {}),
        ...(pod.spec.subdomain ? { subdomain: pod.spec.subdomain } : {}),
        ...(pod.metadata.creationTimestamp ? { createdAt: pod.metadata.creationTimestamp } : {}),
        terminating: !!pod.metadata.deletionTimestamp,
        endpoint: {
            included: ep.included,
            reason: ep.reason,
            ...(ep.conditions ? { ready: ep.conditions.ready, serving: ep.conditions.serving, terminating: ep.conditions.terminating } : {}),
            ...(ep.hostname ? { hostname: ep.hostname } : {}),
        },
    };
}

function endpointWhy(ready: boolean | null, terminating: boolean | null, noEndpoints: boolean, publishNotReady: boolean): string {
    if (noEndpoints) return 'CoreDNS runs with noendpoints: no endpoint is in DNS';
    if (ready === null) return 'no ready condition: CoreDNS treats it as ready';
    if (ready) return publishNotReady ? 'ready (publishNotReadyAddresses forces ready)' : 'ready';
    if (terminating) return 'terminating: left out of DNS at once, though it may still serve';
    return 'not ready and the Service does not publish not-ready addresses: left out of DNS';
}

export type { RR };
export type { DnsNameExplanation, EndpointExplanation, PodExplanation, PortExplanation, ServiceExplanation };
