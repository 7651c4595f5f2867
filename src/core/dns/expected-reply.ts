import type { Reply, RR } from './reply.js';
import { addressRecords, cnameRecords, mxRecords, nsRecords, ptrRecords, soaRecord, srvRecords, txtRecords, type Built, type QueryState } from './answers.js';
import type { DnsIndex } from './dns-index.js';
import { inZone, trimDot } from './names.js';
import { outsideNameserverReply } from './pod-nameservers.js';
import { routeToBlock, servedZones } from './server-blocks.js';

/**
 * The reply CoreDNS's kubernetes plugin gives (coredns/coredns plugin/kubernetes/handler.go `ServeDNS`), computed from
 * the snapshot:
 * - a pod whose resolver does not ask the cluster DNS (`resolve --as-pod`, pod-nameservers.ts) gets nothing predicted;
 * - then the server block: a name another block of the Corefile serves (a stub domain, or a sub-zone of the cluster
 *   zone) never reaches the plugin; svcdig returns `forwarded: true` (not predicted) and names the block. A name no
 *   block serves is REFUSED by CoreDNS itself (server-blocks.ts).
 * - Zone match: names outside every plugin zone go to the next plugin. svcdig returns `forwarded: true`, rcode NOERROR
 *   (a placeholder: the upstream decides), no answers, and a because.
 * - Qtype dispatch (handler.go): AXFR/IXFR REFUSED; SOA only at the apex; NS only at the apex; any other type a hidden
 *   A lookup.
 * - Rcode (handler.go; kubernetes.go `IsNameError`): name errors → NXDOMAIN, or `forwarded` when `fallthrough` covers
 *   the name; no records → NODATA; AA=1.
 * - Negative replies carry the zone SOA (plugin/backend_lookup.go `SOA`) in `authority` (serial is a placeholder, 0).
 * - The not-synced SERVFAIL (handler.go; test/core/dns-rules.test.ts case 33) is a runtime state a snapshot cannot
 *   show: this engine never returns SERVFAIL.
 */
export function expectedReply(index: DnsIndex, qname: string, qtype: string): Reply {
    const name = trimDot(qname);
    const lower = name.toLowerCase();
    const type = qtype.toUpperCase();
    if (index.podDns && !index.podDns.clusterDns) return outsideNameserverReply(index.podDns, name, index.zones);
    const elsewhere = notThePluginsReply(index, name, lower);
    if (elsewhere) return elsewhere;
    // Zone match: the longest plugin zone containing the name (`plugin.Zones.Matches`)
    let zone: string | null = null;
    for (const z of index.zones) if (inZone(lower, z) && (zone === null || z.length > zone.length)) zone = z;
    if (zone === null) {
        const because = `${name} is outside the cluster zones (${index.zones.join(', ')}): answered by the next plugin (forward), so the upstream resolver decides`;
        return { rcode: 'NOERROR', answers: [], additionals: [], because: [because], forwarded: true };
    }
    if (type === 'AXFR' || type === 'IXFR') {
        const because = 'zone transfers are refused by the kubernetes plugin itself; they go through the transfer plugin, if the Corefile has one';
        return { rcode: 'REFUSED', answers: [], additionals: [], because: [because], authoritative: false };
    }
    const st: QueryState = { qname: name, lower, z: { zone, zoneQ: name.slice(name.length - zone.length) } };
    return finish(index, st, type, recordsOf(index, st, type));
}

/**
 * The server block routing before the plugin (core/dnsserver/server.go): a name another block serves is not
 * predicted; a name no block serves is REFUSED. Null when the kubernetes plugin's block gets the name.
 */
