import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { Duplex } from 'node:stream';
import { connect } from 'node:net';
import { DnsQueryError, queryDns, type DnsServerAddress, type QueryOptions } from '../../../src/adapters/dns/index.js';
import { ExitCode } from '../../../src/errors.js';
import type { RR } from '../../../src/core/dns/reply.js';
import { startTestDnsServer, type Fault, type TestDnsServer } from '../../kit/dns/test-server.js';

const NAME = 'web.default.svc.cluster.local';
const IPS = ['10.244.1.10', '10.244.1.11', '10.244.1.12', '10.244.1.13'];
const RECORDS: RR[] = [
    ...IPS.map((ip) => ({ name: NAME, type: 'A', ttl: 5, data: ip })),
    { name: 'one.default.svc.cluster.local', type: 'A', ttl: 5, data: '10.0.0.1' },
];
const opts: QueryOptions = { timeoutMs: 300, retries: 0 };

async function withServer(t: { after(fn: () => Promise<void>): void }, fault: Fault): Promise<{ fs: TestDnsServer; server: DnsServerAddress[] }> {
    const fs = await startTestDnsServer({ records: RECORDS, fault });
    t.after(() => fs.stop());
    return { fs, server: [{ host: fs.host, port: fs.port }] };
}

async function failure(p: Promise<unknown>): Promise<DnsQueryError> {
    try {
        await p;
    } catch (err) {
        assert.ok(err instanceof DnsQueryError, `expected a DnsQueryError, got ${String(err)}`);
        assert.equal(err.message.includes('\n'), false, 'one line');
        return err;
    }
    assert.fail('the query should have failed');
}

/** A port on 127.0.0.1 with nothing listening on it (bound, then released). */
async function closedPort(): Promise<number> {
    return new Promise((resolve) => {
        const srv = createServer().listen(0, '127.0.0.1', () => {
            const port = (srv.address() as { port: number }).port;
            srv.close(() => resolve(port));
        });
    });
}

test('the fault server answers correctly when told no fault (the baseline every fault is measured against)', async (t) => {
    const { server } = await withServer(t, 'none');
    const ex = await queryDns(server, NAME, 'A', opts);
    assert.deepEqual(
        ex.reply.answers.map((a) => a.data),
        IPS,
    );
    assert.equal(ex.transport, 'udp');
});

test('a server that never answers: timeout after every try, exit code 5', async (t) => {
    const { fs, server } = await withServer(t, 'drop');
    const started = performance.now();
    const err = await failure(queryDns(server, NAME, 'A', { ...opts, retries: 1 }));
    assert.equal(err.reason, 'timeout');
    assert.equal(err.kind, 'unreachable');
    assert.equal(err.exitCode, ExitCode.unreachable);
    assert.equal(err.message, `no reply from 127.0.0.1:${fs.port} within 300 ms (UDP, 2 tries)`);
    assert.equal(fs.stats.udp, 2, 'retries = 1 means two UDP queries');
    assert.ok(performance.now() - started >= 590, 'each try waits the full timeout');
});

test('a reply delayed past the timeout is a timeout, even over TCP', async (t) => {
    const { fs, server } = await withServer(t, 'delay');
    const err = await failure(queryDns(server, NAME, 'A', { ...opts, tcp: true }));
    assert.equal(err.reason, 'timeout');
    assert.equal(err.message, `no reply from 127.0.0.1:${fs.port} within 300 ms`);
    assert.equal(fs.stats.tcp, 1);
});

test('a port with nothing listening is refused at once, over UDP (ICMP) and TCP', async () => {
    const port = await closedPort();
    const server = [{ host: '127.0.0.1', port }];
    const udp = await failure(queryDns(server, NAME, 'A', { ...opts, timeoutMs: 5000 }));
    assert.equal(udp.reason, 'refused');
    assert.equal(udp.exitCode, ExitCode.unreachable);
    assert.equal(udp.message, `127.0.0.1:${port} refused the query (nothing listens on UDP port ${port})`);
    const tcp = await failure(queryDns(server, NAME, 'A', { ...opts, tcp: true, timeoutMs: 5000 }));
    assert.equal(tcp.message, `127.0.0.1:${port} refused the connection (nothing listens on TCP port ${port})`);
});

test('several servers are asked in order: a dead first server falls through to the next', async (t) => {
    const { server } = await withServer(t, 'none');
    const dead = { host: '127.0.0.1', port: await closedPort() };
    const ex = await queryDns([dead, ...server], NAME, 'A', opts);
    assert.deepEqual(ex.server, server[0]);
    assert.equal(ex.reply.answers.length, IPS.length);
});

