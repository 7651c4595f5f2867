import { rdataText, recordText, type RR, type Reply } from './dns/reply.js';
import { rdataForm } from './dns/record-types.js';
import { compareText } from './order.js';

export type RecordStatus = 'match' | 'missing' | 'unexpected' | 'changed';

export interface RecordVerdict {
    status: RecordStatus;
    name: string;
    type: string;
    /** The expected data (the actual one for an unexpected record). */
    data: RR['data'];
    /** status changed: what came back instead. */
    actualData?: RR['data'];
    expectedTtl: number | null;
    actualTtl: number | null;
}

export interface Difference {
    /** What differs; code reads this (and `record`, `rcodes`, `changedTo`), never `message`, which is for people. */
    kind: 'rcode' | 'missing' | 'unexpected' | 'changed' | 'ttl' | 'additional';
    /** True for differences that do not fail the match (TTL above expected, additional section). */
    noteOnly: boolean;
    message: string;
    record?: { name: string; type: string; data: RR['data'] };
    /** kind changed: the data that came back in place of `record`'s (same owner, type and identity). */
    changedTo?: RR['data'];
    /** kind rcode: the two rcodes. */
    rcodes?: { expected: string; actual: string };
    /** The search-list candidate whose replies differ (resolve; absent for a single absolute name). */
    candidate?: string;
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
    const low = lowerNoTrailingDot;
    let data = rr.data;
    const form = rdataForm(rr.type);
    if (typeof data === 'string' && form === 'name') data = low(data);
    else if (typeof data === 'string' && form === 'ipv6') data = data.toLowerCase();
    else if (typeof data === 'object' && !Array.isArray(data) && 'target' in data) data = { ...data, target: low(data.target) };
    else if (typeof data === 'object' && !Array.isArray(data) && 'mname' in data) data = { ...data, mname: low(data.mname), rname: low(data.rname) };
    return { name: low(rr.name), type: rr.type.toUpperCase(), ttl: rr.ttl, data };
}

/** The name in lower case without one trailing dot (no regular expression: check normalizes every record it asks). */
function lowerNoTrailingDot(s: string): string {
    const l = s.toLowerCase();
    return l.endsWith('.') ? l.slice(0, -1) : l;
}

export function normalizeReply(reply: Reply): Reply {
    return {
        ...reply,
        answers: reply.answers.map(normalizeRecord),
        additionals: reply.additionals.map(normalizeRecord),
        ...(reply.authority ? { authority: reply.authority.map(normalizeRecord) } : {}),
    };
}

/**
 * What two records are compared by: owner, type and data, except an SOA's serial. CoreDNS's kubernetes plugin sets it
 * to the time of the last change it saw from the API (plugin/kubernetes/kubernetes.go Serial), which no snapshot
 * holds: svcdig expects a placeholder there (answers.ts SOA_SERIAL_PLACEHOLDER) and never judges it.
 */
const recordKey = (rr: RR) => `${rr.name}\u0000${rr.type}\u0000${rdataText(comparableData(rr))}`;

function comparableData(rr: RR): RR {
    const d = rr.data;
    return typeof d === 'object' && !Array.isArray(d) && 'serial' in d ? { ...rr, data: { ...d, serial: 0 } } : rr;
}

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

/**
 * What identifies a record apart from the values that may drift: an SRV by its target (RFC 2782: priority, weight and
 * port are attributes of the target), an SOA by its zone's primary. Other types have no such identity: a different
 * address is a different record.
 */
function identity(rr: RR): string | null {
    const d = rr.data;
    if (typeof d === 'object' && !Array.isArray(d) && 'target' in d) return `${rr.name} ${rr.type} ${d.target}`;
    if (typeof d === 'object' && !Array.isArray(d) && 'mname' in d) return `${rr.name} ${rr.type} ${d.mname}`;
    return null;
}

/** The names of the fields of two records' data that differ (an SOA's serial is never judged, see recordKey). */
function differingFields(from: RR['data'], to: RR['data']): string[] {
    const a = from as unknown as Record<string, unknown>;
    const b = to as unknown as Record<string, unknown>;
    return Object.keys(a).filter((k) => a[k] !== b[k] && k !== 'serial');
}

/** The fields of two records' data that differ, as `weight 50 → 33`. */
function changedFields(from: RR['data'], to: RR['data']): string {
    const a = from as unknown as Record<string, unknown>;
    const b = to as unknown as Record<string, unknown>;
    return differingFields(from, to)
        .map((k) => `${k} ${String(a[k])} → ${String(b[k])}`)
        .join(', ');
}

/**
 * How far apart a missing record and an unexpected one of the same identity are: a different port first (RFC 2782:
 * target and port together name one instance of the service, so two SRV records on one target with ports 53 and 9153
 * are two instances), then the number of other fields that differ. Smaller pairs first.
 */
function pairDistance(exp: RR, got: RR): number {
    const fields = differingFields(exp.data, got.data);
    return (fields.includes('port') ? 100 : 0) + fields.length;
}

/**
 * Which missing record pairs with which unexpected one: for every identity, the closest pairs first (pairDistance),
 * ties broken by the records' text, so the pairing never depends on the order a server sent its answers in (CoreDNS's
 * `loadbalance` and dnsmasq rotate it between replies). Returns [index in `missing`, index in `unexpected`] pairs.
 */
