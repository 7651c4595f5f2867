/**
 * The fuzz engine: case `i` of a run seeded `s` is generated from caseSeed(s, i) alone (a seed from the corpus with
 * one to four mutations, or a random message), run through the oracle, and counted. A failure carries the seed, the
 * case index and the recipe, so `test/fuzz/run.ts --seed s --replay i` rebuilds exactly that message.
 */
import * as dnsPacket from 'dns-packet';
import type { Expected } from '../../src/adapters/dns/message.js';
import { screenReply } from '../../src/adapters/dns/message.js';
import type { Reply } from '../../src/core/dns/reply.js';
import { seedCorpus, type CorpusEntry } from './corpus.js';
import { layoutOf, MUTATORS, MUTATOR_NAMES, type Layout } from './mutators.js';
import { replyModel, runCase, type CaseResult, type FailureKind } from './oracle.js';
import { caseSeed, mulberry32, type Rng } from './prng.js';

export interface FuzzCase {
    index: number;
    expected: Expected;
    buf: Buffer;
    /** What was done: the seed's label and each mutation, or the kind of random message. */
    recipe: string[];
    /** The seed's own reply (compared against by the renderers). */
    expectedReply: Reply;
}

/** A corpus prepared for fuzzing: each seed's layout and model, computed once. */
export interface PreparedCorpus {
    entries: (CorpusEntry & { layout: Layout | null; model: Reply })[];
}

const NO_REPLY: Reply = { rcode: 'NXDOMAIN', answers: [], additionals: [], because: ['no seed reply'] };

export function prepareCorpus(entries: CorpusEntry[] = seedCorpus()): PreparedCorpus {
    return {
        entries: entries.map((e) => {
            const s = screenReply(e.buf, e.expected);
            return { ...e, layout: layoutOf(e.buf), model: s.kind === 'accept' ? replyModel(s.reply) : NO_REPLY };
        }),
    };
}

/** A header that claims to answer `expected` (its ID, QR set, opcode QUERY), the rest left as it was. */
export function claimAnswer(buf: Buffer, expected: Expected): Buffer {
    if (buf.length < 4) return buf;
    buf.writeUInt16BE(expected.id, 0);
    buf.writeUInt16BE((buf.readUInt16BE(2) | 0x8000) & ~0x7800, 2);
    return buf;
}

/** A random message: random bytes, or a header and the right question followed by random bytes. */
function randomMessage(rng: Rng, expected: Expected, recipe: string[]): Buffer {
    if (rng.chance(0.4)) {
        recipe.push('random bytes');
        return rng.bytes(rng.chance(0.2) ? rng.int(16) : rng.int(600));
    }
    recipe.push('question + random records');
    const question = dnsPacket.encode({
        type: 'response',
        id: expected.id,
        flags: 0,
        questions: [{ name: expected.name, type: expected.type as dnsPacket.RecordType, class: 'IN' }],
    });
    const tail = rng.bytes(rng.int(400));
    const buf = Buffer.concat([question, tail]);
    buf.writeUInt16BE(0x8000 | rng.int(0x800), 2);
    for (let s = 0; s < 3; s++) buf.writeUInt16BE(rng.chance(0.7) ? rng.int(4) : rng.int(0x10000), 6 + 2 * s);
    return buf;
}

/** Mutation counts: mostly one or two, so most cases stay close enough to valid to reach the deep checks. */
const MUTATION_COUNTS = [1, 1, 1, 2, 2, 3, 4];

export function generateCase(seed: number, index: number, corpus: PreparedCorpus): FuzzCase {
    const rng = mulberry32(caseSeed(seed, index));
    const base = rng.pick(corpus.entries);
    const recipe: string[] = [];
    let buf: Buffer;
    if (rng.chance(0.06)) {
        buf = randomMessage(rng, base.expected, recipe);
    } else {
        recipe.push(`seed "${base.label}"`);
        buf = base.buf;
        let layout = base.layout;
        for (let n = rng.pick(MUTATION_COUNTS); n > 0; n--) {
            const name = rng.pick(MUTATOR_NAMES);
            recipe.push(name);
            buf = (MUTATORS[name] as (typeof MUTATORS)[string])({ rng, buf, layout, donor: () => rng.pick(corpus.entries).buf });
            layout = layoutOf(buf) ?? layout;
        }
        if (buf === base.buf) buf = Buffer.from(buf);
    }
    // Most cases claim to answer the query, so they get past the ID/QR screening to the parser.
    if (rng.chance(recipe.includes('header') ? 0.3 : 0.85)) {
        buf = claimAnswer(Buffer.from(buf), base.expected);
        recipe.push('claim answer');
    }
    return { index, expected: base.expected, buf, recipe, expectedReply: base.model };
}

