/**
 * The shared UDP sockets of a long run (src/adapters/dns/udp.ts, what `check` asks its thousands of questions over):
 * every fault a lone query handles is handled the same when queries share sockets, replies go to the query whose ID
 * they carry, a late reply to a query already retried is let go rather than counted against the others, and the
 * sockets follow RFC 5452 §9.2 (several source ports at once, ports that change, IDs never twice in flight on one).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type RemoteInfo } from 'node:dgram';
import { createServer } from 'node:net';
import * as dnsPacket from 'dns-packet';
import { DnsQueryError, queryDns, UdpSocketPool, type DnsServerAddress, type QueryOptions } from '../../../src/adapters/dns/index.js';
import type { DnsExchange } from '../../../src/core/dns/exchange.js';
import type { RR } from '../../../src/core/dns/reply.js';
import { startTestDnsServer, type Fault } from '../../kit/dns/test-server.js';

const NAME = 'web.default.svc.cluster.local';
const RECORDS: RR[] = Array.from({ length: 20 }, (_, i) => ({ name: `n${i}.default.svc.cluster.local`, type: 'A', ttl: 5, data: `10.0.0.${i + 1}` }));
RECORDS.push({ name: NAME, type: 'A', ttl: 5, data: '10.244.1.10' }, { name: NAME, type: 'A', ttl: 5, data: '10.244.1.11' });
const NAMES = RECORDS.slice(0, 20).map((r) => r.name);

type T = { after(fn: () => Promise<void> | void): void };

function pooled(t: T, extra: Partial<QueryOptions> = {}, pool = new UdpSocketPool()): QueryOptions {
    t.after(() => pool.close());
    return { timeoutMs: 300, retries: 0, udpPool: pool, ...extra };
}

async function withServer(t: T, fault: Fault, delayMs?: number): Promise<DnsServerAddress[]> {
    const fs = await startTestDnsServer({ records: RECORDS, fault, ...(delayMs ? { delayMs } : {}) });
    t.after(() => fs.stop());
    return [{ host: fs.host, port: fs.port }];
}

async function failure(p: Promise<unknown>): Promise<DnsQueryError> {
    try {
        await p;
    } catch (err) {
        assert.ok(err instanceof DnsQueryError, `expected a DnsQueryError, got ${String(err)}`);
        return err;
    }
    assert.fail('the query should have failed');
}

/** A UDP server the test answers by hand: it records each query (ID, source port) and answers only when told. */
async function heldServer(t: T) {
    // a buffer for every query a test holds at once (Linux caps it at net.core.rmem_max)
    const sock = createSocket({ type: 'udp4', recvBufferSize: 1 << 20 });
    await new Promise<void>((resolve) => sock.bind(0, '127.0.0.1', () => resolve()));
    t.after(() => new Promise<void>((resolve) => sock.close(() => resolve())));
    const queries: { packet: dnsPacket.Packet; from: RemoteInfo }[] = [];
    const waiters: (() => void)[] = [];
    sock.on('message', (msg, from) => {
        queries.push({ packet: dnsPacket.decode(msg), from });
        for (const w of waiters.splice(0)) w();
    });
    const answer = (q: (typeof queries)[number], id = q.packet.id) => {
        const reply = dnsPacket.encode({
            type: 'response',
            id,
            flags: dnsPacket.AUTHORITATIVE_ANSWER,
            questions: q.packet.questions,
            answers: [{ name: q.packet.questions![0]!.name, type: 'A', ttl: 5, data: '10.9.9.9' }],
        });
        sock.send(reply, q.from.port, q.from.address);
    };
    return {
        server: [{ host: '127.0.0.1', port: sock.address().port }],
        queries,
        answer,
        /** Resolves once `n` queries have arrived. */
        async received(n: number): Promise<void> {
            while (queries.length < n) await new Promise<void>((resolve) => waiters.push(resolve));
        },
    };
}

test('queries sharing a pool are answered each with its own reply', async (t) => {
    const server = await withServer(t, 'none', 20);
    const opts = pooled(t);
    const got = await Promise.all([...NAMES, ...NAMES].map((n) => queryDns(server, n, 'A', opts)));
    for (const [i, ex] of got.entries()) {
        assert.equal(ex.question.name, NAMES[i % NAMES.length]);
        assert.deepEqual(
            ex.reply.answers.map((a) => a.data),
            [`10.0.0.${(i % NAMES.length) + 1}`],
        );
        assert.equal(ex.dropped.total, 0);
    }
});

