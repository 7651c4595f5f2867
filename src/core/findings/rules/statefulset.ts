/**
 * Findings about stable per-pod DNS names: StatefulSet serviceName and pod hostname/subdomain.
 *
 * `<pod>.<serviceName>.<ns>.svc.<zone>` needs a Service named exactly serviceName in the pod's namespace, headless,
 * whose selector matches the pods, and ready pods
 * (https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-network-id; kubernetes/endpointslice
 * util/controller_utils.go `ShouldSetHostname`; kubernetes/kubernetes#74950, #68356; kube-score
 * statefulset-has-servicename).
 */
import type { Pod, StatefulSet } from '../../k8s.js';
import { nsOf } from '../../snapshot.js';
import { serviceNamed, servicesIn } from '../../snapshot-lookups.js';
import { closeNames } from '../../suggest.js';
import type { ClusterFindingRule, FindingRule } from '../rule.js';
import { selectorMatches } from '../../pods.js';
import { defineClusterRule, defineRule, ref, selectorText, servicesUnknown, shortList } from './util.js';

function statefulSetsNaming(snapshot: { statefulSets: StatefulSet[] }, ns: string, service: string): StatefulSet[] {
    return snapshot.statefulSets.filter((s) => nsOf(s) === ns && s.spec.serviceName === service);
}

function templateLabels(sts: StatefulSet): Record<string, string> {
    return sts.spec.template?.metadata?.labels ?? sts.spec.selector?.matchLabels ?? {};
}

/**
 * The StatefulSet's governing Service is not headless. The Kubernetes DNS spec and docs give per-pod names only
 * under headless Services, and the Service name answers the ClusterIP instead of the pods, so peer discovery by
 * that name fails. CoreDNS answers `<hostname>.<svc>` under a ClusterIP Service too, as an extension
 * (coredns/coredns plugin/kubernetes/kubernetes.go `findServices`), hence a warning; an ExternalName Service has no
 * endpoints at all.
 */
export const statefulSetServiceNotHeadless = defineRule({
    code: 'STATEFULSET_SERVICE_NOT_HEADLESS',
    severity: 'warning',
    summary: 'A StatefulSet names this Service as its serviceName but the Service is not headless (no guaranteed per-pod DNS names).',
    check: ({ snapshot, explanation: x }) => {
        if (x.service.headless) return [];
        const ns = x.service.namespace;
        return statefulSetsNaming(snapshot, ns, x.service.name).map((sts) => ({
            message:
                x.service.type === 'ExternalName'
                    ? `StatefulSet ${ns}/${sts.metadata.name} has serviceName ${x.service.name}, an ExternalName Service: its pods get no DNS names`
                    : `StatefulSet ${ns}/${sts.metadata.name} has serviceName ${x.service.name}, a ${x.service.type} Service with ClusterIP ${x.service.clusterIPs[0] ?? '?'}: ${x.service.name}.${ns} answers that IP, not the pods, and ${sts.metadata.name}-0.${x.service.name} is only a CoreDNS extension`,
            fix: `point serviceName at a headless Service (clusterIP: None) with the same selector; keep this one for load-balanced access`,
            objects: [ref('StatefulSet', ns, sts.metadata.name), ref('Service', ns, x.service.name)],
        }));
    },
});

/**
 * The StatefulSet's governing Service does not select its pods (or has no selector), so the pods never become
 * its endpoints and their hostnames are never published (kubernetes/endpointslice util/controller_utils.go
 * `ShouldSetHostname`).
 */
export const statefulSetServiceSelectorMismatch = defineRule({
    code: 'STATEFULSET_SERVICE_SELECTOR_MISMATCH',
    severity: 'error',
    summary: "A StatefulSet names this Service as its serviceName but the Service's selector does not match the StatefulSet's pod labels.",
    check: ({ snapshot, explanation: x }) => {
        if (x.service.type === 'ExternalName') return [];
        const ns = x.service.namespace;
        return statefulSetsNaming(snapshot, ns, x.service.name).flatMap((sts) => {
            const labels = templateLabels(sts);
            const selector = x.service.selector;
            if (selectorMatches(selector ?? undefined, labels)) return [];
            const why =
                selector && Object.keys(selector).length > 0
                    ? `its selector ${selectorText(selector)} does not match the pod labels ${selectorText(labels) || '(none)'}`
                    : 'it has no selector';
            return [
                {
                    message: `StatefulSet ${ns}/${sts.metadata.name} has serviceName ${x.service.name}, but ${why}: the pods get no per-pod DNS names`,
                    fix: `make the Service's selector a subset of the StatefulSet's template labels (${selectorText(labels) || 'add labels to the template'})`,
                    objects: [ref('StatefulSet', ns, sts.metadata.name), ref('Service', ns, x.service.name)],
                },
            ];
        });
    },
});

