import type { Reply } from './reply.js';
import { canonicalIp } from './ip.js';
import { inZone } from './names.js';
import type { StubFlavour } from './resolv-conf.js';

/** Whether a pod's DNS queries reach the cluster DNS, i.e. whether the cluster state decides its answers. */
export interface PodDnsPath {
    clusterDns: boolean;
    /** The nameservers whose answers the pod takes (glibc: the first; musl: all); null when svcdig cannot see them. */
    asks: string[] | null;
    /** Plain words for notes and `because`: `pod dev/dig (dnsPolicy None) asks 192.0.2.53, not the cluster DNS (10.96.0.10)`. */
    because: string;
}

/**
 * Decides, from the nameservers in a pod's resolv.conf, whether the cluster DNS answers it:
 * - glibc (`resolv/res_send.c`) sends every query to the first nameserver and moves to the next only when it fails to
 *   answer (timeout, SERVFAIL, REFUSED…): the first one decides;
 * - musl (`src/network/res_msend.c`) sends to all of them at once and takes the first NOERROR or NXDOMAIN reply: all
 *   of them must be the cluster DNS for the cluster to decide;
 * - no nameserver line: both ask 127.0.0.1, the pod's own loopback (glibc `resolv/res_init.c`, musl
 *   `src/network/resolvconf.c`);
 * - `nameservers` null: the pod has its node's resolv.conf (dnsPolicy Default, or ClusterFirst with hostNetwork;
 *   kubelet `pkg/kubelet/network/dns/dns.go getPodDNSType`) and svcdig could not read it.
 * `clusterDns` lists the cluster DNS addresses (the kube-dns Service's IPs and the CoreDNS pods' IPs). For a dnsPolicy
 * that gives the cluster DNS (`kubeletWritesClusterDns`: ClusterFirst without hostNetwork, ClusterFirstWithHostNet) the
 * first nameserver is what kubelet writes from its --cluster-dns, the cluster DNS whatever its address (a node-local
 * cache such as NodeLocal DNSCache's 169.254.20.10 forwards the cluster zone to CoreDNS); nameservers a dnsConfig
 * appends after it are judged by address.
 */
export function podDnsPath(args: {
    pod: string;
    policy: string;
    nameservers: string[] | null;
    clusterDns: string[];
    kubeletWritesClusterDns: boolean;
    stub: StubFlavour;
}): PodDnsPath {
    const who = `pod ${args.pod} (${args.policy})`;
    const dns = args.clusterDns.length > 0 ? ` (${args.clusterDns.join(', ')})` : '';
    if (args.nameservers === null) {
        return { clusterDns: false, asks: null, because: `${who} asks its node's nameservers, which svcdig cannot see, not the cluster DNS${dns}` };
    }
    if (args.nameservers.length === 0) {
        return {
            clusterDns: false,
            asks: ['127.0.0.1'],
            because: `${who} lists no nameserver, so its resolver asks 127.0.0.1 inside the pod, not the cluster DNS${dns}`,
        };
    }
    const asks = args.stub === 'musl' ? args.nameservers : args.nameservers.slice(0, 1);
    const known = new Set([...args.clusterDns, ...(args.kubeletWritesClusterDns ? args.nameservers.slice(0, 1) : [])].map(canonical));
    const others = asks.filter((ns) => !known.has(canonical(ns)));
    if (others.length === 0) return { clusterDns: true, asks, because: `${who} asks the cluster DNS (${asks.join(', ')})` };
    const how = args.stub === 'musl' && asks.length > 1 ? ' (musl asks all its nameservers at once and takes the first answer)' : '';
    return { clusterDns: false, asks, because: `${who} asks ${others.join(', ')}${how}, not the cluster DNS${dns}` };
}

/** One spelling per address, so `FD00::A` and `fd00:0::a` compare equal. */
const canonical = (address: string): string => canonicalIp(address) ?? address;

/**
 * The expected reply for a name a pod looks up through nameservers that are not the cluster DNS: nothing the cluster
 * state decides, so `forwarded` (not predicted). A cluster name gets a second reason: the pod does not reach the
 * cluster's records through the cluster DNS, and svcdig does not claim it gets them.
 */
export function outsideNameserverReply(path: PodDnsPath, name: string, clusterZones: string[]): Reply {
    const lower = name.toLowerCase();
    const zone = clusterZones.find((z) => inZone(lower, z));
    return {
        rcode: 'NOERROR',
        answers: [],
        additionals: [],
        because: [
            `${path.because}: what they answer for ${name} is decided there — not predicted`,
            ...(zone !== undefined
                ? [
                      `${name} is in the cluster zone ${zone}, but this pod does not ask the cluster DNS: svcdig does not expect the cluster's records for it here`,
                  ]
                : []),
        ],
        forwarded: true,
    };
}
