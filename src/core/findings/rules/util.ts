import { primaryZone as primaryZoneOf } from '../../dns/dns-config.js';
import { snapshotIndex } from '../../snapshot-lookups.js';
/**
 * Small helpers the finding rules share: object references, short lists, pod lookups. Pure.
 */
import type { ContainerPort, Pod } from '../../k8s.js';
import { key, type ClusterSnapshot } from '../../snapshot.js';
import type { ClusterFindingInput, ClusterFindingRule, FindingInput, FindingRule } from '../rule.js';
import type { Finding } from '../finding.js';

/** `Service/ns/name`, the form Finding.objects uses. */
export function ref(kind: string, namespace: string, name: string): string {
    return `${kind}/${namespace}/${name}`;
}

/** "a, b, c and 4 more": keeps one-line messages one line. */
export function shortList(items: string[], max = 3): string {
    if (items.length <= max) return items.join(', ');
    return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
    return `${n} ${n === 1 ? one : many}`;
}

/** The pod object of a pod the explanation names (pods are looked up in the Service's namespace). */
export function podNamed(snapshot: ClusterSnapshot, namespace: string, name: string): Pod | undefined {
    return snapshotIndex(snapshot).podByKey.get(key(namespace, name));
}

/** The pods of the explanation as API objects, in the explanation's order. */
export function explainedPods(input: FindingInput): Pod[] {
    const ns = input.explanation.service.namespace;
    return input.explanation.pods.map((p) => podNamed(input.snapshot, ns, p.name)).filter((p): p is Pod => p !== undefined);
}

/**
 * True when svcdig could not list pods in the namespace (RBAC, not served). Rules that conclude from the
 * absence of pods stay quiet then: absence of evidence is not evidence.
 */
export function podsUnknown(snapshot: ClusterSnapshot, namespace: string): boolean {
    return snapshot.missing.some((m) => /\bpods?\b/i.test(m.resource) && (m.namespace === undefined || m.namespace === namespace));
}

export function servicesUnknown(snapshot: ClusterSnapshot, namespace: string): boolean {
    return snapshot.missing.some((m) => /\bservices?\b/i.test(m.resource) && (m.namespace === undefined || m.namespace === namespace));
}

/**
 * The containers a named targetPort is looked up in, in FindPort's order: regular containers, then sidecar
 * init containers (restartPolicy Always); plain init containers are ignored (kubernetes/endpointslice utils.go
 * `FindPort`).
 */
export function portContainers(pod: Pod): { name: string; sidecar: boolean; ports: ContainerPort[] }[] {
    return [
        ...pod.spec.containers.map((c) => ({ name: c.name, sidecar: false, ports: c.ports ?? [] })),
        ...(pod.spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => ({ name: c.name, sidecar: true, ports: c.ports ?? [] })),
    ];
}

/** Container port protocol after defaulting (API ContainerPort: "" → TCP). */
export function containerProtocol(p: ContainerPort): string {
    return (p.protocol || 'TCP').toUpperCase();
}

/** `k=v,k2=v2`, the form kubectl prints selectors in. */
export function selectorText(selector: Record<string, string>): string {
    return Object.entries(selector)
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
}

/** The primary cluster domain (first zone of the kubernetes plugin). */
export function primaryZone(input: { config: { zones: string[] } }): string {
    return primaryZoneOf(input.config);
}

/** What a rule body returns for one finding; the code and severity come from the rule. */
export interface FindingDraft {
    message: string;
    fix: string;
    objects?: string[];
}

/**
 * Builds a FindingRule whose findings carry the rule's own code and severity, so the catalogue entry and
 * every finding it emits cannot disagree.
 */
export function defineRule(rule: {
    code: string;
    severity: Finding['severity'];
    summary: string;
    check: (input: FindingInput) => FindingDraft[];
}): FindingRule {
    return {
        code: rule.code,
        severity: rule.severity,
        summary: rule.summary,
        check: (input) =>
            rule
                .check(input)
                .map((d) => ({ code: rule.code, severity: rule.severity, message: d.message, fix: d.fix, ...(d.objects ? { objects: d.objects } : {}) })),
    };
}

/** defineRule for snapshot-wide rules (`check`): same guarantee, input without a Service. */
export function defineClusterRule(rule: {
    code: string;
    severity: Finding['severity'];
    summary: string;
    check: (input: ClusterFindingInput) => FindingDraft[];
}): ClusterFindingRule {
    return {
        code: rule.code,
        severity: rule.severity,
        summary: rule.summary,
        check: (input) =>
            rule
                .check(input)
                .map((d) => ({ code: rule.code, severity: rule.severity, message: d.message, fix: d.fix, ...(d.objects ? { objects: d.objects } : {}) })),
    };
}
