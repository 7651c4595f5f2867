import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareReplies } from '../../src/core/compare.js';
import type { Reply, RR } from '../../src/core/dns/reply.js';

const a = (name: string, ip: string, ttl = 30): RR => ({ name, type: 'A', ttl, data: ip });
const reply = (answers: RR[], rcode = 'NOERROR', extra: Partial<Reply> = {}): Reply => ({ rcode, answers, additionals: [], because: [], ...extra });

test('answers are compared as sets: order does not matter (loadbalance shuffles)', () => {
    const c = compareReplies(reply([a('x', '10.0.0.1'), a('x', '10.0.0.2')]), reply([a('x', '10.0.0.2'), a('x', '10.0.0.1')]));
    assert.equal(c.verdict, 'match');
    assert.equal(c.records.filter((r) => r.status === 'match').length, 2);
});

test('a missing, an unexpected and a changed record are three differences', () => {
    const c = compareReplies(
        reply([a('x', '10.0.0.1'), a('x', '10.0.0.2'), a('x', '10.0.0.3')]),
        reply([a('x', '10.0.0.1'), a('x', '10.0.0.9'), a('x', '10.0.0.4')]),
    );
    assert.equal(c.verdict, 'mismatch');
    assert.deepEqual(c.differences.map((d) => d.kind).sort(), ['missing', 'missing', 'unexpected', 'unexpected']);
});

test('a lower TTL is a match (caches count down), a higher TTL is only a note', () => {
    assert.equal(compareReplies(reply([a('x', '10.0.0.1', 30)]), reply([a('x', '10.0.0.1', 12)])).differences.length, 0);
    const higher = compareReplies(reply([a('x', '10.0.0.1', 30)]), reply([a('x', '10.0.0.1', 300)]));
    assert.equal(higher.verdict, 'match');
    assert.equal(higher.differences[0]?.kind, 'ttl');
    assert.equal(higher.differences[0]?.noteOnly, true);
});

test('a different rcode fails the match', () => {
    const c = compareReplies(reply([], 'NXDOMAIN'), reply([], 'NOERROR'));
    assert.equal(c.verdict, 'mismatch');
    assert.equal(c.differences[0]?.kind, 'rcode');
});

test('names compare case-insensitively and without the trailing dot', () => {
    const c = compareReplies(reply([a('Web.Default.svc.cluster.local.', '10.0.0.1')]), reply([a('web.default.svc.cluster.local', '10.0.0.1')]));
    assert.equal(c.verdict, 'match');
});

test('additional-section differences are notes, not mismatches', () => {
    const c = compareReplies(reply([], 'NOERROR', { additionals: [a('t', '10.0.0.1')] }), reply([]));
    assert.equal(c.verdict, 'match');
    assert.equal(c.differences[0]?.kind, 'additional');
});

test('a forwarded expectation needs only its own records; upstream extras are notes', () => {
    const cname: RR = { name: 'ext.default.svc.cluster.local', type: 'CNAME', ttl: 30, data: 'db.example.test' };
    const c = compareReplies(reply([cname], 'NOERROR', { forwarded: true }), reply([cname, a('db.example.test', '192.0.2.7')]));
    assert.equal(c.verdict, 'match');
    assert.equal(compareReplies(reply([cname], 'NOERROR', { forwarded: true }), reply([], 'SERVFAIL')).verdict, 'mismatch');
});

test("an SOA's serial is never judged: CoreDNS sets it to the time of the last API change, which no snapshot holds", () => {
    const soa = (serial: number, minimum = 30): Reply => ({
        rcode: 'NOERROR',
        answers: [
            {
                name: 'cluster.local',
                type: 'SOA',
                ttl: 30,
                data: { mname: 'ns.dns.cluster.local', rname: 'hostmaster.cluster.local', serial, refresh: 7200, retry: 1800, expire: 86400, minimum },
            },
        ],
        additionals: [],
        because: [],
    });
    assert.equal(compareReplies(soa(0), soa(1764750000)).verdict, 'match');
    // any other field still counts, as one changed record that does not mention the serial
    const other = compareReplies(soa(0), soa(1764750000, 5));
    assert.equal(other.verdict, 'mismatch');
    assert.deepEqual(
        other.differences.map((d) => [d.kind, d.message.replace(/^.*: /, '')]),
        [['changed', 'minimum 30 → 5']],
    );
});

test('SRV records on one target with two ports pair by port, whatever order the server sent them in', () => {
    const srv = (port: number, weight: number): RR => ({
        name: 'kube-dns.kube-system.svc.cluster.local',
        type: 'SRV',
        ttl: 30,
        data: { priority: 0, weight, port, target: 'kube-dns.kube-system.svc.cluster.local' },
    });
    const expected = reply([srv(53, 33), srv(9153, 33)]);
    const one = compareReplies(expected, reply([srv(53, 50), srv(9153, 50)]));
    const other = compareReplies(expected, reply([srv(9153, 50), srv(53, 50)]));
    assert.deepEqual(one, other);
    assert.deepEqual(
        one.differences.map((d) => d.message),
        [
            'changed kube-dns.kube-system.svc.cluster.local SRV 0 33 53 kube-dns.kube-system.svc.cluster.local: weight 33 → 50',
            'changed kube-dns.kube-system.svc.cluster.local SRV 0 33 9153 kube-dns.kube-system.svc.cluster.local: weight 33 → 50',
        ],
    );
});

test('among leftovers an SRV pairs by target, the closest pair first; unexpected extras come in a fixed order', () => {
    const srv = (port: number, weight: number, target = 'web.default.svc.cluster.local'): RR => ({
        name: 'web.default.svc.cluster.local',
        type: 'SRV',
        ttl: 30,
        data: { priority: 0, weight, port, target },
    });
    const expected = reply([srv(80, 50), srv(8080, 50)]);
    const answers = [srv(81, 50), srv(8080, 10), srv(80, 50, 'x.default.svc.cluster.local'), srv(9, 50, 'y.default.svc.cluster.local')];
    const one = compareReplies(expected, reply(answers));
    const other = compareReplies(expected, reply([...answers].reverse()));
    assert.deepEqual(one, other);
    assert.deepEqual(
        one.differences.map((d) => d.message),
        [
            'changed web.default.svc.cluster.local SRV 0 50 80 web.default.svc.cluster.local: port 80 → 81',
            'changed web.default.svc.cluster.local SRV 0 50 8080 web.default.svc.cluster.local: weight 50 → 10',
            'unexpected web.default.svc.cluster.local SRV 0 50 80 x.default.svc.cluster.local',
            'unexpected web.default.svc.cluster.local SRV 0 50 9 y.default.svc.cluster.local',
        ],
    );
});
