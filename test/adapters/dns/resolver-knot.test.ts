import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { queryDns, type DnsServerAddress } from '../../../src/adapters/dns/index.js';
import { startKnot, type KnotServer } from '../../kit/dns/knot.js';
import { startDnsmasq } from '../../kit/dns/dnsmasq.js';
import { BIG_ENDPOINTS, CLUSTER_LOCAL_RECORDS, testenvZones, WEB_POD_IPS } from '../../kit/dns/cluster-zone.js';
import { zoneFromRecords } from '../../kit/dns/knot.js';

const opts = { timeoutMs: 300, retries: 0 };
let knot: KnotServer;
let server: DnsServerAddress[];

before(async () => {
    knot = await startKnot({ zones: testenvZones() });
    server = [{ host: knot.host, port: knot.port }];
});
after(async () => {
    await knot?.stop();
});

const sorted = (xs: string[]) => [...xs].sort();

test('a headless Service name answers one A record per ready pod, authoritatively, over UDP', async () => {
    const ex = await queryDns(server, 'web.default.svc.cluster.local', 'A', opts);
    assert.equal(ex.transport, 'udp');
    assert.equal(ex.reply.rcode, 'NOERROR');
    assert.equal(ex.flags.aa, true);
    assert.equal(ex.flags.tc, false);
    assert.deepEqual(sorted(ex.reply.answers.map((a) => a.data as string)), sorted(WEB_POD_IPS));
    for (const a of ex.reply.answers)
        assert.deepEqual({ name: a.name, type: a.type, ttl: a.ttl }, { name: 'web.default.svc.cluster.local', type: 'A', ttl: 5 });
    assert.equal(ex.question.name, 'web.default.svc.cluster.local');
    assert.equal(ex.dropped.total, 0);
    assert.ok(ex.rttMs >= 0 && ex.rttMs < 300);
});

test("EDNS0 is sent and the server's OPT record is reported, not listed as an additional record", async () => {
    const ex = await queryDns(server, 'api.default.svc.cluster.local', 'A', opts);
    assert.equal(ex.ednsUdpSize, 1232, 'Knot advertises its udp-max-payload');
    assert.deepEqual(ex.reply.additionals, []);
    const plain = await queryDns(server, 'api.default.svc.cluster.local', 'A', { ...opts, edns: false });
    assert.equal(plain.ednsUdpSize, undefined, 'no OPT in the reply when the query had none');
    assert.equal(plain.messageBytes, ex.messageBytes - 11, 'an OPT record with no options is 11 bytes');
});

test('AAAA, PTR, TXT and CNAME data come back in the RR model', async () => {
    const aaaa = await queryDns(server, 'web.default.svc.cluster.local', 'AAAA', opts);
    assert.deepEqual(
        aaaa.reply.answers.map((a) => a.data),
        ['fd00:10:244:1::a'],
    );
    const ptr = await queryDns(server, '11.1.244.10.in-addr.arpa', 'PTR', opts);
    assert.deepEqual(
        ptr.reply.answers.map((a) => a.data),
        ['web-1.web.default.svc.cluster.local'],
    );
    const txt = await queryDns(server, 'dns-version.cluster.local', 'TXT', opts);
    assert.deepEqual(
        txt.reply.answers.map((a) => [a.data, a.ttl]),
        [[['1.1.0'], 30]],
    );
    const ext = await queryDns(server, 'ext.default.svc.cluster.local', 'A', opts);
    assert.deepEqual(
        ext.reply.answers.map((a) => [a.type, a.data]),
        [['CNAME', 'db.example.test']],
        'an authoritative server answers an ExternalName with the CNAME only',
    );
});

test("SRV records carry priority, weight, port and target; the targets' A records come as additionals", async () => {
    const ex = await queryDns(server, '_http._tcp.web.default.svc.cluster.local', 'SRV', opts);
    assert.deepEqual(
        sorted(ex.reply.answers.map((a) => JSON.stringify(a.data))),
        sorted(WEB_POD_IPS.map((_, i) => JSON.stringify({ priority: 0, weight: 33, port: 80, target: `web-${i}.web.default.svc.cluster.local` }))),
    );
    assert.deepEqual(
        sorted(ex.reply.additionals.map((a) => `${a.name} ${a.data as string}`)),
        sorted(WEB_POD_IPS.map((ip, i) => `web-${i}.web.default.svc.cluster.local ${ip}`)),
    );
});

