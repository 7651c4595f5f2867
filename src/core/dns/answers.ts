import type { RR } from './reply.js';
import { nsOf } from '../snapshot.js';
import { isHeadless, namespaceExposed, serviceClusterIps, svcKey, type DnsIndex } from './dns-index.js';
import { formatIp, parseIp } from './ip.js';
import { inZone, reverseNameToIp } from './names.js';
import { records, type BackendEntry, type BackendResult, type LookupZone } from './records.js';

/**
 * Record building per query type, after coredns/coredns `plugin/backend_lookup.go` (A, AAAA, SRV, TXT, CNAME, PTR, MX,
 * NS, SOA) and the kubernetes plugin's `Services`/`Reverse`/`nsAddrs` (plugin/kubernetes/kubernetes.go, reverse.go,
 * ns.go; the qtype dispatch is in handler.go).
 */

/**
 * One query as the handler sees it: the name as asked (owner names echo it: names compare case-insensitively but keep
 * their case, RFC 4343) and its lower-case form.
 */
export interface QueryState {
    qname: string;
    lower: string;
    z: LookupZone;
}

export interface Built {
    records: RR[];
    extra: RR[];
    nameError: boolean;
    because: string[];
    /** Part of the answer comes from outside the cluster (an ExternalName target chased through forward). */
    forwarded?: boolean;
}

/**
 * The SchemaVersion of the Kubernetes DNS spec CoreDNS serves (kubernetes/dns docs/specification.md §2.2;
 * coredns/coredns plugin/kubernetes/kubernetes.go `DNSSchemaVersion`).
 */
export const DNS_SCHEMA_VERSION = '1.1.0';
const MAX_CNAME_CHAIN = 10;

type HostType = 'A' | 'AAAA' | 'CNAME';
function hostType(host: string): HostType {
    const ip = parseIp(host);
    if (!ip) return 'CNAME';
    return ip.family === 4 ? 'A' : 'AAAA';
}

const addrData = (host: string) => {
    const ip = parseIp(host);
    return ip ? formatIp(ip) : host;
};

/** `isDefaultNS`: `ns.dns.<zone>`; the comparison is against the zone as spelled in the query. */
function isDefaultNs(st: QueryState): boolean {
    return st.lower === `ns.dns.${st.z.zoneQ}`;
}

interface NsAddress {
    name: string;
    ip: string | null;
}

/**
 * coredns/coredns plugin/kubernetes/ns.go `nsAddrs`: for each of CoreDNS's own pod IPs, every Service whose
 * EndpointSlice holds that IP (ready) gives `<svc>.<ns>.svc.<zone>` with its cluster IPs, or for a headless Service
 * each endpoint name with its address. None found → `ns.dns.<zone>` with the pod IP itself.
 */
export function nsAddresses(index: DnsIndex, zoneQ: string): { addrs: NsAddress[]; because: string[] } {
    const local = index.corednsPodIps;
    if (local.length === 0) {
        return {
            addrs: [{ name: `ns.dns.${zoneQ}`, ip: null }],
            because: [
                'no CoreDNS pod (kube-system, label k8s-app=kube-dns or coredns) in the snapshot: CoreDNS would answer ns.dns.<zone> with its own pod IP, unknown here',
            ],
        };
    }
    const addrs: NsAddress[] = [];
    let foundEndpoint = false;
    for (const ip of local) {
        const owners = index.endpointIps.get(ip) ?? [];
        const seenSlices = new Set<string>();
        for (const owner of owners) {
            const sliceKey = `${owner.namespace}/${owner.slice}`;
            if (seenSlices.has(sliceKey)) continue;
            seenSlices.add(sliceKey);
            foundEndpoint = true;
            const slice = (index.slices.get(svcKey(owner.namespace, owner.service)) ?? []).find((s) => s.name === owner.slice);
            for (const svc of index.services.get(svcKey(owner.namespace, owner.service)) ?? []) {
                const svcName = `${svc.metadata.name}.${nsOf(svc)}.svc.${zoneQ}`;
                if (isHeadless(svc)) {
                    for (const a of slice?.ready ?? []) addrs.push({ name: `${a.host}.${svcName}`, ip: a.ip });
                } else {
                    for (const cip of serviceClusterIps(svc)) if (parseIp(cip)) addrs.push({ name: svcName, ip: cip });
                }
            }
        }
    }
    if (!foundEndpoint) {
        return {
            addrs: local.map((ip) => ({ name: `ns.dns.${zoneQ}`, ip })),
            because: [`CoreDNS pod ${index.corednsPod}'s IP is in no ready EndpointSlice: the name server is ns.dns.${zoneQ} with the pod's own IP`],
        };
    }
    return { addrs, because: [`the name server records name the Service(s) whose endpoints hold CoreDNS pod ${index.corednsPod} (${local.join(', ')})`] };
}

