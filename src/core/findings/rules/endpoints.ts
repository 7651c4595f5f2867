/**
 * Findings about a Service's endpoints as CoreDNS sees them: EndpointSlices carrying the
 * kubernetes.io/service-name label (coredns/coredns plugin/kubernetes/object/endpoint.go, controller.go).
 */
import { nsOf, SKIP_MIRROR_LABEL } from '../../snapshot.js';
import { servicesIn, snapshotIndex } from '../../snapshot-lookups.js';
import type { FindingRule } from '../rule.js';
import { defineRule, plural, ref, shortList } from './util.js';

/**
 * A selector-less Service with no endpoints: the controllers ignore it, so its endpoints must come from a
 * hand-made EndpointSlice with the service-name label or a mirrored Endpoints object (kubernetes/kubernetes
 * pkg/controller/endpointslicemirroring/;
 * https://kubernetes.io/docs/concepts/services-networking/service/#services-without-selectors). Without them a headless
 * Service answers NXDOMAIN and a ClusterIP leads nowhere (popeye POP-1105 "No associated endpoints", derailed/popeye
 * internal/lint/svc.go; no selector does not mean no endpoints, kubernetes/kubernetes#80175).
 */
export const selectorlessNoEndpoints = defineRule({
    code: 'SELECTORLESS_NO_ENDPOINTS',
    severity: 'error',
    summary: 'A Service without a selector has no endpoints: no EndpointSlice labelled with its name and no mirrored Endpoints.',
    check: ({ snapshot, explanation: x }) => {
        if (x.service.type === 'ExternalName' || x.service.selector || x.endpoints.length > 0) return [];
        const ns = x.service.namespace;
        const legacy = snapshot.endpoints.find((e) => nsOf(e) === ns && e.metadata.name === x.service.name);
        let why = 'no EndpointSlice carries the label kubernetes.io/service-name=' + x.service.name + ' and no Endpoints object of that name exists';
        if (legacy?.metadata.labels?.[SKIP_MIRROR_LABEL] === 'true')
            why = `its Endpoints object carries ${SKIP_MIRROR_LABEL}: "true", so it is not mirrored to an EndpointSlice`;
        else if (legacy) why = 'its Endpoints object lists no addresses';
        const effect = x.service.headless ? `${x.service.name}.${ns} answers NXDOMAIN` : 'the ClusterIP resolves but has no backends';
        return [
            {
                message: `Service ${ns}/${x.service.name} has no selector and no endpoints: ${why}; ${effect}`,
                fix: `create an EndpointSlice labelled kubernetes.io/service-name: ${x.service.name} listing the backend addresses (or an Endpoints object named ${x.service.name}), or add a selector`,
                objects: [ref('Service', ns, x.service.name), ...(legacy ? [ref('Endpoints', ns, x.service.name)] : [])],
            },
        ];
    },
});

/**
 * EndpointSlices that look meant for this Service (owner reference to it, or named `<svc>` / `<svc>-…`) but
 * lack the kubernetes.io/service-name label: CoreDNS indexes slices by that label only and ignores the rest
 * (coredns/coredns plugin/kubernetes/object/endpoint.go; test/core/dns-rules.test.ts case 5); kube-proxy does the same.
 * A `<svc>-…` name that is better explained by a longer Service name in the namespace (`web-api-x` when Service
 * `web-api` exists) is not claimed.
 */
export const endpointSliceWithoutServiceLabel = defineRule({
    code: 'ENDPOINTSLICE_WITHOUT_SERVICE_LABEL',
    severity: 'error',
    summary: 'An EndpointSlice that looks meant for the Service lacks the kubernetes.io/service-name label, so CoreDNS and kube-proxy ignore it.',
    check: ({ snapshot, explanation: x }) => {
        if (x.service.type === 'ExternalName') return [];
        const ns = x.service.namespace;
        const name = x.service.name;
        const unlabeled = snapshotIndex(snapshot).unlabeledSlicesByNamespace.get(ns);
        if (!unlabeled) return [];
        const longer = servicesIn(snapshot, ns)
            .filter((s) => s.metadata.name !== name && s.metadata.name.startsWith(`${name}-`))
            .map((s) => s.metadata.name);
        const suspects = unlabeled.filter((s) => {
            if (s.metadata.ownerReferences?.some((o) => o.kind === 'Service' && o.name === name)) return true;
            const n = s.metadata.name;
            if (n === name) return true;
            return n.startsWith(`${name}-`) && !longer.some((l) => n === l || n.startsWith(`${l}-`));
        });
        if (suspects.length === 0) return [];
        const count = suspects.reduce((sum, s) => sum + (s.endpoints?.length ?? 0), 0);
        return [
            {
                message: `${plural(suspects.length, 'EndpointSlice')} in ${ns} (${shortList(suspects.map((s) => s.metadata.name))}) look meant for Service ${name} but lack the label kubernetes.io/service-name: CoreDNS and kube-proxy ignore their ${plural(count, 'endpoint')}`,
                fix: `label them: kubectl label endpointslice -n ${ns} ${suspects.map((s) => s.metadata.name).join(' ')} kubernetes.io/service-name=${name}`,
                objects: [ref('Service', ns, name), ...suspects.map((s) => ref('EndpointSlice', ns, s.metadata.name))],
            },
        ];
    },
});

const OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity';

