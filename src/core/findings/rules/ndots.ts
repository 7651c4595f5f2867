import type { ClusterSnapshot } from '../../snapshot.js';
/**
 * The query cost of the names users type for a Service, under the pods' resolv.conf search list and ndots.
 */
import type { Pod } from '../../k8s.js';
import type { FindingRule } from '../rule.js';
import { defineRule, primaryZone, ref } from './util.js';

/** kubelet's ndots for ClusterFirst pods (kubernetes/kubernetes pkg/kubelet/network/dns/dns.go `defaultDNSOptions`). */
export const KUBELET_NDOTS = 5;

/**
 * The ndots a pod's resolver uses, or null when the pod does not use the cluster DNS search list
 * (kubernetes/kubernetes pkg/kubelet/network/dns/dns.go): ClusterFirst (default) and ClusterFirstWithHostNet get
 * ndots:5 unless dnsConfig overrides it; a hostNetwork pod with ClusterFirst falls back to the node's resolv.conf;
 * dnsPolicy None starts empty (the resolver's own default, 1) plus dnsConfig.
 */
export function podNdots(pod: Pod): number | null {
    const policy = pod.spec.dnsPolicy ?? 'ClusterFirst';
    if (policy === 'Default') return null;
    if (policy === 'ClusterFirst' && pod.spec.hostNetwork) return null;
    const opt = pod.spec.dnsConfig?.options?.find((o) => o.name === 'ndots');
    const n = opt?.value !== undefined ? Number(opt.value) : NaN;
    if (Number.isInteger(n) && n >= 0) return n;
    return policy === 'None' ? 1 : KUBELET_NDOTS;
}

const ndotsCache = new WeakMap<ClusterSnapshot, number>();

/** The highest ndots among pods that use the cluster DNS (kubelet's 5 when none says otherwise), once per snapshot. */
function clusterNdots(snapshot: ClusterSnapshot): number {
    if (snapshot.clusterWide) return snapshot.clusterWide.ndots;
    const hit = ndotsCache.get(snapshot);
    if (hit !== undefined) return hit;
    const ndots = ndotsOrDefault(highestNdots(snapshot.pods, -1));
    ndotsCache.set(snapshot, ndots);
    return ndots;
}

/**
 * The highest ndots among `pods` that use the cluster DNS, or `sofar` when higher (−1: none so far), so pods can
 * come page by page; `ndotsOrDefault` turns −1 (no pod uses the cluster DNS) into kubelet's 5.
 */
export function highestNdots(pods: Iterable<Pod>, sofar: number): number {
    let max = sofar;
    for (const pod of pods) {
        const n = podNdots(pod);
        if (n !== null && n > max) max = n;
    }
    return max;
}

export const ndotsOrDefault = (highest: number): number => (highest >= 0 ? highest : KUBELET_NDOTS);

function dots(name: string): number {
    return name.split('.').length - 1;
}

/**
 * How many names a stub resolver tries for `name` (no trailing dot) from a pod in `clientNs` before it reaches
 * `answerAt`, standard resolv.conf semantics (resolv.conf(5)): fewer dots than ndots → search suffixes
 * first, then the name as is; otherwise as is first, then the suffixes. The node's own search domains come
 * after the three cluster ones; they are unknown here and counted as none.
 */
export function lookupsUntil(name: string, clientNs: string, zone: string, ndots: number, answerAt: string): number {
    const search = [`${clientNs}.svc.${zone}`, `svc.${zone}`, zone];
    const candidates = dots(name) < ndots ? [...search.map((s) => `${name}.${s}`), name] : [name, ...search.map((s) => `${name}.${s}`)];
    const i = candidates.indexOf(answerAt);
    return i < 0 ? candidates.length : i + 1;
}

/**
 * The search-path cost of the names users type for this Service (kubernetes/kubernetes#33554, #16744;
 * coredns/coredns#2289; https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/;
 * test/core/dns-rules.test.ts case 34). Fires when the highest ndots among the snapshot's pods that use the cluster DNS
 * (5 when there are none) exceeds the dots in `<svc>.<ns>.svc.<zone>`, so even that "full" name, typed without the
 * trailing dot, walks the search list first; pods that set a lower dnsConfig ndots make it quiet.
 */
export const ndotsCost = defineRule({
    code: 'NDOTS_COST',
    severity: 'info',
    summary: 'Under ndots:5 the names users type for the Service cost several lookups each; the fully qualified name with a trailing dot costs one.',
    check: (input) => {
        const { snapshot, config, explanation: x } = input;
        const ns = x.service.namespace;
        if (config.namespaces.length > 0 && !config.namespaces.includes(ns)) return [];
        const ndots = clusterNdots(snapshot);
        const zone = primaryZone(input);
        const fqdn = `${x.service.name}.${ns}.svc.${zone}`;
        if (dots(fqdn) >= ndots) return [];
        // A client in another namespace; "other" only needs to differ from ns.
        const other = ns === 'default' ? 'other' : 'default';
        const full = lookupsUntil(fqdn, other, zone, ndots, fqdn);
        const short = lookupsUntil(`${x.service.name}.${ns}`, other, zone, ndots, fqdn);
        return [
            {
                message: `with ndots:${ndots}, ${fqdn} typed without a trailing dot takes ${full}+ lookups (the search suffixes, then the name itself) and ${x.service.name}.${ns} from another namespace takes ${short}; each lookup is usually an A and an AAAA query`,
                fix: `have clients use ${fqdn}. with the trailing dot (1 lookup), or set dnsConfig.options ndots: "2" on client pods`,
                objects: [ref('Service', ns, x.service.name)],
            },
        ];
    },
});

export const NDOTS_RULES: FindingRule[] = [ndotsCost];