/**
 * Snapshot-wide: a StatefulSet whose serviceName names no Service in its namespace. Nothing validates that the
 * Service exists (kubernetes/api apps/v1/types.go `serviceName`: "must exist before the StatefulSet"), and without it
 * no pod gets a DNS name (kubernetes/kubernetes#74950). An empty serviceName is allowed (the field is optional) and not
 * flagged.
 */
export const statefulSetServiceMissing = defineClusterRule({
    code: 'STATEFULSET_SERVICE_MISSING',
    severity: 'error',
    summary: "A StatefulSet's serviceName names a Service that does not exist in its namespace: its pods get no DNS names.",
    check: ({ snapshot }) =>
        snapshot.statefulSets.flatMap((sts) => {
            const ns = nsOf(sts);
            const want = sts.spec.serviceName;
            if (!want || servicesUnknown(snapshot, ns)) return [];
            if (serviceNamed(snapshot, ns, want)) return [];
            const names = servicesIn(snapshot, ns).map((s) => s.metadata.name);
            const near = closeNames(want, names);
            return [
                {
                    message: `StatefulSet ${ns}/${sts.metadata.name} has serviceName ${want}, but no Service ${want} exists in ${ns}${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}: ${sts.metadata.name}-0.${want}.${ns} does not resolve`,
                    fix: `create a headless Service ${want} in ${ns} (clusterIP: None) selecting ${selectorText(templateLabels(sts)) || "the StatefulSet's pods"}; serviceName cannot be changed on an existing StatefulSet`,
                    objects: [ref('StatefulSet', ns, sts.metadata.name)],
                },
            ];
        }),
});

/** The StatefulSet that owns a pod, when it is in the snapshot. */
function owningStatefulSet(snapshot: { statefulSets: StatefulSet[] }, pod: Pod): StatefulSet | undefined {
    const owner = pod.metadata.ownerReferences?.find((o) => o.kind === 'StatefulSet');
    if (!owner) return undefined;
    return snapshot.statefulSets.find((s) => nsOf(s) === nsOf(pod) && s.metadata.name === owner.name);
}

/**
 * Snapshot-wide: pods with hostname and subdomain where no Service named after the subdomain exists in the pod's
 * namespace. The hostname is published only as an endpoint of a Service whose name equals the subdomain, in the
 * same namespace (kubernetes/endpointslice util/controller_utils.go `ShouldSetHostname`), so
 * `<hostname>.<subdomain>.<ns>.svc.<zone>` answers NXDOMAIN. Pods of a StatefulSet already reported by
 * STATEFULSET_SERVICE_MISSING are left to that finding.
 */
export const podSubdomainNoService = defineClusterRule({
    code: 'POD_SUBDOMAIN_NO_SERVICE',
    severity: 'warning',
    summary: 'Pods set hostname and subdomain but no Service named after the subdomain exists in their namespace: their names do not resolve.',
    check: ({ snapshot }) => {
        const groups = new Map<string, Pod[]>();
        for (const pod of snapshot.pods) {
            const { hostname, subdomain } = pod.spec;
            if (!hostname || !subdomain) continue;
            const ns = nsOf(pod);
            if (servicesUnknown(snapshot, ns)) continue;
            if (serviceNamed(snapshot, ns, subdomain)) continue;
            if (owningStatefulSet(snapshot, pod)?.spec.serviceName === subdomain) continue;
            const k = `${ns}/${subdomain}`;
            groups.set(k, [...(groups.get(k) ?? []), pod]);
        }
        return [...groups.entries()].map(([k, pods]) => {
            const [ns, subdomain] = k.split('/') as [string, string];
            const names = servicesIn(snapshot, ns).map((s) => s.metadata.name);
            const near = closeNames(subdomain, names);
            const first = pods[0]!;
            return {
                message: `${pods.length === 1 ? 'pod' : 'pods'} ${shortList(pods.map((p) => p.metadata.name))} in ${ns} set subdomain ${subdomain}, but no Service ${subdomain} exists there${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}: ${first.spec.hostname}.${subdomain}.${ns} does not resolve`,
                fix: `create a headless Service ${subdomain} in ${ns} selecting these pods, or set the pods' subdomain to an existing headless Service`,
                objects: pods.map((p) => ref('Pod', ns, p.metadata.name)),
            };
        });
    },
});

export const STATEFULSET_RULES: FindingRule[] = [statefulSetServiceNotHeadless, statefulSetServiceSelectorMismatch];
export const STATEFULSET_CLUSTER_RULES: ClusterFindingRule[] = [statefulSetServiceMissing, podSubdomainNoService];
