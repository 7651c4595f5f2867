import type { Container, ContainerPort, Pod, ServicePort } from './k8s.js';

/**
 * A Service port with the API server's defaults applied (kubernetes/kubernetes pkg/apis/core/v1/defaults.go
 * `SetDefaults_Service`): an empty protocol is TCP, and an unset, zero or empty targetPort equals `port`.
 */
export function normalizeServicePort(p: ServicePort): Required<Pick<ServicePort, 'port' | 'protocol'>> & ServicePort {
    const targetPort = p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '' ? p.port : p.targetPort;
    return { ...p, protocol: p.protocol || 'TCP', targetPort };
}

export type TargetPortResolution = { ok: true; port: number; container?: string; declared: boolean } | { ok: false; reason: string };

/** The containers whose ports a named targetPort can match, in FindPort's order: regular containers, then sidecars. */
function portSources(pod: Pod): { container: Container; sidecar: boolean }[] {
    return [
        ...pod.spec.containers.map((container) => ({ container, sidecar: false })),
        ...(pod.spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((container) => ({ container, sidecar: true })),
    ];
}

const protocolOf = (p: { protocol?: string }) => p.protocol || 'TCP';

/**
 * FindPort (kubernetes/endpointslice utils.go `FindPort`): where traffic for a Service port lands on one pod.
 * - A numeric targetPort is used as is; the pod need not declare it (`declared` says whether some container does).
 * - A named targetPort is the `containerPort` of the first container port with that name **and** the Service
 *   port's protocol: regular containers in order first, then sidecar init containers (`restartPolicy: Always`).
 *   Plain init containers never match; hostPort/hostIP play no part.
 */
export function resolveTargetPort(servicePort: ServicePort, pod: Pod): TargetPortResolution {
    const sp = normalizeServicePort(servicePort);
    const target = sp.targetPort ?? sp.port;
    const sources = portSources(pod);
    if (typeof target === 'number') {
        for (const { container } of sources) {
            if ((container.ports ?? []).some((cp) => cp.containerPort === target && protocolOf(cp) === sp.protocol)) {
                return { ok: true, port: target, container: container.name, declared: true };
            }
        }
        return { ok: true, port: target, declared: false };
    }
    for (const { container } of sources) {
        const hit = (container.ports ?? []).find((cp) => cp.name === target && protocolOf(cp) === sp.protocol);
        if (hit) return { ok: true, port: hit.containerPort, container: container.name, declared: true };
    }
    return { ok: false, reason: namedPortMissReason(target, sp.protocol, pod, sources) };
}

function namedPortMissReason(name: string, protocol: string, pod: Pod, sources: { container: Container; sidecar: boolean }[]): string {
    const podName = pod.metadata.name;
    const sameName: { c: string; p: ContainerPort }[] = [];
    for (const { container } of sources) {
        for (const p of container.ports ?? []) if (p.name === name) sameName.push({ c: container.name, p });
    }
    if (sameName.length > 0) {
        const have = sameName.map(({ c, p }) => `${c} declares ${name}=${p.containerPort}/${protocolOf(p)}`).join(', ');
        return `pod ${podName} has no ${protocol} port named "${name}" (${have}): the protocol must match`;
    }
    const plainInit = (pod.spec.initContainers ?? []).filter((c) => c.restartPolicy !== 'Always' && (c.ports ?? []).some((p) => p.name === name));
    if (plainInit.length > 0) {
        return `pod ${podName} declares port "${name}" only on init container ${plainInit.map((c) => c.name).join(', ')}, which is not a sidecar (restartPolicy is not Always)`;
    }
    if (/^[0-9]+$/.test(name)) {
        return `targetPort "${name}" is a string, so it names a port; pod ${podName} has no container port named "${name}" (write it unquoted to mean the number)`;
    }
    const names = sources.flatMap(({ container }) => (container.ports ?? []).filter((p) => p.name).map((p) => p.name!));
    return `pod ${podName} has no container port named "${name}"${names.length ? ` (named ports: ${[...new Set(names)].join(', ')})` : ' (it declares no named ports)'}`;
}