test('when every server fails, the error lists each one on one line', async (t) => {
    const { fs, server } = await withServer(t, 'drop');
    const port = await closedPort();
    const err = await failure(queryDns([...server, { host: '127.0.0.1', port }], NAME, 'A', opts));
    assert.equal(
        err.message,
        `no usable reply from any DNS server: no reply from 127.0.0.1:${fs.port} within 300 ms; 127.0.0.1:${port} refused the query (nothing listens on UDP port ${port})`,
    );
    assert.deepEqual(
        err.failures.map((f) => f.reason),
        ['timeout', 'refused'],
    );
});

for (const [fault, answers] of [
    ['tc-empty', 0],
    ['tc-partial', IPS.length / 2],
] as const) {
    test(`TC on every UDP reply (${fault}: ${answers} answers) is retried over TCP, which answers in full`, async (t) => {
        const { fs, server } = await withServer(t, fault);
        const ex = await queryDns(server, NAME, 'A', opts);
        assert.equal(ex.transport, 'tcp');
        assert.deepEqual(ex.truncatedUdp, { answers });
        assert.deepEqual(
            ex.reply.answers.map((a) => a.data),
            IPS,
        );
        assert.deepEqual(fs.stats, { udp: 1, tcp: 1 });
    });
}

for (const [fault, note] of [
    ['wrong-id', 'wrong id'],
    ['wrong-question', 'wrong question'],
    ['not-response', 'not a response'],
    ['short-garbage', 'shorter than a DNS header'],
] as const) {
    test(`a reply with ${fault} is dropped, counted, and the query times out waiting for the real one`, async (t) => {
        const { fs, server } = await withServer(t, fault);
        const err = await failure(queryDns(server, NAME, 'A', opts));
        assert.equal(err.reason, 'timeout');
        assert.equal(err.exitCode, ExitCode.unreachable);
        assert.equal(err.message, `no reply from 127.0.0.1:${fs.port} within 300 ms (ignored 1 reply: ${note})`);
        const late = await startTestDnsServer({ records: RECORDS, fault });
        t.after(() => late.stop());
        // the same fault over TCP: the message is dropped and the connection keeps waiting
        const tcpErr = await failure(queryDns([{ host: late.host, port: late.port }], NAME, 'A', { ...opts, tcp: true }));
        assert.equal(tcpErr.reason, 'timeout');
        assert.equal(tcpErr.message, `no reply from 127.0.0.1:${late.port} within 300 ms (ignored 1 reply: ${note})`);
    });
}

test('a dropped reply is counted by its reason, not kept', async (t) => {
    const { server } = await withServer(t, 'spoof-then-answer');
    const ex = await queryDns(server, NAME, 'A', opts);
    assert.deepEqual([ex.dropped.total, ex.dropped.counts], [1, { 'wrong-id': 1 }]);
});

test('a spoofed wrong-ID reply followed by the right one: the first is skipped, the second accepted (UDP and TCP)', async (t) => {
    const { fs, server } = await withServer(t, 'spoof-then-answer');
    for (const tcp of [false, true]) {
        const ex = await queryDns(server, NAME, 'A', { ...opts, tcp });
        assert.equal(ex.reply.rcode, 'NOERROR');
        assert.deepEqual(
            ex.reply.answers.map((a) => a.data),
            IPS,
        );
        assert.deepEqual([ex.dropped.total, ex.dropped.counts], [1, { 'wrong-id': 1 }]);
    }
    assert.deepEqual(fs.stats, { udp: 1, tcp: 1 });
});

test('a reply from another source port never reaches the connected socket: timeout, nothing accepted', async (t) => {
    const { fs, server } = await withServer(t, 'other-port');
    const err = await failure(queryDns(server, NAME, 'A', opts));
    assert.equal(err.reason, 'timeout');
    assert.equal(err.message, `no reply from 127.0.0.1:${fs.port} within 300 ms`);
    assert.equal(fs.stats.udp, 1);
});

for (const rcode of ['SERVFAIL', 'REFUSED'] as const) {
    test(`${rcode} is an answer: reported with its rcode, not retried, and the next server is not asked`, async (t) => {
        const { fs, server } = await withServer(t, rcode === 'SERVFAIL' ? 'servfail' : 'refused');
        const { fs: second, server: next } = await withServer(t, 'none');
        const ex = await queryDns([...server, ...next], NAME, 'A', { ...opts, retries: 2 });
        assert.equal(ex.reply.rcode, rcode);
        assert.deepEqual(ex.reply.answers, []);
        assert.deepEqual(ex.server, server[0]);
        assert.equal(fs.stats.udp, 1);
        assert.equal(second.stats.udp, 0);
    });
}

