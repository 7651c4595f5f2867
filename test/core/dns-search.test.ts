/**
 * The pod resolver side: kubelet's resolv.conf (kubernetes/kubernetes pkg/kubelet/network/dns/dns.go), search-list
 * expansion under ndots (resolv.conf(5); https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/),
 * which candidate's reply glibc and musl hand to the application, and worked examples of names typed in a pod.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Reply } from '../../src/core/dns-reply.js';
import { expectedLookup, pickAnswer, resolvConfForPod, searchCandidates, type ResolvConf } from '../../src/core/dns/index.js';
import { engine, ep, headless, namespace, slice, svc } from './dns-fixtures.js';

const Z = 'cluster.local';
const appResolv = (): ResolvConf => resolvConfForPod({ namespace: 'app', zone: Z, clusterDnsIPs: ['10.96.0.10'] });

const reply = (rcode: string, answers = 0, forwarded = false): Reply => ({
    rcode,
    answers: Array.from({ length: answers }, (_, i) => ({ name: 'x', type: 'A', ttl: 30, data: `10.0.0.${i + 1}` })),
    additionals: [],
    because: [],
    ...(forwarded ? { forwarded: true } : {}),
});
const named = (...replies: Reply[]) => replies.map((r, i) => ({ name: `c${i}`, reply: r }));

describe('kubelet resolv.conf (pkg/kubelet/network/dns)', () => {
    test('ClusterFirst: cluster DNS, search <ns>.svc, svc, zone then the node domains without duplicates, ndots:5', () => {
        const rc = resolvConfForPod({ namespace: 'dev', zone: Z, clusterDnsIPs: ['10.96.0.10'], nodeSearch: ['localdomain', 'cluster.local'] });
        assert.deepEqual(rc.nameservers, ['10.96.0.10']);
        assert.deepEqual(rc.search, ['dev.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'localdomain']);
        assert.deepEqual(rc.options, ['ndots:5']);
        assert.equal(rc.ndots, 5);
    });

    test('a hostNetwork pod with ClusterFirst gets the node resolv.conf; ClusterFirstWithHostNet keeps cluster DNS', () => {
        const node = { nodeSearch: ['corp.example'], nodeNameservers: ['192.168.1.1'] };
        const host = resolvConfForPod({ namespace: 'app', zone: Z, clusterDnsIPs: ['10.96.0.10'], hostNetwork: true, ...node });
        assert.deepEqual(host.nameservers, ['192.168.1.1']);
        assert.deepEqual(host.search, ['corp.example']);
        assert.equal(host.ndots, 1);
        const withHostNet = resolvConfForPod({ namespace: 'app', zone: Z, clusterDnsIPs: ['10.96.0.10'], hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet', ...node });
        assert.deepEqual(withHostNet.nameservers, ['10.96.0.10']);
        assert.equal(withHostNet.search[0], 'app.svc.cluster.local');
    });

    test('dnsPolicy None starts empty and takes dnsConfig; dnsConfig options replace ndots', () => {
        const none = resolvConfForPod({
            namespace: 'app',
            zone: Z,
            clusterDnsIPs: ['10.96.0.10'],
            dnsPolicy: 'None',
            dnsConfig: { nameservers: ['1.1.1.1'], searches: ['a.example'], options: [{ name: 'ndots', value: '2' }] },
        });
        assert.deepEqual(none, { nameservers: ['1.1.1.1'], search: ['a.example'], ndots: 2, options: ['ndots:2'] });
        const merged = resolvConfForPod({ namespace: 'app', zone: Z, clusterDnsIPs: ['10.96.0.10'], dnsConfig: { options: [{ name: 'ndots', value: '1' }, { name: 'edns0' }] } });
        assert.deepEqual(merged.options, ['ndots:1', 'edns0']);
        assert.equal(merged.ndots, 1);
    });
});

describe('search candidates (resolv.conf(5))', () => {
    test('fewer dots than ndots: each search suffix in order, then the name as given', () => {
        assert.deepEqual(searchCandidates('web-0.nginx', appResolv()), [
            'web-0.nginx.app.svc.cluster.local',
            'web-0.nginx.svc.cluster.local',
            'web-0.nginx.cluster.local',
            'web-0.nginx',
        ]);
    });

    test('a trailing dot is absolute: one candidate, no search', () => {
        assert.deepEqual(searchCandidates('api.example.com.', appResolv()), ['api.example.com']);
        assert.deepEqual(searchCandidates('api.example.com.', appResolv(), 'musl'), ['api.example.com']);
    });

    test('at least ndots dots: glibc tries the name as given first, then the suffixes; musl only the name', () => {
        const name = 'a.b.c.d.e.f';
        assert.deepEqual(searchCandidates(name, appResolv()), [name, `${name}.app.svc.cluster.local`, `${name}.svc.cluster.local`, `${name}.cluster.local`]);
        assert.deepEqual(searchCandidates(name, appResolv(), 'musl'), [name]);
        assert.equal(searchCandidates('a.b.c.d.e', appResolv(), 'musl').length, 4, 'four dots are fewer than ndots:5');
    });
});

describe('which reply the application gets', () => {
    test('glibc continues past NXDOMAIN and NODATA to the first reply with records', () => {
        const pick = pickAnswer(named(reply('NXDOMAIN'), reply('NOERROR'), reply('NOERROR', 2), reply('NOERROR', 1)), 'glibc');
        assert.equal(pick.index, 2);
    });

    test('musl stops at the first NOERROR, even without records (NODATA)', () => {
        const pick = pickAnswer(named(reply('NXDOMAIN'), reply('NOERROR'), reply('NOERROR', 2)), 'musl');
        assert.equal(pick.index, 1);
        assert.match(pick.note ?? '', /NODATA/);
    });

    test('SERVFAIL: glibc goes on to the next candidate, musl stops', () => {
        const results = named(reply('SERVFAIL'), reply('NOERROR', 1));
        assert.equal(pickAnswer(results, 'glibc').index, 1);
        assert.equal(pickAnswer(results, 'musl').index, 0);
    });

    test('when nothing answers, glibc reports NODATA if any candidate had it, else the last NXDOMAIN', () => {
        const withNodata = pickAnswer(named(reply('NXDOMAIN'), reply('NOERROR'), reply('NXDOMAIN')), 'glibc');
        assert.equal(withNodata.index, -1);
        assert.equal(withNodata.failedAt, 1);
        const allNx = pickAnswer(named(reply('NXDOMAIN'), reply('NXDOMAIN')), 'glibc');
        assert.equal(allNx.index, -1);
        assert.equal(allNx.failedAt, 1);
    });

    test('a forwarded candidate is decided upstream: the name as typed (last) stops the walk, node search domains in the middle are passed over', () => {
        const results = named(reply('NXDOMAIN'), reply('NOERROR', 0, true), reply('NOERROR', 0, true));
        const pick = pickAnswer(results, 'glibc');
        assert.equal(pick.index, 2);
        assert.match(pick.note ?? '', /outside the cluster/);
    });

    test('a headless Service with only IPv6 endpoints, asked for A: musl stops at the first candidate (NODATA), glibc walks on', () => {
        const idx = engine([namespace('app'), headless('web', { ns: 'app' }), slice('web', [ep('fd00::5')], { ns: 'app', addressType: 'IPv6' })]);
        const musl = expectedLookup(idx, 'web', 'A', appResolv(), 'musl');
        assert.equal(musl.answeredBy, 'web.app.svc.cluster.local');
        assert.equal(musl.reply.rcode, 'NOERROR');
        assert.equal(musl.reply.answers.length, 0);
        assert.equal(musl.queries, 1);
        const glibc = expectedLookup(idx, 'web', 'A', appResolv(), 'glibc');
        assert.equal(glibc.queries, 4);
        assert.equal(glibc.answeredBy, 'web');
        assert.equal(glibc.reply.forwarded, true);
    });
});

describe('worked examples (pod in namespace app)', () => {
    const idx = engine([
        namespace('app'),
        namespace('db'),
        namespace('default'),
        headless('nginx', { ns: 'app' }),
        slice('nginx', [ep('10.244.1.9', { hostname: 'web-0' })], { ns: 'app' }),
        svc('kubernetes', { ns: 'default', clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443 }] }),
    ]);

    test('web-0.nginx with Service nginx in app answers on the 1st candidate', () => {
        const r = expectedLookup(idx, 'web-0.nginx', 'A', appResolv());
        assert.equal(r.answeredBy, 'web-0.nginx.app.svc.cluster.local');
        assert.equal(r.queries, 1);
        assert.deepEqual(r.reply.answers.map((a) => a.data), ['10.244.1.9']);
    });

    test('kubernetes.default: the 1st candidate is NXDOMAIN, the 2nd answers', () => {
        const r = expectedLookup(idx, 'kubernetes.default', 'A', appResolv());
        assert.equal(r.candidates[0]!.name, 'kubernetes.default.app.svc.cluster.local');
        assert.equal(r.candidates[0]!.reply.rcode, 'NXDOMAIN');
        assert.equal(r.answeredBy, 'kubernetes.default.svc.cluster.local');
        assert.deepEqual(r.reply.answers.map((a) => a.data), ['10.96.0.1']);
    });

    test('api.example.com costs three NXDOMAINs in the cluster before the real name goes upstream; the trailing dot avoids them', () => {
        const r = expectedLookup(idx, 'api.example.com', 'A', appResolv());
        assert.deepEqual(r.candidates.slice(0, 3).map((c) => c.reply.rcode), ['NXDOMAIN', 'NXDOMAIN', 'NXDOMAIN']);
        assert.equal(r.answeredBy, 'api.example.com');
        assert.equal(r.reply.forwarded, true);
        assert.equal(r.queries, 4);
        const abs = expectedLookup(idx, 'api.example.com.', 'A', appResolv());
        assert.equal(abs.queries, 1);
    });

    test('web-0.nginx.db.app.svc… parses as port web-0, protocol nginx of Service db in app: NXDOMAIN', () => {
        const r = expectedLookup(idx, 'web-0.nginx.db', 'A', appResolv());
        assert.equal(r.candidates[0]!.name, 'web-0.nginx.db.app.svc.cluster.local');
        assert.equal(r.candidates[0]!.reply.rcode, 'NXDOMAIN');
    });
});
