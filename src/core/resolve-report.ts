import { type ApiVersion } from './api-version.js';
import { compareNormalized, normalizeReply, type Difference, type RecordVerdict } from './compare.js';
import { queriesOfWalk, type PickedAnswer } from './dns/stub-resolver.js';
import type { DnsConfig } from './dns/dns-config.js';
import type { Reply } from './dns/reply.js';

export interface CandidateReport {
    name: string;
    expected: Reply;
    actual: Reply | null;
}

/** --all-replicas: what one CoreDNS pod answered for the result's deciding name, and whether it agrees with the others. */
export interface ReplicaAnswer {
    pod: string;
    /** The pod's IP (informative: svcdig reaches it through a port-forward, not at this address). */
    ip?: string;
    /** How it was asked: a port-forward to the pod, or (--demo) the demo's own responder for that replica. */
    via: 'port-forward' | 'demo';
    /** The name asked (the candidate whose reply decides the result). */
    name: string;
    reply?: Reply;
    error?: string;
    agrees: boolean;
}

/** --server A --server B (each mode): what one server answered for the result's deciding name, and whether it agrees with the others. */
export interface ServerAnswer {
    /** HOST:PORT as given. */
    server: string;
    /** The name asked (the candidate whose reply decides the result). */
    name: string;
    reply?: Reply;
    error?: string;
    agrees: boolean;
}

export interface ResolveResult {
    query: { name: string; type: string };
    /** In the order a pod tries them. */
    candidates: CandidateReport[];
    answeredBy: string | null;
    expected: Reply;
    actual: Reply | null;
    verdict: 'match' | 'mismatch' | 'expected-only' | 'error';
    differences: Difference[];
    /** Per-record verdicts of the answering candidate (empty for expected-only). */
    records: RecordVerdict[];
    /**
     * Queries the lookup cost a pod (candidates tried; stubs usually send A and AAAA for each): on the actual side when
     * a server was asked, else the expected walk's.
     */
    queries: number;
    /** Queries the expected walk costs: the candidates up to where it ends (the answering one, or the failing one). */
    expectedQueries: number;
    actualAnsweredBy?: string | null;
    /** The candidate whose reply the application gets on the actual side: `records` compare it with what svcdig expects there. */
    comparedCandidate?: string;
    server?: string;
    transport?: 'udp' | 'tcp';
    rttMs?: number;
    error?: string;
    /** --all-replicas: every ready CoreDNS pod's answer. */
    replicas?: ReplicaAnswer[];
    /** --server given more than once (each mode): every server's answer. */
    servers?: ServerAnswer[];
}

export interface ResolveReport {
    apiVersion: ApiVersion;
    kind: 'ResolveReport';
    namespace: string;
    source: string;
    dns: {
        zones: string[];
        ttl: number;
        podsMode: string;
        configSource: string;
        notes: string[];
        search: string[];
        ndots: number;
        stub: string;
        server?: string;
        via?: string;
        /** Several --server: `each` (every one asked and compared) or `failover` (the next asked when one fails). */
        serverMode?: 'each' | 'failover';
    };
    results: ResolveResult[];
    errors: { query?: string; server?: string; message: string }[];
}

/**
 * One result from its candidates' expected and (optional) actual replies, and where each side's search-list walk
 * ended (StubWalk: the same rule for both). Every candidate the stub really asked is compared with what svcdig expects
 * there; the walks part only where such a comparison differs (or where the expected reply is decided upstream), so
 * where each side's answer came from is reported, never counted as a difference of its own.
 */
export function buildResolveResult(args: {
    query: { name: string; type: string };
    candidates: CandidateReport[];
    expected: PickedAnswer;
    /** Null when nothing was asked (expected only) or the lookup failed (`error`). */
    actual: PickedAnswer | null;
    queries: number;
    error?: string;
}): ResolveResult {
    const candidates = args.candidates.map((c) => ({
        name: c.name.toLowerCase().replace(/\.$/, ''),
        expected: normalizeReply(c.expected),
        actual: c.actual ? normalizeReply(c.actual) : null,
    }));
    const expIdx = endOf(args.expected, candidates.length);
    const expected = candidates[expIdx]?.expected ?? { rcode: 'NXDOMAIN', answers: [], additionals: [], because: ['no candidate names'] };
    const answeredBy = args.expected.index >= 0 ? (candidates[args.expected.index]?.name ?? null) : null;
    const expectedQueries = queriesOfWalk(args.expected, candidates.length);
    const base = { query: args.query, candidates, answeredBy, expected, queries: args.queries, expectedQueries };
    if (args.error) return { ...base, actual: null, verdict: 'error', differences: [], records: [], error: args.error };
    if (!args.actual) return { ...base, actual: null, verdict: 'expected-only', differences: [], records: [] };
    const actIdx = endOf(args.actual, candidates.length);
    const at = candidates[actIdx];
    if (!at?.actual) return { ...base, actual: null, verdict: 'error', differences: [], records: [], error: 'no reply' };
    const searched = candidates.length > 1;
    const differences: Difference[] = [];
    let records: RecordVerdict[] = [];
    for (const [i, c] of candidates.entries()) {
        if (!c.actual) continue;
        const cmp = compareNormalized(c.expected, c.actual);
        if (i === actIdx) records = cmp.records;
        for (const d of cmp.differences) {
            differences.push(searched ? { ...d, candidate: c.name, ...(d.kind === 'rcode' ? { message: `${c.name}: ${d.message}` } : {}) } : d);
        }
    }
    const actualAnsweredBy = args.actual.index >= 0 ? at.name : null;
    const verdict = differences.some((d) => !d.noteOnly) ? 'mismatch' : 'match';
    return { ...base, actual: at.actual, actualAnsweredBy, comparedCandidate: at.name, verdict, differences, records };
}

/** The candidate whose reply the application gets: the answering one, else where the walk failed. */
function endOf(pick: PickedAnswer, count: number): number {
    return pick.index >= 0 ? pick.index : (pick.failedAt ?? count - 1);
}

export function dnsSummary(config: DnsConfig, search: string[], ndots: number, stub: string): ResolveReport['dns'] {
    return { zones: config.zones, ttl: config.ttl, podsMode: config.podsMode, configSource: config.source, notes: config.notes, search, ndots, stub };
}
