import { snapshotIndex } from '../../snapshot-lookups.js';
/**
 * Findings about which pods back a Service and whether they are Ready: the selector, readiness, and what
 * readiness does to DNS.
 */
import type { FindingRule } from '../rule.js';
import { defineRule, plural, podsUnknown, ref, selectorText, shortList } from './util.js';

/**
 * The selector matches no pod. Names the selector terms no pod in the namespace carries, and the pods that
 * miss by one term (kubernetes/kubernetes#45373, #47711; popeye POP-1100, kube-score service-targets-pod, kube-linter
 * dangling-service). The EndpointSlice controller lists pods of the Service's namespace that carry every key=value of
 * the selector (kubernetes/kubernetes pkg/controller/endpointslice/endpointslice_controller.go), so no match means no
 * endpoints. ExternalName and selector-less Services are skipped (popeye's false positive, derailed/popeye#214).
 */
export const selectorMatchesNoPods = defineRule({
    code: 'SELECTOR_MATCHES_NO_PODS',
    severity: 'error',
    summary: 'The Service has a selector but no pod in its namespace carries all of its labels: it has no endpoints.',
    check: ({ snapshot, explanation: x }) => {
        if (x.service.type === 'ExternalName' || !x.service.selector || x.pods.length > 0) return [];
        const ns = x.service.namespace;
        if (podsUnknown(snapshot, ns)) return [];
        const selector = x.service.selector;
        const nsPods = snapshotIndex(snapshot).podsByNamespace.get(ns) ?? [];
        const absent = Object.entries(selector).filter(([k, v]) => !nsPods.some((p) => p.metadata.labels?.[k] === v));
        let why: string;
        if (nsPods.length === 0) why = `there are no pods in namespace ${ns}`;
        else if (absent.length > 0) why = `no pod in ${ns} has ${absent.map(([k, v]) => `${k}=${v}`).join(' or ')}`;
        else why = `no pod in ${ns} has all of them together`;
        const misses = x.selectorNearMisses.map(
            (m) => `${m.pod} (${m.have === null ? `no ${m.label} label` : `${m.label}=${m.have}`}, want ${m.label}=${m.want})`,
        );
        const nearest = misses.length > 0 ? `; nearest: ${shortList(misses)}` : '';
        return [
            {
                message: `Service ${ns}/${x.service.name} selects ${selectorText(selector)} but ${why}${nearest}`,
                fix:
                    misses.length > 0
                        ? `correct the selector or the pod labels so they agree (kubectl get pods -n ${ns} --show-labels)`
                        : `check the selector against the pod template labels of the workload meant to back it (kubectl get pods -n ${ns} --show-labels)`,
                objects: [ref('Service', ns, x.service.name), ...x.selectorNearMisses.map((m) => ref('Pod', ns, m.pod))],
            },
        ];
    },
});

/**
 * Pods are selected but none is Ready. The EndpointSlice controller marks them ready=false (unless
 * publishNotReadyAddresses), kube-proxy sends them no traffic, and CoreDNS serves only ready endpoints: a
 * headless Service then answers NXDOMAIN (kubernetes/endpointslice utils.go `podToEndpoint`; coredns/coredns
 * plugin/kubernetes/object/endpoint.go; test/core/dns-rules.test.ts case 2; nats-io/k8s#441; k8sgpt's "Service has
 * not ready endpoints", k8sgpt-ai/k8sgpt pkg/analyzer/service.go).
 */
export const noReadyPods = defineRule({
    code: 'NO_READY_PODS',
    severity: 'error',
    summary: 'The selector matches pods but none of them is Ready, so the Service has no ready endpoints.',
    check: ({ config, explanation: x }) => {
        if (x.service.type === 'ExternalName' || x.pods.length === 0 || x.pods.some((p) => p.ready)) return [];
        const ns = x.service.namespace;
        const pods = x.pods.map((p) => `${p.name} (${p.terminating ? 'terminating' : (p.notReadyReason ?? p.phase)})`);
        let effect: string;
        if (x.service.publishNotReadyAddresses) effect = 'publishNotReadyAddresses keeps them in DNS, but they fail their readiness checks';
        else if (x.service.headless) effect = `${x.service.name}.${ns} answers NXDOMAIN`;
        else if (config.ignoreEmptyService)
            effect = `${x.service.name}.${ns} answers NXDOMAIN (CoreDNS runs with ignore empty_service) and connections to the ClusterIP fail`;
        else effect = 'the ClusterIP still resolves but connections to it fail';
        const fix =
            x.service.headless && !x.service.publishNotReadyAddresses
                ? 'find out why the pods are not Ready (kubectl describe pod); if the pods must find each other by DNS before they are Ready (cluster bootstrap), set spec.publishNotReadyAddresses: true'
                : 'find out why the pods are not Ready: kubectl describe pod, readiness probe, container logs';
        return [
            {
                message: `Service ${ns}/${x.service.name} selects ${plural(x.pods.length, 'pod')}, none Ready: ${shortList(pods)}; ${effect}`,
                fix,
                objects: [ref('Service', ns, x.service.name), ...x.pods.map((p) => ref('Pod', ns, p.name))],
            },
        ];
    },
});