for (const [fault, note] of [
    ['wrong-id', 'wrong id'],
    ['wrong-question', 'wrong question'],
    ['not-response', 'not a response'],
    ['short-garbage', 'shorter than a DNS header'],
] as const) {
    test(`through a pool, a reply with ${fault} is dropped, counted, and the query times out`, async (t) => {
        const server = await withServer(t, fault);
        const err = await failure(queryDns(server, NAME, 'A', pooled(t)));
        assert.equal(err.reason, 'timeout');
        assert.equal(err.message, `no reply from 127.0.0.1:${server[0]!.port} within 300 ms (ignored 1 reply: ${note})`);
    });
}

test('through a pool, several queries facing wrong-ID replies all time out, each naming what it ignored', async (t) => {
    const server = await withServer(t, 'wrong-id');
    const opts = pooled(t);
    const errs = await Promise.all(NAMES.slice(0, 5).map((n) => failure(queryDns(server, n, 'A', opts))));
    for (const err of errs) {
        assert.equal(err.reason, 'timeout');
        assert.match(err.message, /within 300 ms \(ignored \d+ repl(y|ies): wrong (id|question)(, wrong (id|question))?\)$/);
    }
});

test('through a pool, a spoofed wrong-ID reply is skipped and the real one accepted', async (t) => {
    const server = await withServer(t, 'spoof-then-answer');
    const ex = await queryDns(server, NAME, 'A', pooled(t));
    assert.equal(ex.reply.answers.length, 2);
    assert.deepEqual([ex.dropped.total, ex.dropped.counts], [1, { 'wrong-id': 1 }]);
});

test('through a pool, a reply from another source port never reaches the socket: timeout, nothing accepted', async (t) => {
    const server = await withServer(t, 'other-port');
    const err = await failure(queryDns(server, NAME, 'A', pooled(t)));
    assert.equal(err.message, `no reply from 127.0.0.1:${server[0]!.port} within 300 ms`);
});

for (const fault of ['tc-empty', 'tc-partial'] as const) {
    test(`through a pool, TC (${fault}) still falls back to TCP`, async (t) => {
        const server = await withServer(t, fault);
        const ex = await queryDns(server, NAME, 'A', pooled(t));
        assert.equal(ex.transport, 'tcp');
        assert.equal(ex.reply.answers.length, 2);
    });
}

test('through a pool, SERVFAIL is an answer and a malformed reply an error', async (t) => {
    const servfail = await withServer(t, 'servfail');
    const opts = pooled(t);
    assert.equal((await queryDns(servfail, NAME, 'A', opts)).reply.rcode, 'SERVFAIL');
    const garbage = await withServer(t, 'garbage');
    assert.equal((await failure(queryDns(garbage, NAME, 'A', opts))).reason, 'malformed');
});

test('through a pool, a port with nothing listening refuses every query waiting on it, and the next server is asked', async (t) => {
    const port = await new Promise<number>((resolve) => {
        const srv = createServer().listen(0, '127.0.0.1', () => {
            const p = (srv.address() as { port: number }).port;
            srv.close(() => resolve(p));
        });
    });
    const dead = [{ host: '127.0.0.1', port }];
    const opts = pooled(t, { timeoutMs: 5000 });
    const errs = await Promise.all(NAMES.slice(0, 6).map((n) => failure(queryDns(dead, n, 'A', opts))));
    for (const err of errs) assert.equal(err.message, `127.0.0.1:${port} refused the query (nothing listens on UDP port ${port})`);
    const live = await withServer(t, 'none');
    const ex = await queryDns([...dead, ...live], NAME, 'A', opts);
    assert.deepEqual(ex.server, live[0]);
});