/** `Kubernetes.Services` for every type but TXT and NS: `ns.dns.<zone>` addresses, else `Records` (SRV drops CNAMEs). */
function services(index: DnsIndex, st: QueryState, qtype: string): BackendResult {
    if (isDefaultNs(st)) {
        const { addrs, because } = nsAddresses(index, st.z.zoneQ);
        const entries: BackendEntry[] = [];
        for (const a of addrs) {
            if (!a.ip) continue;
            const t = hostType(a.ip);
            if ((t === 'A' && qtype === 'A') || (t === 'AAAA' && qtype === 'AAAA')) entries.push({ host: a.ip, port: 0, ttl: index.config.ttl, labels: [] });
        }
        return { entries, nameError: false, because: [`ns.dns.${st.z.zone} names the cluster DNS server itself`, ...because] };
    }
    const res = records(index, st.lower, st.z);
    if (qtype !== 'SRV') return res;
    const internal = res.entries.filter((e) => hostType(e.host) !== 'CNAME');
    const dropped = res.entries.length - internal.length;
    return {
        ...res,
        entries: internal,
        because: dropped > 0 ? [...res.because, 'an ExternalName Service has no SRV records (CoreDNS drops CNAME entries for SRV)'] : res.because,
    };
}

function cnameRR(owner: string, target: string, ttl: number): RR {
    return { name: owner, type: 'CNAME', ttl, data: target.replace(/\.$/, '') };
}

/**
 * `plugin.A` / `plugin.AAAA`: address records deduplicated by IP, ExternalName CNAMEs chased (kubernetes/dns
 * docs/specification.md §2.5).
 */
export function addressRecords(index: DnsIndex, st: QueryState, family: 'A' | 'AAAA', previous: RR[] = []): Built {
    const res = services(index, st, family);
    if (res.nameError) return { records: [], extra: [], nameError: true, because: res.because };
    const out: RR[] = [];
    const because = [...res.because];
    let forwarded = false;
    const dup = new Set<string>();
    for (const e of res.entries) {
        const t = hostType(e.host);
        if (t === 'CNAME') {
            const target = e.host.replace(/\.$/, '');
            const targetLower = target.toLowerCase();
            if (inZone(targetLower, st.lower)) {
                because.push(`${target} is the name itself or under it: a CNAME loop, skipped`);
                continue;
            }
            if (previous.length > MAX_CNAME_CHAIN) {
                because.push('CNAME chain longer than 10: stopped');
                continue;
            }
            const rr = cnameRR(st.qname, target, e.ttl);
            if (previous.some((p) => p.type === 'CNAME' && p.name.toLowerCase() === st.lower && String(p.data).toLowerCase() === targetLower)) continue;
            if (inZone(targetLower, st.z.zone)) {
                const next = addressRecords(index, { qname: target, lower: targetLower, z: st.z }, family, [...previous, rr]);
                if (next.forwarded) forwarded = true;
                if (!next.nameError && next.records.length > 0) {
                    out.push(rr, ...next.records);
                    because.push(`${target} is inside ${st.z.zone}: CoreDNS resolves it itself and adds its ${family} records after the CNAME`);
                } else {
                    because.push(
                        `the CNAME target ${target} is inside ${st.z.zone} but has no ${family} records${next.nameError ? ' (it does not exist)' : ''}, so CoreDNS answers NODATA and leaves the CNAME out (coredns#6088)`,
                        ...next.because.map((b) => `${target}: ${b}`),
                    );
                }
                continue;
            }
            forwarded = true;
            out.push(rr);
            because.push(
                `the CNAME target ${target} is outside the cluster zones: CoreDNS asks the next plugin (forward) for its ${family} records and adds them after the CNAME; svcdig cannot predict them`,
            );
            continue;
        }
        if (t !== family) continue;
        if (dup.has(e.host)) continue;
        dup.add(e.host);
        out.push({ name: st.qname, type: family, ttl: e.ttl, data: addrData(e.host) });
    }
    if (out.length === 0 && res.entries.length > 0 && !res.entries.some((e) => hostType(e.host) === 'CNAME')) {
        because.push(`no ${family === 'A' ? 'IPv4' : 'IPv6'} address for this name, so ${family} has no records (NODATA)`);
    }
    return { records: out, extra: [], nameError: false, because, ...(forwarded ? { forwarded } : {}) };
}

