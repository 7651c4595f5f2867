import type { Reply } from '../dns-reply.js';
import type { DnsIndex } from './dns-index.js';
import { expectedReply } from './expected-reply.js';
import { searchCandidates, type ResolvConf, type StubFlavour } from './resolv-conf.js';

export interface CandidateResult {
    name: string;
    reply: Reply;
}

export interface PickedAnswer {
    /** The candidate where the stub stops and whose reply the application gets; -1 when every candidate failed. */
    index: number;
    note?: string;
    /** When `index` is -1: the candidate whose negative reply the application sees (glibc: a NODATA one if any, else the last). */
    failedAt?: number;
}

const hasRecords = (r: Reply) => r.rcode === 'NOERROR' && r.answers.length > 0;

/**
 * A forwarded reply (decided upstream) cannot be judged from the cluster state. The name as typed (first or last
 * candidate) is assumed to be where the upstream answers; a node search domain in the middle is assumed NXDOMAIN.
 */
const undecidedStop = (i: number, n: number) => i === 0 || i === n - 1;

/**
 * Which candidate's reply the application gets, per stub resolver:
 * - glibc (`resolv/res_query.c __res_context_search`): a reply with records ends the search. NXDOMAIN (HOST_NOT_FOUND)
 *   and NOERROR without records (NO_DATA, counted in `got_nodata`) continue; SERVFAIL (TRY_AGAIN with rcode SERVFAIL,
 *   `got_servfail`) continues too; any other failure (REFUSED, FORMERR → NO_RECOVERY) stops. When every candidate
 *   fails the error is NO_DATA if any candidate had NODATA, else the last one's.
 * - musl (`src/network/lookup_name.c name_from_dns_search` → `name_from_dns`): only NXDOMAIN (rcode 3) continues.
 *   Any NOERROR reply stops the search, with or without records; SERVFAIL stops (EAI_AGAIN), other rcodes stop (EAI_FAIL).
 * Forwarded replies (outside the cluster) are unknown: see `undecidedStop`.
 */
export function pickAnswer(results: CandidateResult[], flavour: StubFlavour): PickedAnswer {
    const n = results.length;
    let nodataAt = -1;
    for (let i = 0; i < n; i++) {
        const { name, reply } = results[i]!;
        if (hasRecords(reply)) return { index: i, ...(reply.forwarded ? { note: `${name} answers with records, part of them from upstream` } : {}) };
        if (reply.forwarded) {
            if (undecidedStop(i, n)) return { index: i, note: `${name} is decided outside the cluster (forward): the stub gets whatever the upstream resolver answers` };
            continue;
        }
        if (reply.rcode === 'NXDOMAIN') continue;
        if (flavour === 'musl') {
            const why = reply.rcode === 'NOERROR' ? 'musl stops at the first NOERROR reply, even one without records (NODATA)' : `musl stops at ${reply.rcode}`;
            return { index: i, note: why };
        }
        if (reply.rcode === 'NOERROR') {
            if (nodataAt < 0) nodataAt = i;
            continue;
        }
        if (reply.rcode === 'SERVFAIL') continue;
        return { index: i, note: `glibc stops at ${reply.rcode}` };
    }
    if (n === 0) return { index: -1, note: 'no candidate names' };
    const failedAt = nodataAt >= 0 ? nodataAt : n - 1;
    return {
        index: -1,
        failedAt,
        note: nodataAt >= 0 ? 'no candidate has records; glibc reports NODATA (no address) because one candidate had NODATA' : 'no candidate exists: the lookup fails with NXDOMAIN (host not found)',
    };
}

/**
 * The expected side of a (possibly relative) name as a pod with `resolv` would look it up: each candidate with its
 * expected reply, the answering candidate (null when none answers) and the final reply; `queries` = candidates the
 * stub sends for this type (stubs usually send A and AAAA for each).
 */
export function expectedLookup(
    index: DnsIndex,
    name: string,
    qtype: string,
    resolv: ResolvConf,
    flavour: StubFlavour = 'glibc',
): { candidates: CandidateResult[]; answeredBy: string | null; reply: Reply; queries: number; note?: string } {
    const candidates = searchCandidates(name, resolv, flavour).map((c) => ({ name: c, reply: expectedReply(index, c, qtype) }));
    const pick = pickAnswer(candidates, flavour);
    if (pick.index >= 0) {
        const hit = candidates[pick.index]!;
        let reply = hit.reply;
        if (hit.reply.forwarded && hit.reply.answers.length === 0 && pick.index > 0) {
            // say why the cluster names before it did not answer: that is usually the user's real question
            const earlier = candidates
                .slice(0, pick.index)
                .filter((c) => !c.reply.forwarded)
                .map((c) => `${c.name}: ${c.reply.rcode === 'NOERROR' ? 'NODATA' : c.reply.rcode}${c.reply.because[0] ? ` (${c.reply.because[0]})` : ''}`);
            if (earlier.length > 0) reply = { ...hit.reply, because: [`no cluster name answered: ${earlier.join('; ')}`, ...hit.reply.because] };
        }
        return { candidates, answeredBy: hit.name, reply, queries: pick.index + 1, ...(pick.note ? { note: pick.note } : {}) };
    }
    const failed = candidates[pick.failedAt ?? candidates.length - 1];
    const reply: Reply = failed
        ? { ...failed.reply, because: [...failed.reply.because, ...(pick.note ? [pick.note] : [])] }
        : { rcode: 'NXDOMAIN', answers: [], additionals: [], because: ['no candidate names'] };
    return { candidates, answeredBy: null, reply, queries: candidates.length, ...(pick.note ? { note: pick.note } : {}) };
}
