/**
 * What an authoritative server answers from a zone file, for choosing the questions a zone file can express: RFC 1034
 * §4.3.2 with RFC 8020 (a name exists when it owns records or has names below it; an empty non-terminal answers
 * NODATA), REFUSED outside every zone it serves (Knot's answer when it is not authoritative). Names that own a CNAME
 * and ANY questions (RFC 8482 lets servers answer them differently) are left to the in-process responder.
 */
import { normalizeReply } from '../../../src/core/compare.js';
import { rdataText, type Reply, type RR } from '../../../src/core/dns/reply.js';

export interface ZoneModel {
    zones: string[];
    owners: Set<string>;
    rrsets: Map<string, RR[]>;
    cnameOwners: Set<string>;
}

const within = (name: string, zone: string) => name === zone || name.endsWith(`.${zone}`);

export function zoneModel(records: Map<string, RR[]>): ZoneModel {
    const owners = new Set<string>();
    const rrsets = new Map<string, RR[]>();
    const cnameOwners = new Set<string>();
    for (const [zone, rrs] of records) {
        owners.add(zone);
        for (const rr of rrs) {
            const name = rr.name.toLowerCase();
            owners.add(name);
            if (rr.type === 'CNAME') cnameOwners.add(name);
            const k = `${name} ${rr.type}`;
            rrsets.set(k, [...(rrsets.get(k) ?? []), rr]);
        }
    }
    return { zones: [...records.keys()], owners, rrsets, cnameOwners };
}

/** The server's answer, or undefined where this model cannot say (CNAME owners, ANY). */
export function zoneAnswer(model: ZoneModel, qname: string, qtype: string): { rcode: string; answers: RR[] } | undefined {
    const name = qname.toLowerCase().replace(/\.$/, '');
    if (qtype === 'ANY' || model.cnameOwners.has(name)) return undefined;
    if (!model.zones.some((z) => within(name, z))) return { rcode: 'REFUSED', answers: [] };
    const exists = model.owners.has(name) || [...model.owners].some((o) => o.endsWith(`.${name}`));
    if (!exists) return { rcode: 'NXDOMAIN', answers: [] };
    return { rcode: 'NOERROR', answers: model.rrsets.get(`${name} ${qtype}`) ?? [] };
}

/** True when the zone answers exactly what the expectation says (the rcode is not judged for forwarded replies). */
export function zoneExpresses(model: ZoneModel, qname: string, qtype: string, expected: Reply): boolean {
    const got = zoneAnswer(model, qname, qtype);
    if (!got) return false;
    if (expected.forwarded) return got.answers.length === 0 && expected.answers.length === 0;
    if (got.rcode !== expected.rcode) return false;
    const key = (rr: RR) => `${rr.name} ${rr.type} ${rdataText(rr)}`;
    const a = new Set(normalizeReply({ ...expected, answers: got.answers }).answers.map(key));
    const b = new Set(normalizeReply(expected).answers.map(key));
    return a.size === b.size && [...a].every((k) => b.has(k));
}
