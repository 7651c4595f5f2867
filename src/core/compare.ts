import { rdataText, type RR, type Reply } from './dns-reply.js';

export type RecordStatus = 'match' | 'missing' | 'unexpected';

export interface RecordVerdict {
    status: RecordStatus;
    name: string;
    type: string;
    data: RR['data'];
    expectedTtl: number | null;
    actualTtl: number | null;
}

export interface Difference {
    kind: 'rcode' | 'missing' | 'unexpected' | 'ttl' | 'additional';
    /** True for differences that do not fail the match (TTL above expected, additional section). */
    noteOnly: boolean;
    message: string;
    record?: { name: string; type: string; data: RR['data'] };
    /** Why, when svcdig can tell from the API state (filled by the caller). */
    reason?: string;
}

export interface Comparison {
    verdict: 'match' | 'mismatch';
    records: RecordVerdict[];
    differences: Difference[];
}

/** Lower-case owner name and name-valued data, no trailing dot: the JSON contract's form. */
export function normalizeRecord(rr: RR): RR {
    const low = (s: string) => s.toLowerCase().replace(/\.$/, '');
    let data = rr.data;
    if (typeof data === 'string' && ['CNAME', 'PTR', 'NS', 'DNAME'].includes(rr.type)) data = low(data);
    else if (typeof data === 'string' && rr.type === 'AAAA') data = data.toLowerCase();
    else if (typeof data === 'object' && !Array.isArray(data) && 'target' in data) data = { ...data, target: low(data.target) };
    else if (typeof data === 'object' && !Array.isArray(data) && 'mname' in data) data = { ...data, mname: low(data.mname), rname: low(data.rname) };
    return { name: low(rr.name), type: rr.type.toUpperCase(), ttl: rr.ttl, data };
}

export function normalizeReply(reply: Reply): Reply {
    return {
        ...reply,
        answers: reply.answers.map(normalizeRecord),
        additionals: reply.additionals.map(normalizeRecord),
        ...(reply.authority ? { authority: reply.authority.map(normalizeRecord) } : {}),
    };
}


const recordKey = (rr: RR) => `${rr.name}\u0000${rr.type}\u0000${rdataText(rr)}`;

/**
 * Expected against actual: rcode and the answer section as sets (CoreDNS's `loadbalance` shuffles the order,
 * coredns/coredns plugin/loadbalance/README.md); TTLs never fail a match (`cache` counts them down,
 * plugin/cache/README.md) but an actual TTL above the expected one is a note; the additional section is
 * compared for notes only. When the expected reply is `forwarded` (decided outside the cluster state), only the
 * records svcdig expects must be present and the rcode is not judged.
 */
export function compareReplies(expected: Reply, actual: Reply): Comparison {
    return compareNormalized(normalizeReply(expected), normalizeReply(actual));
}

/** compareReplies for replies normalizeReply already made (a record check keeps them for its report). */
export function compareNormalized(expected: Reply, actual: Reply): Comparison {
    const differences: Difference[] = [];
    const records: RecordVerdict[] = [];
    if (!expected.forwarded && expected.rcode !== actual.rcode) {
        differences.push({ kind: 'rcode', noteOnly: false, message: `rcode: expected ${expected.rcode}, got ${actual.rcode}` });
    }
    const actualByKey = new Map<string, RR>();
    for (const rr of actual.answers) if (!actualByKey.has(recordKey(rr))) actualByKey.set(recordKey(rr), rr);
    const seen = new Set<string>();
    for (const rr of expected.answers) {
        const k = recordKey(rr);
        if (seen.has(k)) continue;
        seen.add(k);
        const got = actualByKey.get(k);
        if (got) {
            records.push({ status: 'match', name: rr.name, type: rr.type, data: rr.data, expectedTtl: rr.ttl, actualTtl: got.ttl });
            if (got.ttl > rr.ttl) {
                differences.push({ kind: 'ttl', noteOnly: true, message: `${rr.name} ${rr.type} ${rdataText(rr)}: TTL ${got.ttl} is above the configured ${rr.ttl}`, record: rr });
            }
        } else {
            records.push({ status: 'missing', name: rr.name, type: rr.type, data: rr.data, expectedTtl: rr.ttl, actualTtl: null });
            differences.push({ kind: 'missing', noteOnly: false, message: `missing ${rr.name} ${rr.type} ${rdataText(rr)}`, record: rr });
        }
    }
    for (const [k, rr] of actualByKey) {
        if (seen.has(k)) continue;
        records.push({ status: 'unexpected', name: rr.name, type: rr.type, data: rr.data, expectedTtl: null, actualTtl: rr.ttl });
        differences.push({
            kind: 'unexpected',
            noteOnly: !!expected.forwarded,
            message: `${expected.forwarded ? 'from upstream' : 'unexpected'} ${rr.name} ${rr.type} ${rdataText(rr)}`,
            record: rr,
        });
    }
    const expAdd = new Set(expected.additionals.map(recordKey));
    const actAdd = new Set(actual.additionals.filter((r) => r.type !== 'OPT').map(recordKey));
    for (const rr of expected.additionals) {
        if (!actAdd.has(recordKey(rr))) differences.push({ kind: 'additional', noteOnly: true, message: `additional section lacks ${rr.name} ${rr.type} ${rdataText(rr)}`, record: rr });
    }
    for (const rr of actual.additionals) {
        if (rr.type !== 'OPT' && !expAdd.has(recordKey(rr))) differences.push({ kind: 'additional', noteOnly: true, message: `additional section has extra ${rr.name} ${rr.type} ${rdataText(rr)}`, record: rr });
    }
    const verdict = differences.some((d) => !d.noteOnly) ? 'mismatch' : 'match';
    return { verdict, records, differences };
}
