import { compareReplies, normalizeReply, type Difference, type RecordVerdict } from './compare.js';
import type { DnsConfig } from './dns-config.js';
import type { Reply } from './dns-reply.js';

export interface CandidateReport {
    name: string;
    expected: Reply;
    actual: Reply | null;
}

/** --all-replicas: what one CoreDNS pod answered for the result's deciding name, and whether it agrees with the others. */
export interface ReplicaAnswer {
    pod: string;
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
    /** Queries the lookup cost a pod (candidates tried; stubs usually send A and AAAA for each). */
    queries: number;
    actualAnsweredBy?: string | null;
    /** The candidate whose expected and actual replies the records and differences compare. */
    comparedCandidate?: string;
    server?: string;
    transport?: 'udp' | 'tcp';
    rttMs?: number;
    error?: string;
    /** --all-replicas: every ready CoreDNS pod's answer. */
    replicas?: ReplicaAnswer[];
}

export interface ResolveReport {
    apiVersion: 'svcdig/v1alpha1';
    kind: 'ResolveReport';
    namespace: string;
    source: string;
    dns: { zones: string[]; ttl: number; podsMode: string; configSource: string; notes: string[]; search: string[]; ndots: number; stub: string; server?: string; via?: string };
    results: ResolveResult[];
    errors: { query?: string; server?: string; message: string }[];
}

/** One result from its candidates' expected and (optional) actual replies. */
export function buildResolveResult(args: {
    query: { name: string; type: string };
    candidates: CandidateReport[];
    expectedIndex: number;
    actualIndex: number | null;
    queries: number;
    error?: string;
}): ResolveResult {
    const candidates = args.candidates.map((c) => ({ name: c.name.toLowerCase().replace(/\.$/, ''), expected: normalizeReply(c.expected), actual: c.actual ? normalizeReply(c.actual) : null }));
    const expIdx = args.expectedIndex >= 0 ? args.expectedIndex : candidates.length - 1;
    const expected = candidates[expIdx]?.expected ?? { rcode: 'NXDOMAIN', answers: [], additionals: [], because: ['no candidate names'] };
    const answeredBy = args.expectedIndex >= 0 ? (candidates[args.expectedIndex]?.name ?? null) : null;
    const base = { query: args.query, candidates, answeredBy, expected, queries: args.queries };
    if (args.error) {
        return { ...base, actual: null, verdict: 'error', differences: [], records: [], error: args.error };
    }
    if (args.actualIndex === null) {
        return { ...base, actual: null, verdict: 'expected-only', differences: [], records: [] };
    }
    const actIdx = args.actualIndex >= 0 ? args.actualIndex : lastWithActual(candidates);
    const actual = candidates[actIdx]?.actual ?? null;
    if (!actual) return { ...base, actual: null, verdict: 'error', differences: [], records: [], error: 'no reply' };
    const differences: Difference[] = [];
    const actualAnsweredBy = args.actualIndex >= 0 ? (candidates[args.actualIndex]?.name ?? null) : null;
    // Compare where the two stories part: if the real lookup stopped at an earlier candidate than expected, compare
    // that candidate (what svcdig expected there against what came back); otherwise the candidate that should answer.
    // Where the expected walk stops on a reply decided outside the cluster (forwarded, no records), svcdig cannot say
    // where the real one stops: a later stop is compared there, and a different stop is only a note.
    const undecided = !!expected.forwarded && expected.answers.length === 0;
    const cmpIdx = actIdx >= 0 && candidates[actIdx]?.actual && (actIdx < expIdx || (undecided && actIdx > expIdx)) ? actIdx : expIdx;
    const compared = candidates[cmpIdx]!;
    if (actualAnsweredBy !== answeredBy) {
        differences.push({
            kind: 'rcode',
            noteOnly: undecided,
            message: `a pod gets its answer from ${actualAnsweredBy ?? 'no candidate'}, not from ${answeredBy ?? 'no candidate'} as expected`,
        });
    }
    const cmp = compareReplies(compared.expected, compared.actual ?? actual);
    differences.push(...cmp.differences);
    const verdict = differences.some((d) => !d.noteOnly) ? 'mismatch' : 'match';
    return { ...base, actual, actualAnsweredBy, comparedCandidate: compared.name, verdict, differences, records: cmp.records };
}

function lastWithActual(c: CandidateReport[]): number {
    for (let i = c.length - 1; i >= 0; i--) if (c[i]!.actual) return i;
    return -1;
}

export function dnsSummary(config: DnsConfig, search: string[], ndots: number, stub: string): ResolveReport['dns'] {
    return { zones: config.zones, ttl: config.ttl, podsMode: config.podsMode, configSource: config.source, notes: config.notes, search, ndots, stub };
}