export interface FuzzFailure {
    seed: number;
    index: number;
    kind: FailureKind;
    message: string;
    stack?: string;
    recipe: string[];
    expected: Expected;
    hex: string;
}

export interface FuzzStats {
    cases: number;
    accepted: number;
    dropped: number;
    malformed: number;
    failures: FuzzFailure[];
    /** Malformed replies dns-packet itself threw on after the strict walk passed ("undecodable: …"), by message. */
    undecodable: Map<string, number>;
    slowestMs: number;
    slowestIndex: number;
    elapsedMs: number;
}

export function emptyStats(): FuzzStats {
    return { cases: 0, accepted: 0, dropped: 0, malformed: 0, failures: [], undecodable: new Map(), slowestMs: 0, slowestIndex: -1, elapsedMs: 0 };
}

/** Runs one generated case and adds it to `stats`; returns the case's result. */
export function runOne(seed: number, index: number, corpus: PreparedCorpus, stats: FuzzStats): CaseResult {
    const c = generateCase(seed, index, corpus);
    // The YAML renderer is slow; it renders one accepted reply in 16.
    const r = runCase(c.buf, c.expected, c.expectedReply, { full: index % 16 === 0 });
    stats.cases++;
    if (r.ms > stats.slowestMs) {
        stats.slowestMs = r.ms;
        stats.slowestIndex = index;
    }
    if (r.outcome === 'accept') stats.accepted++;
    else if (r.outcome === 'drop') stats.dropped++;
    else if (r.outcome === 'malformed') {
        stats.malformed++;
        if (r.detail.startsWith('undecodable: ')) {
            const key = r.detail.replace(/\d+/g, 'N');
            stats.undecodable.set(key, (stats.undecodable.get(key) ?? 0) + 1);
        }
    } else if (r.failure) {
        const f: FuzzFailure = {
            seed,
            index,
            kind: r.failure.kind,
            message: r.failure.message,
            recipe: c.recipe,
            expected: c.expected,
            hex: c.buf.toString('hex'),
        };
        if (r.failure.stack) f.stack = r.failure.stack;
        stats.failures.push(f);
    }
    return r;
}

/** Cases [start, start + cases) of the run seeded `seed`. */
export function runFuzz(opts: { seed: number; cases: number; start?: number; corpus?: PreparedCorpus; onCase?: (index: number) => void }): FuzzStats {
    const corpus = opts.corpus ?? prepareCorpus();
    const stats = emptyStats();
    const t0 = performance.now();
    const start = opts.start ?? 0;
    for (let i = start; i < start + opts.cases; i++) {
        opts.onCase?.(i);
        runOne(opts.seed, i, corpus, stats);
    }
    stats.elapsedMs = performance.now() - t0;
    return stats;
}

/**
 * Every strict prefix of every seed (truncation at every length, RFC 1035 §4.1: the header counts promise records
 * the prefix no longer holds): each must be dropped or malformed, never accepted, never a failure.
 */
export function truncationSweep(
    corpus: PreparedCorpus,
    onCase?: () => void,
): { cases: number; accepted: { label: string; length: number }[]; failures: { label: string; length: number; message: string }[] } {
    const out = { cases: 0, accepted: [] as { label: string; length: number }[], failures: [] as { label: string; length: number; message: string }[] };
    for (const e of corpus.entries) {
        if (e.sweep === false) continue;
        for (let len = 0; len < e.buf.length; len++) {
            out.cases++;
            onCase?.();
            const r = runCase(e.buf.subarray(0, len), e.expected, e.model);
            if (r.outcome === 'accept') out.accepted.push({ label: e.label, length: len });
            if (r.failure) out.failures.push({ label: e.label, length: len, message: r.failure.message });
        }
    }
    return out;
}
