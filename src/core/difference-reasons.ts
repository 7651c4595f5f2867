import type { Difference } from './compare.js';
import { assignedClusterIPs } from './dns/dns-index.js';
import type { Reply } from './dns/reply.js';
import type { Pod, Service } from './k8s.js';
import { isPodReady, podIPs } from './pods.js';
import { nsOf, type ClusterSnapshot } from './snapshot.js';

/** Lookups from an address to the API objects that own it, built once per snapshot. */
export interface AddressOwners {
    podsByIP: Map<string, Pod[]>;
    servicesByIP: Map<string, Service[]>;
}

export function addressOwners(snapshot: ClusterSnapshot): AddressOwners {
    const podsByIP = new Map<string, Pod[]>();
    for (const pod of snapshot.pods) {
        for (const ip of podIPs(pod)) podsByIP.set(ip.toLowerCase(), [...(podsByIP.get(ip.toLowerCase()) ?? []), pod]);
    }
    const servicesByIP = new Map<string, Service[]>();
    for (const svc of snapshot.services) {
        for (const ip of assignedClusterIPs(svc)) servicesByIP.set(ip.toLowerCase(), [...(servicesByIP.get(ip.toLowerCase()) ?? []), svc]);
    }
    return { podsByIP, servicesByIP };
}

/** No owner known for any address: what a difference that names no address (ownerAddress) is explained with. */
export const noOwners = (): AddressOwners => ({ podsByIP: new Map(), servicesByIP: new Map() });

const STALE = 'a stale answer: a cache, or a CoreDNS replica whose informer lags behind the API';

function age(ts: string | undefined, now: Date): number | null {
    if (!ts) return null;
    const t = Date.parse(ts);
    return Number.isNaN(t) ? null : Math.round((now.getTime() - t) / 1000);
}

function addressOf(d: Difference): string | null {
    const data = d.record?.data;
    if (!d.record || typeof data !== 'string') return null;
    return d.record.type === 'A' || d.record.type === 'AAAA' ? data.toLowerCase() : null;
}

/**
 * The address whose owners `reasonFor` would look up to explain `d` (an A/AAAA record missing or unexpected, not yet
 * explained, not a note), or null: a difference without one is explained the same whoever owns what.
 */
export function ownerAddress(d: Difference): string | null {
    if (d.reason || d.noteOnly || (d.kind !== 'missing' && d.kind !== 'unexpected')) return null;
    return addressOf(d);
}

/**
 * Why a record differs, where the API state can tell: a not-Ready or terminating pod still served, an address no
 * object owns any more (stale), a pod or Service created seconds ago (DNS catching up).
 */
export function reasonFor(d: Difference, owners: AddressOwners, now: Date): string | undefined {
    const ip = addressOf(d);
    if (d.kind === 'unexpected' && ip) {
        const pods = owners.podsByIP.get(ip) ?? [];
        const svcs = owners.servicesByIP.get(ip) ?? [];
        if (svcs.length) return `${ip} is the ClusterIP of Service ${svcs.map((s) => `${nsOf(s)}/${s.metadata.name}`).join(', ')}, not an answer for this name`;
        const pod = pods[0];
        if (!pod) return `${ip} belongs to no pod or Service in the API: ${STALE}`;
        const name = `${nsOf(pod)}/${pod.metadata.name}`;
        if (pod.metadata.deletionTimestamp) return `pod ${name} (${ip}) is terminating, so its endpoint is no longer ready; DNS still serves it: ${STALE}`;
        if (!isPodReady(pod)) return `pod ${name} (${ip}) is not Ready, so it should not be in DNS; DNS still serves it: ${STALE}`;
        return `pod ${name} (${ip}) exists, but svcdig does not expect it under this name`;
    }
    if (d.kind === 'missing' && ip) {
        const pod = owners.podsByIP.get(ip)?.[0];
        if (pod) {
            const readyFor = age(pod.status?.conditions?.find((c) => c.type === 'Ready' && c.status === 'True')?.lastTransitionTime, now);
            if (readyFor !== null && readyFor >= 0 && readyFor < 60)
                return `pod ${nsOf(pod)}/${pod.metadata.name} became Ready ${readyFor}s ago; the DNS may not have caught up yet`;
            return `pod ${nsOf(pod)}/${pod.metadata.name} is a ready endpoint in the API, but the DNS does not serve ${ip}: ${STALE}`;
        }
        const svc = owners.servicesByIP.get(ip)?.[0];
        if (svc) {
            const created = age(svc.metadata.creationTimestamp, now);
            if (created !== null && created >= 0 && created < 60)
                return `Service ${nsOf(svc)}/${svc.metadata.name} was created ${created}s ago; the DNS may not have caught up yet`;
            return `Service ${nsOf(svc)}/${svc.metadata.name} has this ClusterIP in the API, but the DNS does not serve it`;
        }
    }
    return undefined;
}

/**
 * Fills the `reason` of each difference the API state explains: rcode differences from the expected reply's own
 * reasons (`pairFor` gives the two replies the difference compares), record differences from who owns the address.
 * The one place resolve, check and --all-replicas annotate differences.
 */
export function explainDifferences(
    differences: Difference[],
    pairFor: (d: Difference) => { expected?: Reply | undefined; actual?: Reply | null | undefined } | undefined,
    owners: AddressOwners,
    now: Date,
): void {
    for (const d of differences) {
        // notes (TTL, additional section, records from upstream) are not about the cluster's objects
        if (d.reason || d.noteOnly) continue;
        const reason =
            d.kind === 'rcode' && d.rcodes ? rcodeReason(pairFor(d)?.expected?.because ?? [], d.rcodes.expected, d.rcodes.actual) : reasonFor(d, owners, now);
        if (reason) d.reason = reason;
    }
}

/** Explains an rcode difference from the expected reply's own reasons. */
function rcodeReason(expectedBecause: string[], expectedRcode: string, actualRcode: string): string | undefined {
    if (expectedRcode === 'NXDOMAIN' && actualRcode === 'NOERROR') {
        return expectedBecause[0] ? `svcdig expects no such name because ${lowerFirst(expectedBecause[0])}; the DNS still answers it: ${STALE}` : undefined;
    }
    if (expectedRcode === 'NOERROR' && actualRcode === 'NXDOMAIN') {
        return 'the name exists in the API but the DNS says it does not: CoreDNS may not watch that namespace (namespaces option), its informer may lag, or this is not the cluster DNS';
    }
    if (actualRcode === 'SERVFAIL') return 'SERVFAIL: CoreDNS has not synced with the API yet, or cannot reach it';
    if (actualRcode === 'REFUSED') return 'REFUSED: the server does not serve this zone (is it the cluster DNS?)';
    return undefined;
}

function lowerFirst(s: string): string {
    return s.charAt(0).toLowerCase() + s.slice(1);
}
