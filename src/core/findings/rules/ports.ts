/**
 * Findings about Service ports: how targetPort resolves on the selected pods, and nodePorts.
 */
import type { Pod } from '../../k8s.js';
import type { PortExplanation } from '../../explanation.js';
import type { FindingRule } from '../rule.js';
import { containerProtocol, defineRule, explainedPods, plural, portContainers, ref, shortList, type FindingDraft } from './util.js';

function portLabel(p: PortExplanation): string {
    return `${p.name ? `${p.name} ` : ''}${p.port}/${p.protocol}`;
}

type NamedLookup =
    | { kind: 'found'; container: string }
    | { kind: 'protocol'; others: { container: string; protocol: string }[] }
    | { kind: 'missing'; containers: { name: string; portNames: string[] }[] };

/**
 * FindPort for a named targetPort (kubernetes/endpointslice utils.go `FindPort`): the first container port, in regular
 * containers then sidecar init containers, whose name AND protocol equal the Service port's. A name found
 * only with another protocol does not match.
 */
function lookupNamedPort(pod: Pod, name: string, protocol: string): NamedLookup {
    const containers = portContainers(pod);
    for (const c of containers) {
        if (c.ports.some((cp) => cp.name === name && containerProtocol(cp) === protocol)) return { kind: 'found', container: c.name };
    }
    const others = containers.flatMap((c) => c.ports.filter((cp) => cp.name === name).map((cp) => ({ container: c.name, protocol: containerProtocol(cp) })));
    if (others.length > 0) return { kind: 'protocol', others };
    return { kind: 'missing', containers: containers.map((c) => ({ name: c.name, portNames: c.ports.map((cp) => cp.name).filter((n): n is string => !!n) })) };
}

function namedTargetPorts(ports: PortExplanation[]): (PortExplanation & { targetPort: string })[] {
    return ports.filter((p): p is PortExplanation & { targetPort: string } => typeof p.targetPort === 'string');
}

const DROPPED =
    'the EndpointSlice controller leaves this port out for those pods and the Endpoints controller leaves those pods out of it, so traffic to this port never reaches them';

/**
 * A named targetPort that some selected pods do not declare in any container (kubernetes/kubernetes#83145, #109627;
 * "Is the Service defined correctly?" in https://kubernetes.io/docs/tasks/debug/debug-application/debug-service/;
 * popeye POP-1106). FindPort fails for those pods and the port is dropped for them (kubernetes/endpointslice utils.go
 * `getEndpointPorts`).
 */
export const targetPortNameMissing = defineRule({
    code: 'TARGETPORT_NAME_MISSING',
    severity: 'error',
    summary: 'A named targetPort is not declared by any container of some selected pods, so that port gets no endpoints on them.',
    check: (input) => {
        const x = input.explanation;
        if (x.service.type === 'ExternalName') return [];
        const pods = explainedPods(input);
        if (pods.length === 0) return [];
        const out: FindingDraft[] = [];
        for (const p of namedTargetPorts(x.ports)) {
            const missing: string[] = [];
            const podNames: string[] = [];
            for (const pod of pods) {
                const r = lookupNamedPort(pod, p.targetPort, p.protocol.toUpperCase());
                if (r.kind !== 'missing') continue;
                podNames.push(pod.metadata.name);
                const cs = r.containers.map((c) => `${c.name}${c.portNames.length ? ` has ${c.portNames.join(', ')}` : ' has no named ports'}`);
                missing.push(`${pod.metadata.name} (${cs.join('; ')})`);
            }
            if (missing.length === 0) continue;
            const ns = x.service.namespace;
            out.push({
                message: `Service ${ns}/${x.service.name} port ${portLabel(p)} targets port name "${p.targetPort}", which ${missing.length === pods.length ? 'no selected pod' : `${missing.length} of ${pods.length} selected pods do not`} declare${missing.length === pods.length ? 's' : ''}: ${shortList(missing)}; ${DROPPED}`,
                fix: /^[0-9]+$/.test(p.targetPort)
                    ? `targetPort "${p.targetPort}" is a quoted string and so names a port: write it unquoted (targetPort: ${p.targetPort}) to mean the number`
                    : `add a containerPort named "${p.targetPort}" (protocol ${p.protocol}) to the pod template, or set targetPort to the container's port number`,
                objects: [ref('Service', ns, x.service.name), ...podNames.map((n) => ref('Pod', ns, n))],
            });
        }
        return out;
    },
});

/**
 * A named targetPort that the pods declare only with another protocol: FindPort matches name and protocol
 * exactly, so it fails (kubernetes/endpointslice utils.go `FindPort`; utils_test.go `TestFindPort` "valid str,
 * invalid protocol"; "Is the Service defined correctly?" in
 * https://kubernetes.io/docs/tasks/debug/debug-application/debug-service/).
 */