function notThePluginsReply(index: DnsIndex, name: string, lower: string): Reply | null {
    const route = routeToBlock(index.config, lower);
    if (route.kind === 'other') {
        const because = `${name} is served by the Corefile's ${route.block.key} block: ${route.block.answers} — not predicted`;
        return { rcode: 'NOERROR', answers: [], additionals: [], because: [because], forwarded: true };
    }
    if (route.kind === 'none') {
        const because = `no server block of the Corefile serves ${name} (zones: ${servedZones(index.config).join(', ')}) and none serves the root "."; CoreDNS refuses the query`;
        return { rcode: 'REFUSED', answers: [], additionals: [], because: [because], authoritative: false };
    }
    return null;
}

/** The qtype dispatch of handler.go ServeDNS: the records of the name for the type, or why there are none. */
function recordsOf(index: DnsIndex, st: QueryState, type: string): Built {
    const { zone, zoneQ } = st.z;
    switch (type) {
        case 'A':
        case 'AAAA':
            return addressRecords(index, st, type);
        case 'TXT':
            return txtRecords(index, st);
        case 'CNAME':
            return cnameRecords(index, st);
        case 'PTR':
            return ptrRecords(index, st);
        case 'MX':
            return mxRecords(index, st);
        case 'SRV':
            return srvRecords(index, st);
        case 'SOA':
            return st.lower === zone
                ? { records: [soaRecord(index, zoneQ)], extra: [], nameError: false, because: [`${zone} is the zone apex: its SOA`] }
                : { records: [], extra: [], nameError: false, because: ['SOA is answered only at the zone apex; any other name gets NODATA, existing or not'] };
        case 'NS':
            // CoreDNS compares the lower-cased name with the zone as spelled in the query: a mixed-case apex is not the apex here
            if (st.lower === zoneQ) return nsRecords(index, st);
            return existenceCheck(index, st, 'NS is answered only at the zone apex; elsewhere it is an existence check');
        default:
            return existenceCheck(index, st, `${type} has no records in cluster DNS: CoreDNS looks the name up as A to choose between NODATA and NXDOMAIN`);
    }
}

function existenceCheck(index: DnsIndex, st: QueryState, note: string): Built {
    const fake = addressRecords(index, st, 'A');
    return { records: [], extra: [], nameError: fake.nameError, because: [note, ...fake.because] };
}

/** True when `fallthrough` (coredns/coredns plugin/kubernetes/README.md) covers the name: `[]` = every zone. */
function fallsThrough(index: DnsIndex, lower: string): boolean {
    const ft = index.config.fallthrough;
    if (ft === null) return false;
    if (ft.length === 0) return true;
    return ft.some((z) => inZone(lower, z.toLowerCase().replace(/\.$/, '')));
}

function finish(index: DnsIndex, st: QueryState, type: string, built: Built): Reply {
    const because = dedupe(built.because);
    if (built.nameError) {
        if (fallsThrough(index, st.lower)) {
            return {
                rcode: 'NOERROR',
                answers: [],
                additionals: [],
                because: [
                    ...because,
                    `the kubernetes plugin has no such name, but fallthrough covers it: the next plugin (forward) answers, so the upstream resolver decides`,
                ],
                forwarded: true,
            };
        }
        return negative(index, st, 'NXDOMAIN', because);
    }
    if (built.records.length === 0) return negative(index, st, 'NOERROR', [...because, `no ${type} records: NOERROR with no answers (NODATA)`]);
    return {
        rcode: 'NOERROR',
        answers: built.records,
        additionals: built.extra,
        because,
        authoritative: true,
        ...(built.forwarded ? { forwarded: true } : {}),
    };
}

function negative(index: DnsIndex, st: QueryState, rcode: 'NXDOMAIN' | 'NOERROR', because: string[]): Reply {
    const soa: RR = soaRecord(index, st.z.zoneQ);
    return {
        rcode,
        answers: [],
        additionals: [],
        authority: [soa],
        because: [...dedupe(because), `the authority SOA carries serial 0 here; CoreDNS uses the time of the last API change`],
        authoritative: true,
    };
}

function dedupe(list: string[]): string[] {
    return [...new Set(list)];
}
