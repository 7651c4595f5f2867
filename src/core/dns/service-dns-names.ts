import { isExternalName, isHeadless, serviceClusterIps, svcKey, type DnsIndex } from './dns-index.js';
import { ipFamily } from './ip.js';
import { inZone, ipToReverseName } from './names.js';

export interface ServiceDnsName {
    /** Absolute name, no trailing dot. */
    name: string;
    type: string;
    /** What the name is, in plain words. */
    what: string;
}

/**
 * Every DNS name (and type) a Service creates in cluster DNS, for explain and check:
 * - the Service name: A/AAAA (ClusterIP: per cluster IP family; headless: per ready address family), CNAME for ExternalName;
 * - SRV on the bare name (a CoreDNS extension) and `_<port>._<proto>` per named port (kubernetes/dns
 *   docs/specification.md §2.3.2/§2.4.2); ports from the Service for ClusterIP, from the EndpointSlices for headless
 *   (coredns/coredns plugin/kubernetes/kubernetes.go `findServices`);
 * - each ready endpoint name (A/AAAA, specification.md §2.4.1; also under ClusterIP Services in CoreDNS);
 * - PTRs of its cluster IPs and endpoint addresses when a reverse zone covers them (coredns/coredns
 *   plugin/kubernetes/reverse.go).
 * Returns [] when the Service is not in the snapshot.
 */
export function serviceDnsNames(index: DnsIndex, namespace: string, name: string): ServiceDnsName[] {
    const svc = index.services.get(svcKey(namespace, name))?.[0];
    if (!svc) return [];
    const zone = index.primaryZone;
    const base = `${svc.metadata.name}.${namespace}.svc.${zone}`;
    const out: ServiceDnsName[] = [];
    const seen = new Set<string>();
    const add = (n: string, type: string, what: string) => {
        const k = `${n.toLowerCase()} ${type}`;
        if (seen.has(k)) return;
        seen.add(k);
        out.push({ name: n, type, what });
    };
    const covered = (ip: string) => {
        const rev = ipToReverseName(ip);
        return index.config.reverseZones.some((z) => inZone(rev, z.toLowerCase().replace(/\.$/, '')));
    };
    if (isExternalName(svc)) {
        add(base, 'CNAME', `ExternalName: alias of ${svc.spec.externalName ?? '(unset)'}`);
        add(base, 'A', 'the alias followed to its addresses');
        return out;
    }
    const slices = index.slices.get(svcKey(namespace, name)) ?? [];
    const ready = slices.flatMap((s) => s.ready);
    if (isHeadless(svc)) {
        const families = new Set(ready.map((r) => ipFamily(r.ip)));
        add(base, 'A', 'headless: one A per ready IPv4 endpoint');
        if (families.has(6)) add(base, 'AAAA', 'headless: one AAAA per ready IPv6 endpoint');
        add(base, 'SRV', 'SRV per endpoint and port');
        const portNames = new Map<string, string>();
        for (const s of slices) for (const p of s.ports) if (p.name) portNames.set(`${p.name}/${p.protocol}`, `_${p.name}._${p.protocol.toLowerCase()}`);
        if (slices.length === 0)
            for (const p of svc.spec.ports ?? [])
                if (p.name) portNames.set(`${p.name}/${p.protocol ?? 'TCP'}`, `_${p.name}._${(p.protocol ?? 'TCP').toLowerCase()}`);
        for (const prefix of portNames.values()) add(`${prefix}.${base}`, 'SRV', `named port ${prefix.split('.')[0]!.slice(1)}`);
    } else {
        const ips = serviceClusterIps(svc).filter((ip) => ipFamily(ip) !== 0);
        if (ips.some((ip) => ipFamily(ip) === 4) || ips.length === 0) add(base, 'A', 'cluster IP (IPv4)');
        if (ips.some((ip) => ipFamily(ip) === 6)) add(base, 'AAAA', 'cluster IP (IPv6)');
        add(base, 'SRV', 'SRV per Service port (CoreDNS extension, unnamed ports included)');
        for (const p of svc.spec.ports ?? []) {
            if (!p.name) continue;
            const proto = (p.protocol ?? 'TCP').toLowerCase();
            add(`_${p.name}._${proto}.${base}`, 'SRV', `named port ${p.name}`);
        }
        for (const ip of ips) if (covered(ip)) add(ipToReverseName(ip), 'PTR', `reverse of cluster IP ${ip}`);
    }
    for (const r of ready) {
        const fam = ipFamily(r.ip);
        if (fam === 0) continue;
        add(`${r.host}.${base}`, fam === 4 ? 'A' : 'AAAA', `endpoint ${r.host}${r.endpoint.targetRef?.name ? ` (pod ${r.endpoint.targetRef.name})` : ''}`);
    }
    for (const r of ready) {
        if (ipFamily(r.ip) === 0 || !covered(r.ip)) continue;
        add(ipToReverseName(r.ip), 'PTR', `reverse of endpoint ${r.host} (${r.ip})`);
    }
    return out;
}
