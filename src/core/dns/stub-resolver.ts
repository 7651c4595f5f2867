import type { Reply } from './reply.js';
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

/**
 * How many candidates a walk asked: up to the answering one, or every candidate when none answered (a failed walk has
 * gone through the whole search list; `failedAt` only says whose negative reply the application sees).
 */
export function queriesOfWalk(pick: PickedAnswer, candidates: number): number {
    return pick.index >= 0 ? pick.index + 1 : candidates;
}

const hasRecords = (r: Reply) => r.rcode === 'NOERROR' && r.answers.length > 0;

/**
 * A forwarded reply (decided upstream) cannot be judged from the cluster state. The name as typed (first or last
 * candidate) is assumed to be where the upstream answers; a node search domain in the middle is assumed NXDOMAIN.
 */
const undecidedStop = (i: number, n: number) => i === 0 || i === n - 1;

/**
 * The search-list walk of a stub resolver, one reply at a time: the one rule svcdig follows for the expected side
 * (replies computed from the cluster) and for the actual side (replies received, asked only while the walk goes on).
 * - glibc (`resolv/res_query.c __res_context_search`): a reply with records ends the search. NXDOMAIN (HOST_NOT_FOUND)
 *   and NOERROR without records (NO_DATA, counted in `got_nodata`) continue; SERVFAIL (TRY_AGAIN with rcode SERVFAIL,
 *   `got_servfail`) continues too; any other failure (REFUSED, FORMERR → NO_RECOVERY) stops. When every candidate
 *   fails the error is NO_DATA if any candidate had NODATA, else the last one's.
 * - musl (`src/network/lookup_name.c name_from_dns_search` → `name_from_dns`): only NXDOMAIN (rcode 3) continues.
 *   Any NOERROR reply stops the search, with or without records; SERVFAIL stops (EAI_AGAIN), other rcodes stop (EAI_FAIL).
 * Forwarded replies (expected replies decided outside the cluster) are unknown: see `undecidedStop`.
 */
export class StubWalk {
    private seen = 0;
    private nodataAt = -1;
    private picked: PickedAnswer | null = null;

    constructor(
        private readonly flavour: StubFlavour,
        /** How many candidates the search list has. */
        private readonly count: number,
    ) {}

    /** True while the stub asks the next candidate. */
    get goesOn(): boolean {
        return this.picked === null && this.seen < this.count;
    }

    /** The reply of the next candidate; returns whether the stub goes on to the one after it. */
    push(name: string, reply: Reply): boolean {
        if (!this.goesOn) throw new Error('the search-list walk has already ended');
        const i = this.seen++;
        this.picked = this.step(name, reply, i);
        return this.goesOn;
    }

    /** Where the walk ended: the candidate whose reply the application gets, or where it failed. */
    result(): PickedAnswer {
        if (this.picked) return this.picked;
        if (this.seen === 0) return { index: -1, note: 'no candidate names' };
        const failedAt = this.nodataAt >= 0 ? this.nodataAt : this.seen - 1;
        return {
            index: -1,
            failedAt,
            note:
                this.nodataAt >= 0
                    ? 'no candidate has records; glibc reports NODATA (no address) because one candidate had NODATA'
                    : 'no candidate exists: the lookup fails with NXDOMAIN (host not found)',
        };
    }

    private step(name: string, reply: Reply, i: number): PickedAnswer | null {
        if (hasRecords(reply)) return { index: i, ...(reply.forwarded ? { note: `${name} answers with records, part of them from upstream` } : {}) };
        if (reply.forwarded) {
            return undecidedStop(i, this.count)
                ? { index: i, note: `${name} is decided outside the cluster (forward): the stub gets whatever the upstream resolver answers` }
                : null;
        }
        if (reply.rcode === 'NXDOMAIN') return null;
        if (this.flavour === 'musl') {
            return {
                index: i,
                note: reply.rcode === 'NOERROR' ? 'musl stops at the first NOERROR reply, even one without records (NODATA)' : `musl stops at ${reply.rcode}`,
            };
        }
        if (reply.rcode === 'NOERROR') {
            if (this.nodataAt < 0) this.nodataAt = i;
            return null;
        }
        if (reply.rcode === 'SERVFAIL') return null;
        return { index: i, note: `glibc stops at ${reply.rcode}` };
    }
}

/** Which candidate's reply the application gets (StubWalk over replies already known). */
export function pickAnswer(results: CandidateResult[], flavour: StubFlavour): PickedAnswer {
    const walk = new StubWalk(flavour, results.length);
    for (const r of results) if (!walk.push(r.name, r.reply)) break;
    return walk.result();
}

/**
 * Where the expected side's walk ends once the real replies are known: a candidate svcdig cannot predict (forwarded,
 * decided upstream, with no records of the cluster's) takes the reply that came back, so both sides follow the same
 * walk over the same replies wherever the cluster does not decide. Candidates the stub never asked keep the guess.
 */
export function expectedEndGiven(candidates: { name: string; expected: Reply; actual: Reply | null }[], flavour: StubFlavour): PickedAnswer {
    const undecided = (r: Reply) => !!r.forwarded && r.answers.length === 0;
    return pickAnswer(
        candidates.map((c) => ({ name: c.name, reply: c.actual && undecided(c.expected) ? c.actual : c.expected })),
        flavour,
    );
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
): { candidates: CandidateResult[]; pick: PickedAnswer; answeredBy: string | null; reply: Reply; queries: number; note?: string } {
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
        return { candidates, pick, answeredBy: hit.name, reply, queries: pick.index + 1, ...(pick.note ? { note: pick.note } : {}) };
    }
    const failed = candidates[pick.failedAt ?? candidates.length - 1];
    const reply: Reply = failed
        ? { ...failed.reply, because: [...failed.reply.because, ...(pick.note ? [pick.note] : [])] }
        : { rcode: 'NXDOMAIN', answers: [], additionals: [], because: ['no candidate names'] };
    return { candidates, pick, answeredBy: null, reply, queries: candidates.length, ...(pick.note ? { note: pick.note } : {}) };
}