/**
 * `plugin.SRV` (coredns/coredns plugin/backend_lookup.go): priority 0; weight floor(100/N) (min 1), N = every backend
 * entry before deduplication, port −1 entries included; port −1 entries give no SRV; SRVs deduplicated by (target,
 * port); one address record per (target, address) in the additional section.
 */
export function srvRecords(index: DnsIndex, st: QueryState): Built {
    const res = services(index, st, 'SRV');
    if (res.nameError) return { records: [], extra: [], nameError: true, because: res.because };
    const n = res.entries.length;
    // the same float arithmetic as CoreDNS: w = 100 * N, then 100 / w * 100
    const weight = n === 0 ? 0 : Math.max(1, Math.floor((100 / (100 * n)) * 100));
    const out: RR[] = [];
    const extra: RR[] = [];
    const dup = new Set<string>();
    for (const e of res.entries) {
        if (e.port === -1) continue;
        const t = hostType(e.host);
        if (t === 'CNAME') continue;
        const target = [...e.labels, st.z.zoneQ].join('.');
        const srvKey = `${target}\u0000${e.port}`;
        if (!dup.has(srvKey)) {
            dup.add(srvKey);
            out.push({ name: st.qname, type: 'SRV', ttl: e.ttl, data: { priority: 0, weight, port: e.port, target } });
        }
        const addrKey = `${target}\u0000addr\u0000${e.host}`;
        if (!dup.has(addrKey)) {
            dup.add(addrKey);
            extra.push({ name: target, type: t, ttl: e.ttl, data: addrData(e.host) });
        }
    }
    const because = [...res.because];
    if (out.length > 0)
        because.push(`SRV weight ${weight} = floor(100 / ${n} backend entries), priority 0; the additional section holds each target's address`);
    else if (n > 0) because.push('no declared ports (port −1 sentinel), so no SRV records (NODATA)');
    return { records: out, extra, nameError: false, because };
}

/**
 * `Services` TXT branch (coredns/coredns plugin/kubernetes/kubernetes.go): only `dns-version.<zone>`; other existing
 * names NODATA, missing ones NXDOMAIN.
 */
export function txtRecords(index: DnsIndex, st: QueryState): Built {
    const base = st.lower === st.z.zone ? '' : st.lower.slice(0, st.lower.length - st.z.zone.length - 1);
    if (base === 'dns-version') {
        return {
            records: [{ name: st.qname, type: 'TXT', ttl: 28800, data: [DNS_SCHEMA_VERSION] }],
            extra: [],
            nameError: false,
            because: [`dns-version.${st.z.zone} holds the schema version of the Kubernetes DNS spec (${DNS_SCHEMA_VERSION}), TTL 28800`],
        };
    }
    const res = records(index, st.lower, st.z);
    if (res.entries.length > 0)
        return { records: [], extra: [], nameError: false, because: [...res.because, 'the name exists but has no TXT records (NODATA)'] };
    const why = res.nameError ? res.because : [...res.because, 'for TXT, CoreDNS answers NXDOMAIN for every name without records of another type'];
    return { records: [], extra: [], nameError: true, because: why };
}

/** `plugin.CNAME`: the first backend entry if its host is a name (ExternalName); other existing names NODATA. */
export function cnameRecords(index: DnsIndex, st: QueryState): Built {
    const res = services(index, st, 'CNAME');
    if (res.nameError) return { records: [], extra: [], nameError: true, because: res.because };
    const first = res.entries[0];
    if (first && hostType(first.host) === 'CNAME') {
        return { records: [cnameRR(st.qname, first.host, first.ttl)], extra: [], nameError: false, because: res.because };
    }
    return { records: [], extra: [], nameError: false, because: [...res.because, 'the name is not an alias: no CNAME record (NODATA)'] };
}

/**
 * `Reverse` + `serviceRecordForIP` + `plugin.PTR` (coredns/coredns plugin/kubernetes/reverse.go,
 * plugin/backend_lookup.go).
 */
