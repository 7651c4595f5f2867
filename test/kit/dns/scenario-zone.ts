/**
 * Knot zones that serve what the expectation engine says CoreDNS answers for a cluster: every name the Services create
 * (serviceDnsNames, the same list explain and check use) with its expected records (expectedReply), grouped into the
 * kubernetes plugin's zones. Only records owned by the asked name and inside one of the zones are written (an
 * ExternalName's target lives elsewhere). Names nobody creates are absent, so Knot answers NXDOMAIN for them, and
 * empty non-terminals (svc.<zone>, <ns>.svc.<zone>) give NODATA, as in CoreDNS.
 *
 * `edit` lets a test drift the zone (drop, add or change one record) to play a stale or broken DNS server.
 */
import { buildDnsIndex, expectedReply, serviceDnsNames, type DnsIndex } from '../../../src/core/dns/index.js';
import type { DnsConfig } from '../../../src/core/dns/dns-config.js';
import { normalizeRecord } from '../../../src/core/compare.js';
import { rdataText, type RR } from '../../../src/core/dns/reply.js';
import { nsOf, type ClusterSnapshot } from '../../../src/core/snapshot.js';
import { zoneFromRecords } from './knot.js';

export interface ScenarioZone {
    /** Zone origin → records, each once (name, type, data). */
    records: Map<string, RR[]>;
    /** Every (name, type) asked of the engine, for tests that query them all. */
    questions: { name: string; type: string; what: string; service: string }[];
}

const within = (name: string, zone: string) => name === zone || name.endsWith(`.${zone}`);

/** The most specific of `zones` holding `name`, or undefined. */
function zoneOf(name: string, zones: string[]): string | undefined {
    let best: string | undefined;
    for (const z of zones) if (within(name, z) && (best === undefined || z.length > best.length)) best = z;
    return best;
}

/** Expected records of every name the snapshot's Services create, by zone. */
export function scenarioRecords(snapshot: ClusterSnapshot, config: DnsConfig, index: DnsIndex = buildDnsIndex(snapshot, config)): ScenarioZone {
    const zones = index.zones;
    const records = new Map<string, RR[]>(zones.map((z) => [z, []]));
    const seen = new Set<string>();
    const questions: ScenarioZone['questions'] = [];
    for (const svc of snapshot.services) {
        const ns = nsOf(svc);
        for (const q of serviceDnsNames(index, ns, svc.metadata.name)) {
            questions.push({ name: q.name, type: q.type, what: q.what, service: `${ns}/${svc.metadata.name}` });
            const reply = expectedReply(index, q.name, q.type);
            if (reply.rcode !== 'NOERROR') continue;
            for (const raw of [...reply.answers, ...reply.additionals]) {
                const rr = normalizeRecord(raw);
                const zone = zoneOf(rr.name, zones);
                if (!zone || rr.type === 'SOA' || rr.type === 'OPT') continue;
                const key = `${rr.name}\u0000${rr.type}\u0000${rdataText(rr)}`;
                if (seen.has(key)) continue;
                seen.add(key);
                records.get(zone)!.push(rr);
            }
        }
    }
    return { records, questions };
}

/** Zone files for startKnot (origin → text), optionally edited first. Zones without records are still served. */
export function scenarioZones(snapshot: ClusterSnapshot, config: DnsConfig, edit?: (records: Map<string, RR[]>) => void): Record<string, string> {
    const { records } = scenarioRecords(snapshot, config);
    edit?.(records);
    const out: Record<string, string> = {};
    for (const [zone, rrs] of records) out[zone] = zoneFromRecords(zone, rrs);
    return out;
}