test('a late reply to a query already retried is let go, not counted against the queries still waiting', async (t) => {
    const held = await heldServer(t);
    const opts = pooled(t, { retries: 1 }, new UdpSocketPool({ socketsPerServer: 1 }));
    const a = queryDns(held.server, NAMES[0]!, 'A', opts);
    await held.received(2); // the first try timed out and the retry is out
    const b = queryDns(held.server, NAMES[1]!, 'A', opts);
    await held.received(3);
    const [a1, a2, b1] = held.queries;
    assert.equal(a1!.from.port, b1!.from.port, 'one socket');
    held.answer(a1!); // late: its query has moved on to the retry
    held.answer(a2!);
    const exA: DnsExchange = await a;
    held.answer(b1!, (b1!.packet.id! + 1) & 0xffff); // a stray: no query has this ID
    held.answer(b1!);
    const exB: DnsExchange = await b;
    assert.equal(exA.id, a2!.packet.id);
    assert.equal(exA.dropped.total, 0);
    assert.deepEqual([exB.dropped.total, exB.dropped.counts], [1, { 'wrong-id': 1 }]);
});

test('queries go out together once the turn that asked them ends; one given up before then never leaves', async (t) => {
    const held = await heldServer(t);
    const opts = pooled(t, { timeoutMs: 5000 }, new UdpSocketPool({ socketsPerServer: 1 }));
    // a first exchange, so that the socket is connected and the next queries are not held for that
    const first = queryDns(held.server, NAMES[0]!, 'A', opts);
    await held.received(1);
    held.answer(held.queries[0]!);
    await first;
    const stop = new AbortController();
    const given = failure(queryDns(held.server, NAMES[1]!, 'A', { ...opts, signal: stop.signal }));
    const kept = [2, 3].map((i) => queryDns(held.server, NAMES[i]!, 'A', opts));
    // still in the turn that asked, after every step a query takes before it is ready to leave
    for (let i = 0; i < 20; i++) await Promise.resolve();
    stop.abort();
    assert.equal((await given).reason, 'aborted');
    await held.received(3);
    // one socket, so the two kept went out in order, and the one given up would have gone out with them
    const after = held.queries.slice(1).map((q) => q.packet.questions![0]!.name);
    assert.deepEqual(after, [NAMES[2], NAMES[3]]);
    for (const q of held.queries.slice(1)) held.answer(q);
    await Promise.all(kept);
});

test('IDs are never twice in flight on one socket, which holds at most 64 queries; a pool spreads its queries over several ports', async (t) => {
    const held = await heldServer(t);
    const one = pooled(t, { timeoutMs: 5000 }, new UdpSocketPool({ socketsPerServer: 1 }));
    const many = Array.from({ length: 130 }, (_, i) => queryDns(held.server, `n${i}.example`, 'A', one));
    await held.received(130);
    const byPort = new Map<number, typeof held.queries>();
    for (const q of held.queries) byPort.set(q.from.port, [...(byPort.get(q.from.port) ?? []), q]);
    for (const [port, qs] of byPort) {
        assert.ok(qs.length <= 64, `at most 64 queries on port ${port} (${qs.length})`);
        assert.equal(new Set(qs.map((q) => q.packet.id)).size, qs.length, `distinct IDs on port ${port}`);
    }
    assert.equal(byPort.size, 3, '130 queries held at once need 3 sockets of 64');
    for (const q of held.queries) held.answer(q);
    await Promise.all(many);

    const spread = pooled(t, { timeoutMs: 5000 });
    const more = Array.from({ length: 100 }, (_, i) => queryDns(held.server, `m${i}.example`, 'A', spread));
    await held.received(230);
    const ports = new Set(held.queries.slice(130).map((q) => q.from.port));
    assert.ok(ports.size > 1, `several source ports (${ports.size})`);
    for (const q of held.queries.slice(130)) held.answer(q);
    await Promise.all(more);
});

test('a socket is replaced after its share of queries: the source port keeps changing', async (t) => {
    const held = await heldServer(t);
    const opts = pooled(t, {}, new UdpSocketPool({ queriesPerSocket: 5, socketsPerServer: 1 }));
    for (let i = 0; i < 20; i++) {
        const q = queryDns(held.server, `n${i}.example`, 'A', opts);
        await held.received(i + 1);
        held.answer(held.queries[i]!);
        await q;
    }
    assert.equal(new Set(held.queries.map((q) => q.from.port)).size, 4);
});

test('closing the pool ends the queries still waiting as aborted', async (t) => {
    const held = await heldServer(t);
    const pool = new UdpSocketPool();
    const opts = pooled(t, { timeoutMs: 5000 }, pool);
    const waiting = queryDns(held.server, NAME, 'A', opts);
    await held.received(1);
    pool.close();
    assert.equal((await failure(waiting)).reason, 'aborted');
});