function choosePairs(missing: RR[], unexpected: RR[]): [number, number][] {
    const candidates: { m: number; u: number; distance: number; tie: string }[] = [];
    for (const [m, exp] of missing.entries()) {
        const id = identity(exp);
        if (id === null) continue;
        for (const [u, got] of unexpected.entries()) {
            if (identity(got) === id) candidates.push({ m, u, distance: pairDistance(exp, got), tie: `${recordKey(exp)}\u0001${recordKey(got)}` });
        }
    }
    candidates.sort((x, y) => x.distance - y.distance || compareText(x.tie, y.tie));
    const usedM = new Set<number>();
    const usedU = new Set<number>();
    const pairs: [number, number][] = [];
    for (const c of candidates) {
        if (usedM.has(c.m) || usedU.has(c.u)) continue;
        usedM.add(c.m);
        usedU.add(c.u);
        pairs.push([c.m, c.u]);
    }
    return pairs;
}

/**
 * Pairs each missing record with an unexpected one of the same identity into one `changed` difference (an SRV target
 * whose weight drifted is one change, not a missing and an unexpected record). Returns the unexpected records left,
 * in the order of their text (not the server's order, which rotates).
 */
function pairChanged(records: RecordVerdict[], differences: Difference[], unexpected: RR[]): RR[] {
    if (unexpected.length === 0) return unexpected;
    const missingAt = [...differences.entries()].filter(([, d]) => d.kind === 'missing' && d.record).map(([i]) => i);
    const missing = missingAt.map((i) => differences[i]!.record as RR);
    const pairs = choosePairs(missing, unexpected);
    for (const [m, u] of pairs) {
        const exp = missing[m]!;
        const got = unexpected[u]!;
        differences[missingAt[m]!] = {
            kind: 'changed',
            noteOnly: false,
            message: `changed ${recordText(exp)}: ${changedFields(exp.data, got.data)}`,
            record: exp,
            changedTo: got.data,
        };
        const v = records.find((r) => r.status === 'missing' && r.name === exp.name && r.type === exp.type && r.data === exp.data);
        if (v) Object.assign(v, { status: 'changed', actualData: got.data, actualTtl: got.ttl });
    }
    const paired = new Set(pairs.map(([, u]) => u));
    return unexpected.filter((_, u) => !paired.has(u)).sort((x, y) => compareText(recordKey(x), recordKey(y)));
}

/** compareReplies for replies normalizeReply already made (a record check keeps them for its report). */
export function compareNormalized(expected: Reply, actual: Reply): Comparison {
    const differences: Difference[] = [];
    const records: RecordVerdict[] = [];
    if (!expected.forwarded && expected.rcode !== actual.rcode) {
        differences.push({
            kind: 'rcode',
            noteOnly: false,
            message: `rcode: expected ${expected.rcode}, got ${actual.rcode}`,
            rcodes: { expected: expected.rcode, actual: actual.rcode },
        });
    }
    const actualByKey = new Map<string, RR>();
    for (const rr of actual.answers) {
        const k = recordKey(rr);
        if (!actualByKey.has(k)) actualByKey.set(k, rr);
    }
    const seen = new Set<string>();
    for (const rr of expected.answers) {
        const k = recordKey(rr);
        if (seen.has(k)) continue;
        seen.add(k);
        const got = actualByKey.get(k);
        if (got) {
            records.push({ status: 'match', name: rr.name, type: rr.type, data: rr.data, expectedTtl: rr.ttl, actualTtl: got.ttl });
            if (got.ttl > rr.ttl) {
                differences.push({ kind: 'ttl', noteOnly: true, message: `${recordText(rr)}: TTL ${got.ttl} is above the configured ${rr.ttl}`, record: rr });
            }
        } else {
            records.push({ status: 'missing', name: rr.name, type: rr.type, data: rr.data, expectedTtl: rr.ttl, actualTtl: null });
            differences.push({ kind: 'missing', noteOnly: false, message: `missing ${recordText(rr)}`, record: rr });
        }
    }
    const unexpected: RR[] = [];
    actualByKey.forEach((rr, k) => {
        if (!seen.has(k)) unexpected.push(rr);
    });
    for (const rr of pairChanged(records, differences, unexpected)) {
        records.push({ status: 'unexpected', name: rr.name, type: rr.type, data: rr.data, expectedTtl: null, actualTtl: rr.ttl });
        differences.push({
            kind: 'unexpected',
            noteOnly: !!expected.forwarded,
            message: `${expected.forwarded ? 'from upstream' : 'unexpected'} ${recordText(rr)}`,
            record: rr,
        });
    }
    // most replies (A, AAAA, PTR) have no additional records on either side: nothing to compare
    if (expected.additionals.length > 0 || actual.additionals.length > 0) compareAdditionals(expected, actual, differences);
    const verdict = differences.some((d) => !d.noteOnly) ? 'mismatch' : 'match';
    return { verdict, records, differences };
}

/** The additional sections, for notes only (see compareReplies). */
function compareAdditionals(expected: Reply, actual: Reply, differences: Difference[]): void {
    const expAdd = new Set(expected.additionals.map(recordKey));
    const actAdd = new Set(actual.additionals.filter((r) => r.type !== 'OPT').map(recordKey));
    for (const rr of expected.additionals) {
        if (!actAdd.has(recordKey(rr)))
            differences.push({ kind: 'additional', noteOnly: true, message: `additional section lacks ${recordText(rr)}`, record: rr });
    }
    for (const rr of actual.additionals) {
        if (rr.type !== 'OPT' && !expAdd.has(recordKey(rr)))
            differences.push({ kind: 'additional', noteOnly: true, message: `additional section has extra ${recordText(rr)}`, record: rr });
    }
}