export const targetPortProtocolMismatch = defineRule({
    code: 'TARGETPORT_PROTOCOL_MISMATCH',
    severity: 'error',
    summary: 'A named targetPort exists on the pods but with another protocol than the Service port, so it never resolves.',
    check: (input) => {
        const x = input.explanation;
        if (x.service.type === 'ExternalName') return [];
        const pods = explainedPods(input);
        const out: FindingDraft[] = [];
        for (const p of namedTargetPorts(x.ports)) {
            const wrong: string[] = [];
            const podNames: string[] = [];
            for (const pod of pods) {
                const r = lookupNamedPort(pod, p.targetPort, p.protocol.toUpperCase());
                if (r.kind !== 'protocol') continue;
                podNames.push(pod.metadata.name);
                wrong.push(`${pod.metadata.name} (${r.others.map((o) => `container ${o.container} declares it as ${o.protocol}`).join('; ')})`);
            }
            if (wrong.length === 0) continue;
            const ns = x.service.namespace;
            out.push({
                message: `Service ${ns}/${x.service.name} port ${portLabel(p)} targets "${p.targetPort}" over ${p.protocol}, but ${plural(wrong.length, 'pod')} declare${wrong.length === 1 ? 's' : ''} it with another protocol: ${shortList(wrong)}; ${DROPPED}`,
                fix: `make the Service port's protocol and the containerPort's protocol agree (add a second Service port or containerPort for the other protocol if both are needed)`,
                objects: [ref('Service', ns, x.service.name), ...podNames.map((n) => ref('Pod', ns, n))],
            });
        }
        return out;
    },
});

/**
 * A numeric targetPort that pods with declared ports do not declare. A number needs no declaration — FindPort
 * returns it as is (kubernetes/endpointslice utils_test.go `TestFindPort` "valid int, no ports") — so this is
 * information: when the containers declare other ports, the number is often a typo ("Is the Service defined
 * correctly?" in https://kubernetes.io/docs/tasks/debug/debug-application/debug-service/; popeye POP-1106).
 * Pods that declare no ports at all say nothing either way and are skipped, as popeye does (POP-1101).
 */
export const targetPortNotDeclared = defineRule({
    code: 'TARGETPORT_NOT_DECLARED',
    severity: 'info',
    summary: 'A numeric targetPort is not among the container ports the selected pods declare (it still works; often a typo).',
    check: (input) => {
        const x = input.explanation;
        if (x.service.type === 'ExternalName') return [];
        const pods = explainedPods(input);
        const out: FindingDraft[] = [];
        for (const p of x.ports) {
            if (typeof p.targetPort !== 'number') continue;
            const target = p.targetPort;
            const proto = p.protocol.toUpperCase();
            const undeclared: string[] = [];
            const podNames: string[] = [];
            for (const pod of pods) {
                const declared = portContainers(pod).flatMap((c) => c.ports);
                if (declared.length === 0) continue;
                if (declared.some((cp) => cp.containerPort === target && containerProtocol(cp) === proto)) continue;
                const otherProto = declared.filter((cp) => cp.containerPort === target).map(containerProtocol);
                const listed = declared.map((cp) => `${cp.containerPort}/${containerProtocol(cp)}`);
                podNames.push(pod.metadata.name);
                undeclared.push(
                    `${pod.metadata.name} (${otherProto.length ? `declares ${target} only as ${otherProto.join(', ')}` : `declares ${shortList([...new Set(listed)], 4)}`})`,
                );
            }
            if (undeclared.length === 0) continue;
            const ns = x.service.namespace;
            out.push({
                message: `Service ${ns}/${x.service.name} port ${portLabel(p)} targets ${target}/${proto}, which ${plural(undeclared.length, 'selected pod')} ${undeclared.length === 1 ? 'does' : 'do'} not declare: ${shortList(undeclared)}`,
                fix: `check that the application listens on ${target}/${proto}; declare it as a named containerPort and target it by name`,
                objects: [ref('Service', ns, x.service.name), ...podNames.map((n) => ref('Pod', ns, n))],
            });
        }
        return out;
    },
});

/**
 * The API server's default --service-node-port-range, 30000–32767 (kubernetes/kubernetes
 * pkg/kubeapiserver/options/options.go;
 * https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport).
 */
export const DEFAULT_NODE_PORT_RANGE = { min: 30000, max: 32767 } as const;

/**
 * A nodePort outside the default range means the API server runs with a custom --service-node-port-range
 * (the API server refuses an out-of-range port otherwise:
 * https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport). Worth knowing for firewall rules
 * (popeye POP-1104 flags NodePort Services at info level, derailed/popeye internal/lint/svc.go).
 */
export const nodePortOutsideDefaultRange = defineRule({
    code: 'NODEPORT_OUTSIDE_DEFAULT_RANGE',
    severity: 'info',
    summary: 'A nodePort lies outside the default range 30000–32767, so the cluster uses a custom --service-node-port-range.',
    check: ({ explanation: x }) => {
        const outside = x.ports.filter(
            (p) => p.nodePort !== undefined && (p.nodePort < DEFAULT_NODE_PORT_RANGE.min || p.nodePort > DEFAULT_NODE_PORT_RANGE.max),
        );
        if (outside.length === 0) return [];
        const ns = x.service.namespace;
        return [
            {
                message: `Service ${ns}/${x.service.name} uses nodePort ${outside.map((p) => `${p.nodePort} (port ${portLabel(p)})`).join(', ')}, outside the default range ${DEFAULT_NODE_PORT_RANGE.min}-${DEFAULT_NODE_PORT_RANGE.max}`,
                fix: 'nothing to fix if the API server sets --service-node-port-range on purpose; make sure node firewalls allow that range',
                objects: [ref('Service', ns, x.service.name)],
            },
        ];
    },
});

export const PORT_RULES: FindingRule[] = [targetPortNameMissing, targetPortProtocolMismatch, targetPortNotDeclared, nodePortOutsideDefaultRange];