export function ptrRecords(index: DnsIndex, st: QueryState): Built {
    const ip = reverseNameToIp(st.lower);
    if (ip === '') {
        const res = records(index, st.lower, st.z);
        return {
            records: [],
            extra: [],
            nameError: res.nameError,
            because: res.nameError ? res.because : [...res.because, 'not a reverse name of an address: no PTR records (NODATA)'],
        };
    }
    const filtered = index.config.namespaces.length > 0;
    const zone = index.primaryZone;
    const ttl = index.config.ttl;
    const targets: string[] = [];
    const because: string[] = [];
    for (const svc of index.clusterIps.get(ip) ?? []) {
        if (filtered && !namespaceExposed(index, nsOf(svc))) continue;
        targets.push(`${svc.metadata.name}.${nsOf(svc)}.svc.${zone}`);
        because.push(`${ip} is the cluster IP of Service ${nsOf(svc)}/${svc.metadata.name}`);
        break; // the first matching Service only
    }
    if (targets.length === 0) {
        for (const owner of index.endpointIps.get(ip) ?? []) {
            if (filtered && !namespaceExposed(index, owner.namespace)) continue;
            targets.push(`${owner.host}.${owner.service}.${owner.namespace}.svc.${zone}`);
        }
        if (targets.length > 0)
            because.push(
                `${ip} is a ready endpoint of ${[...new Set((index.endpointIps.get(ip) ?? []).map((o) => `${o.namespace}/${o.service}`))].join(', ')}: one PTR per Service`,
            );
    }
    if (targets.length === 0) {
        return {
            records: [],
            extra: [],
            nameError: true,
            because: [`${ip} is neither a cluster IP nor a ready endpoint address${filtered ? ' in an exposed namespace' : ''}`],
        };
    }
    const seen = new Set<string>();
    const out: RR[] = [];
    for (const t of targets) {
        if (seen.has(t)) continue;
        seen.add(t);
        out.push({ name: st.qname, type: 'PTR', ttl, data: t });
    }
    return { records: out, extra: [], nameError: false, because };
}

/** `plugin.MX`: the kubernetes plugin never marks entries as mail hosts, so MX is an existence check (NODATA/NXDOMAIN). */
export function mxRecords(index: DnsIndex, st: QueryState): Built {
    const res = services(index, st, 'MX');
    return {
        records: [],
        extra: [],
        nameError: res.nameError,
        because: res.nameError ? res.because : [...res.because, 'the name exists but has no MX records (NODATA)'],
    };
}

/**
 * `plugin.NS` at the apex (coredns/coredns plugin/backend_lookup.go, plugin/kubernetes/ns.go): NS per name server name
 * (deduplicated), glue for every address.
 */
export function nsRecords(index: DnsIndex, st: QueryState): Built {
    const { addrs, because } = nsAddresses(index, st.z.zoneQ);
    const ttl = index.config.ttl;
    const out: RR[] = [];
    const extra: RR[] = [];
    const seen = new Set<string>();
    for (const a of addrs) {
        if (a.ip) extra.push({ name: a.name, type: hostType(a.ip) === 'AAAA' ? 'AAAA' : 'A', ttl, data: addrData(a.ip) });
        if (seen.has(a.name)) continue;
        seen.add(a.name);
        out.push({ name: st.qname, type: 'NS', ttl, data: a.name });
    }
    return { records: out, extra, nameError: false, because };
}

/**
 * Placeholder SOA serial: CoreDNS uses the Unix time of the last API change, which a snapshot cannot know
 * (coredns/coredns plugin/kubernetes/kubernetes.go `Serial`).
 */
export const SOA_SERIAL_PLACEHOLDER = 0;

/**
 * `plugin.SOA` (coredns/coredns plugin/backend_lookup.go): `<zone> min(ttl,300) SOA ns.dns.<zone> hostmaster.<zone>
 * <serial> 7200 1800 86400 <ttl>`.
 */
export function soaRecord(index: DnsIndex, zoneQ: string): RR {
    const ttl = index.config.ttl;
    return {
        name: zoneQ,
        type: 'SOA',
        ttl: Math.min(ttl, 300),
        data: {
            mname: `ns.dns.${zoneQ}`,
            rname: `hostmaster.${zoneQ}`,
            serial: SOA_SERIAL_PLACEHOLDER,
            refresh: 7200,
            retry: 1800,
            expire: 86400,
            minimum: ttl,
        },
    };
}