test('NXDOMAIN and NODATA are answers with the zone SOA in the authority section', async () => {
    const nx = await queryDns(server, 'nope.default.svc.cluster.local', 'A', opts);
    assert.equal(nx.reply.rcode, 'NXDOMAIN');
    assert.deepEqual(nx.reply.answers, []);
    assert.deepEqual(
        nx.reply.authority?.map((a) => [a.name, a.type, a.ttl]),
        [['cluster.local', 'SOA', 5]],
        'negative TTL = the SOA minimum',
    );
    const nodata = await queryDns(server, 'api.default.svc.cluster.local', 'AAAA', opts);
    assert.equal(nodata.reply.rcode, 'NOERROR');
    assert.deepEqual(nodata.reply.answers, []);
    assert.equal(nodata.reply.authority?.[0]?.type, 'SOA');
});

test('names are matched case-insensitively and kept as asked', async () => {
    const ex = await queryDns(server, 'WEB.Default.svc.cluster.local.', 'a', opts);
    assert.equal(ex.question.name, 'WEB.Default.svc.cluster.local');
    assert.equal(ex.question.type, 'A');
    assert.equal(ex.reply.answers.length, WEB_POD_IPS.length);
});

test('a 200-endpoint headless name truncates over UDP (Knot: TC with no answers) and TCP returns all 200', async () => {
    const ex = await queryDns(server, 'big.default.svc.cluster.local', 'A', opts);
    assert.equal(ex.transport, 'tcp');
    assert.deepEqual(ex.truncatedUdp, { answers: 0 });
    assert.equal(ex.flags.tc, false);
    assert.equal(ex.reply.answers.length, BIG_ENDPOINTS);
    const expected = CLUSTER_LOCAL_RECORDS.filter((r) => r.name === 'big.default.svc.cluster.local').map((r) => r.data as string);
    assert.deepEqual(sorted(ex.reply.answers.map((a) => a.data as string)), sorted(expected));
});

test('--tcp asks over TCP from the start', async () => {
    const ex = await queryDns(server, 'web.default.svc.cluster.local', 'A', { ...opts, tcp: true });
    assert.equal(ex.transport, 'tcp');
    assert.equal(ex.truncatedUdp, undefined);
    assert.equal(ex.reply.answers.length, WEB_POD_IPS.length);
});

test('with a 4096-byte udp-max-payload, 200 A records fit in one UDP reply (EDNS0 4096 is advertised)', async (t) => {
    const big = await startKnot({ zones: testenvZones(), udpMaxPayload: 4096 });
    t.after(() => big.stop());
    const ex = await queryDns([{ host: big.host, port: big.port }], 'big.default.svc.cluster.local', 'A', opts);
    assert.equal(ex.transport, 'udp');
    assert.equal(ex.reply.answers.length, BIG_ENDPOINTS);
});

test('a reloaded zone is answered at once (the harness waits for the reload)', async (t) => {
    const k = await startKnot({ zones: testenvZones() });
    t.after(() => k.stop());
    const s = [{ host: k.host, port: k.port }];
    const records = CLUSTER_LOCAL_RECORDS.filter((r) => r.name !== 'api.default.svc.cluster.local');
    records.push({ name: 'api.default.svc.cluster.local', type: 'A', ttl: 5, data: '10.96.0.99' });
    await k.reload({ ...testenvZones(), 'cluster.local': zoneFromRecords('cluster.local', records) });
    const ex = await queryDns(s, 'api.default.svc.cluster.local', 'A', opts);
    assert.deepEqual(
        ex.reply.answers.map((a) => a.data),
        ['10.96.0.99'],
    );
    await k.reload({ 'example.test': zoneFromRecords('example.test', [{ name: 'db.example.test', type: 'A', ttl: 5, data: '192.0.2.7' }]) });
    const db = await queryDns(s, 'db.example.test', 'A', opts);
    assert.deepEqual(
        db.reply.answers.map((a) => a.data),
        ['192.0.2.7'],
    );
});

test('dnsmasq truncates like CoreDNS (TC with the answers that fit) and the resolver still retries over TCP', async (t) => {
    const ips = Array.from({ length: BIG_ENDPOINTS }, (_, i) => `10.244.2.${i + 1}`);
    const dm = await startDnsmasq({ zone: 'cluster.local', hosts: { 'big.default.svc.cluster.local': ips } });
    t.after(() => dm.stop());
    const ex = await queryDns([{ host: dm.host, port: dm.port }], 'big.default.svc.cluster.local', 'A', opts);
    assert.equal(ex.transport, 'tcp');
    assert.ok(
        ex.truncatedUdp && ex.truncatedUdp.answers > 0 && ex.truncatedUdp.answers < BIG_ENDPOINTS,
        `partial UDP answer: ${JSON.stringify(ex.truncatedUdp)}`,
    );
    assert.deepEqual(sorted(ex.reply.answers.map((a) => a.data as string)), sorted(ips));
});