/**
 * The legacy Endpoints object is truncated at 1,000 addresses and annotated over-capacity (the controller writes
 * "truncated"; older API text says "warning") (kubernetes/kubernetes pkg/controller/endpoint/endpoints_controller.go;
 * kubernetes/kubernetes#103520, k3s-io/k3s#12399). CoreDNS and kube-proxy read EndpointSlices and are not affected;
 * anything still reading v1 Endpoints sees part.
 */
export const endpointsTruncated = defineRule({
    code: 'ENDPOINTS_TRUNCATED',
    severity: 'warning',
    summary: 'The legacy Endpoints object is truncated at 1,000 addresses: tools that read v1 Endpoints see only part of the backends.',
    check: ({ snapshot, explanation: x }) => {
        const ns = x.service.namespace;
        const ep = snapshot.endpoints.find((e) => nsOf(e) === ns && e.metadata.name === x.service.name);
        const value = ep?.metadata.annotations?.[OVER_CAPACITY];
        if (!ep || value === undefined) return [];
        const listed = (ep.subsets ?? []).reduce((sum, s) => sum + (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0), 0);
        return [
            {
                message: `Endpoints ${ns}/${x.service.name} is annotated ${OVER_CAPACITY}: ${value} and lists ${listed} addresses; the EndpointSlices hold ${x.endpoints.length} endpoints. DNS is unaffected, v1 Endpoints readers see a partial list`,
                fix: 'move consumers of v1 Endpoints (old ingress controllers, scrapers, linters) to EndpointSlices',
                objects: [ref('Service', ns, x.service.name), ref('Endpoints', ns, x.service.name)],
            },
        ];
    },
});

/**
 * A dual-stack Service (two ipFamilies) whose endpoints are all of one family. The EndpointSlice controller
 * makes one slice family per ipFamilies entry from the pods' IPs of that family (kubernetes/endpointslice utils.go
 * `getEndpointAddresses`), so single-stack pods leave the other family empty: a headless Service answers NODATA for
 * that type (coredns/coredns plugin/backend_lookup.go `A`/`AAAA`) and the other family's ClusterIP has no backends
 * (k3s-io/k3s#5849).
 */
export const dualStackOneFamily = defineRule({
    code: 'DUAL_STACK_ONE_FAMILY',
    severity: 'warning',
    summary: 'A dual-stack Service has endpoints of only one IP family: the other family resolves to nothing or leads nowhere.',
    check: ({ explanation: x }) => {
        if (x.service.type === 'ExternalName' || x.service.ipFamilies.length < 2) return [];
        const families = new Set(x.endpoints.filter((e) => e.addressType === 'IPv4' || e.addressType === 'IPv6').map((e) => e.addressType));
        if (families.size !== 1) return [];
        const have = [...families][0]!;
        const lacking = x.service.ipFamilies.find((f) => f !== have) ?? (have === 'IPv4' ? 'IPv6' : 'IPv4');
        const ns = x.service.namespace;
        const rr = lacking === 'IPv6' ? 'AAAA' : 'A';
        const lackingIp = x.service.clusterIPs.find((ip) => (lacking === 'IPv6' ? ip.includes(':') : !ip.includes(':')));
        const effect = x.service.headless
            ? `${rr} queries for ${x.service.name}.${ns} answer NODATA`
            : `the ${lacking} ClusterIP${lackingIp ? ` ${lackingIp}` : ''} has no backends`;
        return [
            {
                message: `dual-stack Service ${ns}/${x.service.name} (${x.service.ipFamilies.join(', ')}) has only ${have} endpoints: ${effect}`,
                fix: `give the pods ${lacking} addresses (a dual-stack pod network), or set ipFamilyPolicy: SingleStack with ipFamilies: [${have}]`,
                objects: [ref('Service', ns, x.service.name)],
            },
        ];
    },
});

/**
 * Endpoints that are terminating but still serving (ready=false, serving=true, terminating=true): CoreDNS keeps
 * only ready endpoints, so they left DNS at once although the pod still answers; clients holding the address
 * (or a cached answer) still reach it until it exits (kubernetes/endpointslice utils.go `podToEndpoint`;
 * coredns/coredns plugin/kubernetes/object/endpoint.go; test/core/dns-rules.test.ts case 4). Normal during a rollout,
 * so information.
 */
export const terminatingEndpointsServing = defineRule({
    code: 'TERMINATING_ENDPOINTS_SERVING',
    severity: 'info',
    summary: 'Some endpoints are terminating but still serving: already gone from DNS, still reachable by clients that hold their address.',
    check: ({ explanation: x }) => {
        const eps = x.endpoints.filter((e) => e.terminating === true && e.serving === true && e.ready === false);
        if (eps.length === 0) return [];
        const ns = x.service.namespace;
        const names = eps.map((e) => `${e.pod ?? e.dnsName ?? '?'} (${e.addresses.join(', ')})`);
        return [
            {
                message: `${plural(eps.length, 'endpoint')} of Service ${ns}/${x.service.name} terminating but still serving: ${shortList(names)}; already gone from DNS`,
                fix: 'nothing if a rollout is under way; make sure clients re-resolve after the TTL and the pods drain within terminationGracePeriodSeconds',
                objects: [ref('Service', ns, x.service.name), ...eps.filter((e) => e.pod).map((e) => ref('Pod', ns, e.pod!))],
            },
        ];
    },
});

export const ENDPOINT_RULES: FindingRule[] = [
    selectorlessNoEndpoints,
    endpointSliceWithoutServiceLabel,
    endpointsTruncated,
    dualStackOneFamily,
    terminatingEndpointsServing,
];