/**
 * Some selected pods are not Ready (and not terminating) while others are: a headless Service leaves them out
 * of its A/AAAA answer, their per-pod names answer NXDOMAIN and SRV skips them, unless the Service sets
 * publishNotReadyAddresses (kubernetes/endpointslice utils.go `podToEndpoint`;
 * https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-network-id; nats-io/k8s#441).
 * When no pod is Ready, NO_READY_PODS says it instead. Terminating pods are TERMINATING_ENDPOINTS_SERVING's.
 */
export const podsNotReadyAbsentFromDns = defineRule({
    code: 'PODS_NOT_READY_ABSENT_FROM_DNS',
    severity: 'warning',
    summary: 'Some pods of a headless Service are not Ready, so they are missing from its DNS answers (publishNotReadyAddresses is false).',
    check: ({ explanation: x }) => {
        if (!x.service.headless || x.service.publishNotReadyAddresses) return [];
        if (!x.pods.some((p) => p.ready)) return [];
        const missing = x.pods.filter((p) => !p.ready && !p.terminating);
        if (missing.length === 0) return [];
        const ns = x.service.namespace;
        const names = missing.map((p) => `${p.endpoint.hostname ?? p.name}${p.notReadyReason ? ` (${p.notReadyReason})` : ''}`);
        return [
            {
                message: `${plural(missing.length, 'pod')} of headless Service ${ns}/${x.service.name} not Ready and absent from its DNS names: ${shortList(names)}; publishNotReadyAddresses is false`,
                fix: 'make the pods Ready; if peers must resolve each other before they are Ready (StatefulSet bootstrap), set spec.publishNotReadyAddresses: true on the Service',
                objects: [ref('Service', ns, x.service.name), ...missing.map((p) => ref('Pod', ns, p.name))],
            },
        ];
    },
});

const TOLERATE_UNREADY = 'service.alpha.kubernetes.io/tolerate-unready-endpoints';

/**
 * The deprecated annotation tolerate-unready-endpoints does nothing today: the EndpointSlice controller keys on
 * spec.publishNotReadyAddresses only and CoreDNS ≥1.11 reads only EndpointSlices and never Service annotations
 * (kubernetes/endpointslice utils.go `podToEndpoint`; coredns/coredns plugin/kubernetes/object/endpoint.go;
 * test/core/dns-rules.test.ts case 6; kubernetes/kubernetes#63742).
 */
export const tolerateUnreadyAnnotationIgnored = defineRule({
    code: 'TOLERATE_UNREADY_ANNOTATION_IGNORED',
    severity: 'warning',
    summary: 'The Service relies on the deprecated tolerate-unready-endpoints annotation, which has no effect with EndpointSlices and CoreDNS ≥1.11.',
    check: ({ service, explanation: x }) => {
        const value = service.metadata.annotations?.[TOLERATE_UNREADY];
        if (value === undefined || value.toLowerCase() !== 'true' || x.service.publishNotReadyAddresses) return [];
        return [
            {
                message: `Service ${x.service.namespace}/${x.service.name} sets ${TOLERATE_UNREADY}: "true" but not spec.publishNotReadyAddresses: not-Ready pods stay out of DNS`,
                fix: 'set spec.publishNotReadyAddresses: true and drop the annotation',
                objects: [ref('Service', x.service.namespace, x.service.name)],
            },
        ];
    },
});

export const READINESS_RULES: FindingRule[] = [selectorMatchesNoPods, noReadyPods, podsNotReadyAbsentFromDns, tolerateUnreadyAnnotationIgnored];