for (const [fault, why] of [
    ['garbage', 'a name has an unknown label type 0x40'],
    ['truncated-rdata', 'answer record 4 of 4 declares 4 bytes of data but only 2 remain'],
    ['bad-rdlength', `A record for ${NAME} has 3 bytes of data; an IPv4 address takes 4`],
    ['trailing-garbage', '5 unexpected bytes after the last record'],
] as const) {
    test(`a malformed reply (${fault}) is an error naming the server and the defect, never a crash`, async (t) => {
        const { fs, server } = await withServer(t, fault);
        for (const tcp of [false, true]) {
            const err = await failure(queryDns(server, NAME, 'A', { ...opts, tcp, retries: 2 }));
            assert.equal(err.reason, 'malformed');
            assert.equal(err.exitCode, ExitCode.unreachable);
            assert.equal(err.message, `malformed reply from 127.0.0.1:${fs.port}: ${why}`);
        }
        assert.deepEqual(fs.stats, { udp: 1, tcp: 1 }, 'a malformed reply is not retried');
    });
}

test('a malformed reply from the first server falls through to the next one', async (t) => {
    const { server: bad } = await withServer(t, 'truncated-rdata');
    const { server: good } = await withServer(t, 'none');
    const ex = await queryDns([...bad, ...good], NAME, 'A', opts);
    assert.deepEqual(ex.server, good[0]);
    assert.deepEqual(
        ex.reply.answers.map((a) => a.data),
        IPS,
    );
});

test('a TCP stream cut mid-message is an error, not a hang or a half answer', async (t) => {
    const { fs, server } = await withServer(t, 'tcp-cut');
    const err = await failure(queryDns(server, NAME, 'A', opts));
    assert.equal(err.reason, 'closed');
    assert.equal(err.exitCode, ExitCode.unreachable);
    assert.match(
        err.message,
        new RegExp(
            `^the UDP reply was truncated \\(TC\\) and the retry over TCP failed: 127\\.0\\.0\\.1:${fs.port} closed the TCP connection mid-message \\(got \\d+ of \\d+ bytes\\)$`,
        ),
    );
    assert.deepEqual(fs.stats, { udp: 1, tcp: 1 });
});

test('a custom stream transport (as port-forward will provide) carries every query over TCP framing', async (t) => {
    const { fs } = await withServer(t, 'none');
    const asked: DnsServerAddress[] = [];
    const connectStream = async (s: DnsServerAddress): Promise<Duplex> => {
        asked.push(s);
        const sock = connect({ host: '127.0.0.1', port: fs.port });
        await new Promise((resolve) => sock.once('connect', resolve));
        return sock;
    };
    const pod = { host: '10.244.0.5', port: 53 };
    const ex = await queryDns([pod], NAME, 'A', { ...opts, connectStream });
    assert.equal(ex.transport, 'tcp');
    assert.deepEqual(ex.server, pod);
    assert.deepEqual(asked, [pod]);
    assert.deepEqual(fs.stats, { udp: 0, tcp: 1 });
});

test('an aborted query stops at once with reason aborted', async (t) => {
    const { server } = await withServer(t, 'drop');
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 20);
    const started = performance.now();
    const err = await failure(queryDns(server, NAME, 'A', { ...opts, timeoutMs: 5000, signal: ac.signal }));
    assert.equal(err.reason, 'aborted');
    assert.ok(performance.now() - started < 1000);
});

test('each query uses a fresh socket and a random ID', async (t) => {
    const ids = new Set<number>();
    const ports = new Set<number>();
    const sock = createSocket('udp4');
    await new Promise<void>((resolve) => sock.bind(0, '127.0.0.1', () => resolve()));
    t.after(() => new Promise<void>((resolve) => sock.close(() => resolve())));
    sock.on('message', (msg, rinfo) => {
        ids.add(msg.readUInt16BE(0));
        ports.add(rinfo.port);
    });
    const server = [{ host: '127.0.0.1', port: sock.address().port }];
    const attempts = 8;
    await failure(queryDns(server, NAME, 'A', { timeoutMs: 30, retries: attempts - 1 }));
    assert.equal(ports.size, attempts, 'one source port per attempt');
    assert.ok(ids.size >= attempts - 1, `IDs vary (${[...ids].join(', ')})`);
});

test('bad input is a usage error before anything is sent', async () => {
    const server = [{ host: '127.0.0.1', port: 53 }];
    await assert.rejects(
        queryDns(server, NAME, 'BOGUS', opts),
        (e: Error & { kind?: string }) => e.kind === 'usage' && /unknown record type "BOGUS"/.test(e.message),
    );
    await assert.rejects(queryDns(server, 'a..b', 'A', opts), (e: Error & { kind?: string }) => e.kind === 'usage');
    await assert.rejects(queryDns([], NAME, 'A', opts), (e: Error & { kind?: string }) => e.kind === 'usage');
});
