import { podsWithLabels } from './snapshot-lookups.js';
import type { Pod, Service } from './k8s.js';
import { nsOf, type ClusterSnapshot } from './snapshot.js';
import { compareText } from './order.js';

/**
 * Service selector semantics (kubernetes/kubernetes pkg/controller/endpointslice/endpointslice_controller.go):
 * `labels.Set(selector)`, i.e. every key/value pair must be present on the pod (equality AND). An absent or empty
 * selector selects nothing here: the controllers skip selector-less Services (`selector: {}` is stored as absent).
 */
export function selectorMatches(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
    if (!selector || Object.keys(selector).length === 0) return false;
    return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

/**
 * Pods the Service's selector picks: same namespace, equality AND; none for a nil/{} selector (as the EndpointSlice
 * controller). Sorted by name.
 */
export function podsSelectedBy(snapshot: ClusterSnapshot, service: Service): Pod[] {
    const selector = service.spec.selector;
    if (!selector || Object.keys(selector).length === 0) return [];
    return podsWithLabels(snapshot, nsOf(service), selector).sort((a, b) => compareText(a.metadata.name, b.metadata.name));
}

/**
 * A CoreDNS pod: in kube-system, labelled k8s-app=kube-dns (kubeadm's and kind's manifests) or k8s-app=coredns (the
 * CoreDNS Helm chart and other installers).
 */
export function isCorednsPod(pod: Pod): boolean {
    const app = pod.metadata.labels?.['k8s-app'];
    return nsOf(pod) === 'kube-system' && (app === 'kube-dns' || app === 'coredns');
}

/**
 * `podutil.IsPodReady`: the pod's `Ready` condition is `True` (kubernetes/endpointslice utils.go `podToEndpoint` uses
 * it for `serving`).
 */
export function isPodReady(pod: Pod): boolean {
    return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** The pod's IPs: `status.podIPs`, else `status.podIP` (older API servers fill only podIP). */
export function podIPs(pod: Pod): string[] {
    const ips = (pod.status?.podIPs ?? []).map((p) => p.ip).filter((ip) => ip);
    if (ips.length > 0) return ips;
    return pod.status?.podIP ? [pod.status.podIP] : [];
}

const familyOf = (ip: string): 'IPv4' | 'IPv6' => (ip.includes(':') ? 'IPv6' : 'IPv4');

/**
 * The address families the EndpointSlice controller makes slices for (kubernetes/endpointslice utils.go
 * `getAddressTypesForService`):
 * `spec.ipFamilies`, else the clusterIP's family, else (headless without families) both.
 */
function serviceFamilies(service: Service): ('IPv4' | 'IPv6')[] {
    const declared = (service.spec.ipFamilies ?? []).filter((f): f is 'IPv4' | 'IPv6' => f === 'IPv4' || f === 'IPv6');
    if (declared.length > 0) return declared;
    const ip = service.spec.clusterIP;
    if (ip && ip !== 'None') return [familyOf(ip)];
    return ['IPv4', 'IPv6'];
}

export interface EndpointForPod {
    included: boolean;
    reason: string;
    conditions?: { ready: boolean; serving: boolean; terminating: boolean };
    hostname?: string;
}

/**
 * Would the EndpointSlice controller make an endpoint for this pod, and with which conditions?
 * - The Service must be neither ExternalName nor selector-less, and the pod must be in its namespace and
 *   carry every selector label (kubernetes/kubernetes pkg/controller/endpointslice/endpointslice_controller.go).
 * - `ShouldPodBeInEndpoints(pod, includeTerminating=true)` (kubernetes/endpointslice util/controller_utils.go):
 *   terminal pods (Failed/Succeeded) and pods without an IP are left out; Pending/Unknown/Running pods with an IP and
 *   terminating pods stay in.
 * - The pod needs an IP of one of the Service's address families (kubernetes/endpointslice utils.go
 *   `getEndpointAddresses`).
 * - Conditions (utils.go `podToEndpoint`): serving = Ready condition True; terminating = deletionTimestamp set;
 *   ready = publishNotReadyAddresses || (serving && !terminating).
 * - hostname is published only when spec.hostname is set, spec.subdomain equals the Service name and the
 *   namespaces match (util/controller_utils.go `ShouldSetHostname`).
 * The missing-Node rule (kubernetes/endpointslice reconciler.go) is not applied: snapshots carry no Nodes.
 */
export function endpointForPod(service: Service, pod: Pod): EndpointForPod {
    const svc = `${nsOf(service)}/${service.metadata.name}`;
    if (service.spec.type === 'ExternalName') {
        return { included: false, reason: 'the Service is ExternalName: the EndpointSlice controller makes no endpoints for it' };
    }
    const selector = service.spec.selector;
    if (!selector || Object.keys(selector).length === 0) {
        return { included: false, reason: 'the Service has no selector: the controller makes no endpoints for it (endpoints come from hand-made objects)' };
    }
    if (nsOf(pod) !== nsOf(service)) {
        return {
            included: false,
            reason: `the pod is in namespace ${nsOf(pod)}, the Service in ${nsOf(service)}: selectors only pick pods in the Service's namespace`,
        };
    }
    if (!selectorMatches(selector, pod.metadata.labels)) {
        const off = Object.entries(selector).filter(([k, v]) => pod.metadata.labels?.[k] !== v);
        const detail = off
            .map(([k, v]) => `${k}=${v} (pod has ${pod.metadata.labels?.[k] === undefined ? 'no such label' : `${k}=${pod.metadata.labels[k]}`})`)
            .join(', ');
        return { included: false, reason: `the selector of ${svc} does not match the pod's labels: ${detail}` };
    }
    const phase = pod.status?.phase;
    if (phase === 'Failed' || phase === 'Succeeded') {
        return { included: false, reason: `the pod is ${phase} (terminal): terminal pods are never endpoints` };
    }
    const ips = podIPs(pod);
    if (ips.length === 0) {
        return { included: false, reason: 'the pod has no IP yet (status.podIP and status.podIPs are empty)' };
    }
    const families = serviceFamilies(service);
    if (!ips.some((ip) => families.includes(familyOf(ip)))) {
        return {
            included: false,
            reason: `the pod has only ${[...new Set(ips.map(familyOf))].join('/')} addresses and the Service wants ${families.join('/')}`,
        };
    }
    const serving = isPodReady(pod);
    const terminating = !!pod.metadata.deletionTimestamp;
    const publish = service.spec.publishNotReadyAddresses === true;
    const ready = publish || (serving && !terminating);
    const hostname = pod.spec.hostname && pod.spec.subdomain === service.metadata.name && nsOf(pod) === nsOf(service) ? pod.spec.hostname : undefined;
    let reason: string;
    if (terminating) {
        reason = publish ? 'terminating, but publishNotReadyAddresses keeps it ready' : `terminating: kept as an endpoint with ready=false, serving=${serving}`;
    } else if (serving) {
        reason = 'ready';
    } else {
        reason = publish ? 'not ready, but publishNotReadyAddresses makes it ready' : 'not ready: an endpoint with ready=false';
    }
    const headless = !service.spec.clusterIP || service.spec.clusterIP === 'None';
    if (pod.spec.hostname && !hostname && headless) {
        reason += `; its hostname ${pod.spec.hostname} is not published because spec.subdomain is ${pod.spec.subdomain ? `"${pod.spec.subdomain}"` : 'unset'}, not "${service.metadata.name}"`;
    }
    return { included: true, reason, conditions: { ready, serving, terminating }, ...(hostname ? { hostname } : {}) };
}

/**
 * A short human reason a pod is not ready, from its container statuses (waiting/terminated reasons, not-ready
 * containers) and its Ready condition. Undefined for a ready pod.
 */
export function notReadyReason(pod: Pod): string | undefined {
    if (isPodReady(pod)) return undefined;
    const parts: string[] = [];
    if (pod.metadata.deletionTimestamp) parts.push('terminating');
    const phase = pod.status?.phase;
    if (phase === 'Failed' || phase === 'Succeeded') parts.push(`phase ${phase}`);
    for (const cs of pod.status?.containerStatuses ?? []) {
        const waiting = cs.state?.waiting?.reason;
        const terminated = cs.state?.terminated?.reason;
        if (waiting) parts.push(`container ${cs.name} is ${waiting}`);
        else if (terminated) parts.push(`container ${cs.name} terminated (${terminated})`);
        else if (cs.ready === false) parts.push(`container ${cs.name} is not ready`);
    }
    if (parts.length > 0) return parts.join(', ');
    const cond = pod.status?.conditions?.find((c) => c.type === 'Ready');
    if (cond) return `Ready=${cond.status}${cond.reason ? `: ${cond.reason}` : ''}${cond.message ? ` (${cond.message})` : ''}`;
    const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    if (scheduled && scheduled.status !== 'True') return `not scheduled${scheduled.reason ? `: ${scheduled.reason}` : ''}`;
    return `no Ready condition yet (phase ${phase ?? 'unknown'})`;
}

/**
 * Near misses for a selector, for "selector matches no pods" advice: pods in the Service's namespace that carry
 * all selector pairs but one. For a one-pair selector (where every pod misses by one) only pods that have the
 * key with another value, or the wanted value under another key, count. Sorted by pod then label.
 */
export function selectorNearMisses(snapshot: ClusterSnapshot, service: Service): { pod: string; label: string; want: string; have: string | null }[] {
    const selector = service.spec.selector;
    if (!selector) return [];
    const pairs = Object.entries(selector);
    if (pairs.length === 0) return [];
    const out: { pod: string; label: string; want: string; have: string | null }[] = [];
    for (const pod of snapshot.pods) {
        if (nsOf(pod) !== nsOf(service)) continue;
        const labels = pod.metadata.labels ?? {};
        const off = pairs.filter(([k, v]) => labels[k] !== v);
        if (off.length !== 1) continue;
        const [label, want] = off[0]!;
        const have = labels[label] ?? null;
        if (pairs.length === 1 && have === null && !Object.values(labels).includes(want)) continue;
        out.push({ pod: pod.metadata.name, label, want, have });
    }
    return out.sort((a, b) => compareText(a.pod, b.pod) || compareText(a.label, b.label));
}
