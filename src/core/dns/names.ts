import type { DnsConfig } from './dns-config.js';
import type { EndpointSliceEndpoint } from '../k8s.js';
import { formatIp, parseIp } from './ip.js';

/** A query name without its trailing dot (RR names in the Reply model carry none). */
export function trimDot(name: string): string {
    return name.endsWith('.') ? name.slice(0, -1) : name;
}

/** True when `name` equals `zone` or lies under it (both lower case, no trailing dot). */
export function inZone(name: string, zone: string): boolean {
    return zone === '' || name === zone || name.endsWith(`.${zone}`);
}

/**
 * The dashed-IP endpoint name, the last rule of coredns/coredns plugin/kubernetes/kubernetes.go `endpointHostname`: an
 * address with a `.` has its dots replaced by `-`; otherwise an IPv6 address has its `:` replaced by `-`, and a
 * trailing `-` gets a `0` appended (`2001:db8::` → `2001-db8--0`, CoreDNS ≥1.12.3). The address is used as stored,
 * never re-canonicalised.
 */
export function dashedIpName(ip: string): string {
    if (ip.includes('.')) return ip.replaceAll('.', '-');
    if (ip.includes(':')) {
        const dashed = ip.replaceAll(':', '-');
        return dashed.endsWith('-') ? `${dashed}0` : dashed;
    }
    return '';
}

/**
 * The name CoreDNS gives an endpoint address under its Service (coredns/coredns plugin/kubernetes/kubernetes.go
 * `endpointHostname`, object/endpoint.go):
 * 1. the slice endpoint's `hostname`;
 * 2. with `endpoint_pod_names`, the targetRef (pod) name when it is shorter than 64 characters;
 * 3. the dashed IP of the address (the first address when none is given).
 */
export function endpointHostname(
    endpoint: Pick<EndpointSliceEndpoint, 'hostname' | 'targetRef' | 'addresses'>,
    config: Pick<DnsConfig, 'endpointPodNames'>,
    address?: string,
): string {
    if (endpoint.hostname) return endpoint.hostname;
    const podName = endpoint.targetRef?.name;
    if (config.endpointPodNames && podName && podName.length < 64) return podName;
    return dashedIpName(address ?? endpoint.addresses[0] ?? '');
}

/**
 * The reverse-lookup name of an IP: `d.c.b.a.in-addr.arpa` or the 32-nibble `….ip6.arpa` form (kubernetes/dns
 * docs/specification.md §2.3.3/§2.4.3; RFC 1035 §3.5, RFC 3596 §2.5). No trailing dot. Throws on a string that is not
 * an IP.
 */
export function ipToReverseName(ip: string): string {
    const parsed = parseIp(ip);
    if (!parsed) throw new Error(`not an IP address: ${ip}`);
    if (parsed.family === 4) return `${parsed.bytes.slice(12).reverse().join('.')}.in-addr.arpa`;
    const nibbles: string[] = [];
    for (const b of parsed.bytes) nibbles.push((b >> 4).toString(16), (b & 0xf).toString(16));
    return `${nibbles.reverse().join('.')}.ip6.arpa`;
}

/**
 * The IP a reverse name stands for, as CoreDNS reads it (`dnsutil.ExtractAddressFromReverse`): the labels before
 * `.in-addr.arpa` reversed must form an IPv4 address; the labels before `.ip6.arpa` reversed and joined in groups of
 * four must form an IPv6 address. Returns the canonical IP text, or '' when the name is not a full address.
 */
export function reverseNameToIp(qname: string): string {
    const name = trimDot(qname).toLowerCase();
    if (name.endsWith('.in-addr.arpa')) {
        const labels = name.slice(0, -'.in-addr.arpa'.length).split('.').reverse();
        const ip = parseIp(labels.join('.'));
        return ip && ip.family === 4 ? formatIp(ip) : '';
    }
    if (name.endsWith('.ip6.arpa')) {
        const labels = name.slice(0, -'.ip6.arpa'.length).split('.').reverse();
        const groups: string[] = [];
        for (let i = 0; i + 4 <= labels.length; i += 4) groups.push(labels.slice(i, i + 4).join(''));
        const ip = parseIp(groups.join(':'));
        return ip ? formatIp(ip) : '';
    }
    return '';
}

/** True for names in the reverse trees (`dnsutil.IsReverse`). */
export function isReverseName(lowerName: string): boolean {
    return lowerName.endsWith('.in-addr.arpa') || lowerName.endsWith('.ip6.arpa');
}
