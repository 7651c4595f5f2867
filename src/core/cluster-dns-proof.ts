/**
 * `--via auto`'s proof that an address is the cluster DNS before svcdig trusts it: asked
 * `kubernetes.default.svc.<zone>`, the cluster DNS answers exactly the ClusterIPs of Service default/kubernetes
 * (kubernetes/dns docs/specification.md §2.3.1: a ClusterIP Service's name answers its cluster IP). Any other resolver that merely answers (one on a laptop's network answering NXDOMAIN for every
 * cluster name, a VPN's, a stale forwarder's) fails it, and svcdig then asks a CoreDNS pod through port-forward.
 * Pure: the command sends the question and hands the reply here.
 */
import type { Reply } from './dns/reply.js';
import { canonicalIp, ipFamily } from './dns/ip.js';

export interface ClusterDnsProof {
    /** kubernetes.default.svc.<zone> */
    name: string;
    type: 'A' | 'AAAA';
    /**
     * The ClusterIPs of default/kubernetes of that family, canonical; null when svcdig could not read the Service
     * (then any address for the name is taken as the proof: an unrelated resolver still fails with NXDOMAIN).
     */
    ips: string[] | null;
}

/**
 * The question that proves `server` is the cluster DNS: A when default/kubernetes has an IPv4 ClusterIP (or when the
 * DNS Service address asked is IPv4 and the Service is unknown), else AAAA (an IPv6-only cluster).
 */
export function clusterDnsProof(zone: string, apiServerIPs: string[] | null, server: string): ClusterDnsProof {
    const name = `kubernetes.default.svc.${zone.replace(/\.$/, '')}`;
    if (apiServerIPs === null) return { name, type: ipFamily(server) === 6 ? 'AAAA' : 'A', ips: null };
    const canonical = apiServerIPs.map((ip) => canonicalIp(ip)).filter((ip): ip is string => ip !== null);
    const v4 = canonical.filter((ip) => ipFamily(ip) === 4);
    if (v4.length > 0) return { name, type: 'A', ips: [...new Set(v4)].sort() };
    const v6 = canonical.filter((ip) => ipFamily(ip) === 6);
    if (v6.length > 0) return { name, type: 'AAAA', ips: [...new Set(v6)].sort() };
    return { name, type: ipFamily(server) === 6 ? 'AAAA' : 'A', ips: null };
}

/** null when the reply proves it (NOERROR with exactly the expected addresses), else why not, in words. */
export function clusterDnsProofFailure(proof: ClusterDnsProof, server: string, reply: Reply): string | null {
    const got = [
        ...new Set(
            reply.answers.filter((rr) => rr.type === proof.type && typeof rr.data === 'string').map((rr) => canonicalIp(rr.data as string) ?? String(rr.data)),
        ),
    ].sort();
    const want = proof.ips === null ? 'an address' : proof.ips.join(', ');
    const answered = reply.rcode !== 'NOERROR' ? reply.rcode : got.length === 0 ? `no ${proof.type} record (NODATA)` : got.join(', ');
    const proven =
        reply.rcode === 'NOERROR' && (proof.ips === null ? got.length > 0 : got.length === proof.ips.length && got.every((ip, i) => ip === proof.ips![i]));
    if (proven) return null;
    return `${server} answered ${proof.name} with ${answered}, not ${want}${proof.ips === null ? '' : ' (Service default/kubernetes)'}: not the cluster DNS`;
}
