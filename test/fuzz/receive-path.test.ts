/**
 * Fuzz: mutated and random replies through the resolver's receive path (screenReply: RFC 5452 §9.1
 * screening and the strict RFC 1035 §4.1 parse) and every renderer of replies must never crash and never hang; an
 * accepted reply must keep the RR model's promises. A short seeded run here; the long run is test/fuzz/run.ts.
 * Set FUZZ_SEED to run another seed (a failure names the seed and case index to replay with the script).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenReply } from '../../src/adapters/dns/message.js';
import { DnsQueryError, queryDns } from '../../src/adapters/dns/index.js';
import { renderDig } from '../../src/render/dig.js';
import { builtReplies, seedCorpus } from './corpus.js';
import { generateCase, prepareCorpus, runFuzz, truncationSweep } from './engine.js';
import { layoutOf, MUTATORS } from './mutators.js';
import { recordProblems, replyProblems, runCase } from './oracle.js';
import { mulberry32 } from './prng.js';
import { startTestDnsServer } from '../kit/dns/test-server.js';
import { fuzzReplies, type DeliveryStats } from './raw-replies.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20251123);
const corpus = prepareCorpus();

test('every seed of the corpus is a reply the resolver accepts (the mutations start from valid messages)', () => {
    assert.ok(corpus.entries.length >= 100, `${corpus.entries.length} seeds`);
    assert.ok(
        corpus.entries.some((e) => e.label.startsWith('knot ')),
        'real replies captured from Knot are in the corpus',
    );
    for (const e of seedCorpus()) assert.equal(screenReply(e.buf, e.expected).kind, 'accept', e.label);
});

test('the same seed and case index always make the same message; another seed makes others', () => {
    for (const i of [0, 1, 77, 4999]) {
        assert.deepEqual(generateCase(SEED, i, corpus).buf, generateCase(SEED, i, corpus).buf);
    }
    const differ = [0, 1, 2, 3, 4, 5, 6, 7].filter((i) => !generateCase(SEED, i, corpus).buf.equals(generateCase(SEED + 1, i, corpus).buf));
    assert.ok(differ.length >= 6, 'seeds are independent');
});

test('the oracle has teeth: it flags what dns-packet alone lets through', () => {
    assert.deepEqual(recordProblems({ name: 'a.b', type: 'A', ttl: 5, data: '10.0.undefined.undefined' }, 'answer').length, 1);
    assert.equal(recordProblems({ name: 'a.b', type: 'AAAA', ttl: 5, data: '10.0.0.1' }, 'answer').length, 1);
    assert.equal(recordProblems({ name: '', type: 'A', ttl: 5, data: '10.0.0.1' }, 'answer').length, 1);
    assert.equal(recordProblems({ name: 'x', type: 'SRV', ttl: 5, data: { priority: 70000, weight: 0, port: 1, target: 't' } }, 'answer').length, 1);
    assert.equal(recordProblems({ name: 'x', type: 'SRV', ttl: 1.5, data: { priority: 0, weight: 0, port: 1, target: 't' } }, 'answer').length, 1);
    assert.equal(recordProblems({ name: 'x', type: 'TYPE65', ttl: 5, data: '\\# 3 0102' }, 'answer').length, 1);
    assert.deepEqual(recordProblems({ name: 'x', type: 'TYPE65', ttl: 5, data: '\\# 2 0102' }, 'answer'), []);
    const e = builtReplies(7, 'web.default.svc.cluster.local')[0]!;
    const s = screenReply(e.buf, e.expected);
    assert.equal(s.kind, 'accept');
    if (s.kind === 'accept') {
        assert.deepEqual(replyProblems(s.reply, e.expected, e.buf.length), []);
        assert.equal(replyProblems(s.reply, { ...e.expected, id: 8 }, e.buf.length).length, 1, 'an accepted reply with another ID is flagged');
    }
});

test('trailing garbage after a valid reply is never accepted (RFC 1035 §4.1: nothing follows the last record)', () => {
    const rng = mulberry32(SEED);
    for (const e of corpus.entries.slice(0, 40)) {
        const r = runCase(MUTATORS.extend!({ rng, buf: e.buf, layout: e.layout, donor: () => e.buf }), e.expected, e.model);
        assert.equal(r.outcome, 'malformed', e.label);
        assert.match(r.detail, /unexpected bytes after the last record/);
    }
});

test('compression pointers that loop, point forward or out of the message are malformed, never followed (RFC 1035 §4.1.4)', () => {
    // Knot compresses each answer's owner to a pointer to the question name (c0 0c), so a pointer swaps in place.
    const e = corpus.entries.find((x) => x.label === 'knot udp-edns web.default.svc.cluster.local A')!;
    const layout = layoutOf(e.buf)!;
    const owner = layout.names[2]!; // the second answer's owner
    assert.equal(e.buf.readUInt16BE(owner), 0xc00c);
    const at = (target: number) => {
        const b = Buffer.from(e.buf);
        b.writeUInt16BE(0xc000 | target, owner);
        return screenReply(b, e.expected);
    };
    const self = at(owner);
    assert.equal(self.kind, 'malformed');
    assert.equal(at(owner + 2).kind, 'malformed', 'forward');
    assert.equal(at(0x3fff).kind, 'malformed', 'out of the message');
    assert.equal(at(layout.names[1]!).kind, 'accept', "a pointer back to the first answer's owner (itself a pointer) is followed");
    assert.equal(at(12).kind, 'accept', 'the question name, as Knot sent it');
});

test('truncated at every length, every seed reply is dropped or malformed, never accepted and never a crash', () => {
    const sweep = truncationSweep(corpus);
    assert.ok(sweep.cases > 20_000, `${sweep.cases} prefixes`);
    assert.deepEqual(sweep.failures, []);
    assert.deepEqual(sweep.accepted, []);
});

test(`3,000 seeded mutated and random replies (seed ${SEED}): zero crashes, zero hangs, accepted replies render`, () => {
    const stats = runFuzz({ seed: SEED, cases: 3000, corpus });
    const shown = stats.failures.slice(0, 3).map((f) => `${f.kind} at seed ${f.seed} case ${f.index}: ${f.message} [${f.recipe.join(' → ')}]`);
    assert.deepEqual(shown, [], 'replay with: node --import tsx test/fuzz/run.ts --seed N --replay I');
    assert.equal(stats.cases, 3000);
    // The mix must reach every outcome, or the mutations are not exercising the parser.
    assert.ok(stats.accepted > 150, `${stats.accepted} accepted`);
    assert.ok(stats.dropped > 100, `${stats.dropped} dropped`);
    assert.ok(stats.malformed > 1000, `${stats.malformed} malformed`);
});

test('through real sockets: 300 mutated replies over UDP and TCP (random chunks, cuts, silence) always settle with an exchange or a DnsQueryError', async (t) => {
    const delivery: DeliveryStats = { chunks: 0, cut: 0, silent: 0 };
    const server = await startTestDnsServer({ raw: fuzzReplies(SEED, delivery) });
    t.after(() => server.stop());
    const types = ['A', 'AAAA', 'SRV', 'PTR', 'TXT', 'SOA', 'CNAME', 'MX', 'NS', 'CAA'];
    const outcomes = { ok: 0, errors: new Map<string, number>() };
    const timeoutMs = 150;
    const one = async (i: number) => {
        const name = `c${i}.web.default.svc.cluster.local`;
        const started = performance.now();
        try {
            const ex = await queryDns([{ host: server.host, port: server.port }], name, types[i % types.length]!, { timeoutMs, retries: 0, tcp: i % 3 === 0 });
            outcomes.ok++;
            for (const rr of [...ex.reply.answers, ...(ex.reply.authority ?? []), ...ex.reply.additionals])
                assert.deepEqual(recordProblems(rr, 'received'), [], name);
            assert.equal(typeof renderDig(ex), 'string');
        } catch (err) {
            assert.ok(err instanceof DnsQueryError, `query ${i} threw ${String(err)}`);
            outcomes.errors.set(err.reason, (outcomes.errors.get(err.reason) ?? 0) + 1);
        }
        // UDP, then TCP after a truncated reply: at most two attempts, each bounded by the timeout.
        assert.ok(performance.now() - started < 2 * timeoutMs + 1000, `query ${i} settled in ${Math.round(performance.now() - started)} ms`);
    };
    const queue = Array.from({ length: 300 }, (_, i) => i);
    await Promise.all(
        Array.from({ length: 20 }, async () => {
            for (let i = queue.shift(); i !== undefined; i = queue.shift()) await one(i);
        }),
    );
    assert.ok(outcomes.ok > 20, `${outcomes.ok} accepted`);
    for (const reason of ['malformed', 'timeout']) assert.ok((outcomes.errors.get(reason) ?? 0) > 0, `some ${reason}: ${JSON.stringify([...outcomes.errors])}`);
    assert.ok(server.stats.udp > 100 && server.stats.tcp > 50, JSON.stringify({ ...server.stats, ...delivery }));
    assert.ok(delivery.chunks > server.stats.tcp, 'TCP replies arrived in pieces');
});
