/**
 * The pod resolver side: kubelet's resolv.conf (kubernetes/kubernetes pkg/kubelet/network/dns/dns.go), search-list
 * expansion under ndots (resolv.conf(5); https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/),
 * which candidate's reply glibc and musl hand to the application, and worked examples of names typed in a pod.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Reply } from '../../src/core/dns/reply.js';
import { expectedLookup, pickAnswer, resolvConfForPod, searchCandidates, type ResolvConf } from '../../src/core/dns/index.js';
import { buildResolveResult } from '../../src/core/resolve-report.js';
import { dnsIndexOf, endpoint, headless, namespace, service, slice } from '../kit/cluster-builder.js';

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
        const withHostNet = resolvConfForPod({
            namespace: 'app',
            zone: Z,
            clusterDnsIPs: ['10.96.0.10'],
            hostNetwork: true,
            dnsPolicy: 'ClusterFirstWithHostNet',
            ...node,
        });
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
        const merged = resolvConfForPod({
            namespace: 'app',
            zone: Z,
            clusterDnsIPs: ['10.96.0.10'],
            dnsConfig: { options: [{ name: 'ndots', value: '1' }, { name: 'edns0' }] },
        });
        assert.deepEqual(merged.options, ['ndots:1', 'edns0']);
        assert.equal(merged.ndots, 1);
    });
});

describe('kubelet search-list and nameserver limits (dns.go formDNSConfigFitsLimits)', () => {
    const none = (searches: string[], nameservers = ['1.1.1.1']) =>
        resolvConfForPod({ namespace: 'app', zone: Z, clusterDnsIPs: ['10.96.0.10'], dnsPolicy: 'None', dnsConfig: { nameservers, searches } });

    test('dnsConfig searches pass through as written: a root entry "." stays, exact duplicates go, order is kept', () => {
        assert.deepEqual(none(['a.example', '.', 'a.example', 'b.example.', 'b.example']).search, ['a.example', '.', 'b.example.', 'b.example']);
        const cluster = resolvConfForPod({
            namespace: 'app',
            zone: Z,
            clusterDnsIPs: ['10.96.0.10'],
            nodeSearch: ['corp.example.'],
            dnsConfig: { searches: ['.', 'svc.cluster.local'] },
        });
        assert.deepEqual(cluster.search, ['app.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'corp.example', '.']);
    });

    test('the first 32 paths are kept, then entries over 253 characters are dropped (in that order)', () => {
        const long = `${'x'.repeat(60)}.${'y'.repeat(60)}.${'z'.repeat(60)}.${'w'.repeat(80)}.example`;
        assert.ok(long.length > 253);
        const list = [long, ...Array.from({ length: 40 }, (_, i) => `d${i}.example`)];
        const got = none(list).search;
        assert.equal(got.length, 31, 'slice to 32 first, then the long one leaves 31');
        assert.equal(got[0], 'd0.example');
        assert.equal(got.at(-1), 'd30.example');
    });

    test('a search line over 2048 characters loses entries from the end', () => {
        const list = Array.from({ length: 10 }, (_, i) => `${String(i).repeat(63)}.${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(56)}`);
        assert.ok(list.every((s) => s.length === 248));
        const got = none(list).search;
        assert.equal(got.length, 8, '8 × 248 + 7 spaces = 1991 fits, 9 × 248 + 8 = 2240 does not');
        assert.deepEqual(got, list.slice(0, 8));
    });

    test('more than 3 nameservers: kubelet keeps the first 3', () => {
        assert.deepEqual(none([], ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4']).nameservers, ['10.0.0.1', '10.0.0.2', '10.0.0.3']);
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

    test('a root search entry ".": glibc asks the name as given at that place and not again at the end; musl skips it', () => {
        const rc: ResolvConf = { nameservers: ['1.1.1.1'], search: ['a.example', '.', 'b.example'], ndots: 5, options: [] };
        assert.deepEqual(searchCandidates('web', rc), ['web.a.example', 'web', 'web.b.example']);
        assert.deepEqual(searchCandidates('web', rc, 'musl'), ['web.a.example', 'web.b.example', 'web']);
        assert.deepEqual(searchCandidates('a.b.c.d.e.f', rc), ['a.b.c.d.e.f', 'a.b.c.d.e.f.a.example', 'a.b.c.d.e.f.b.example']);
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
        const idx = dnsIndexOf([namespace('app'), headless('web', { ns: 'app' }), slice('web', [endpoint('fd00::5')], { ns: 'app', addressType: 'IPv6' })]);
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

describe('the real walk against an expected stop decided outside the cluster', () => {
    const rec = (name: string, ip: string): Reply => ({ rcode: 'NOERROR', answers: [{ name, type: 'A', ttl: 30, data: ip }], additionals: [], because: [] });
    const query = { name: 'api', type: 'A' };

    test('all candidates undecided: a later real stop is only a note, compared where it stops', () => {
        const r = buildResolveResult({
            query,
            candidates: [
                { name: 'api.corp.example', expected: reply('NOERROR', 0, true), actual: reply('NXDOMAIN') },
                { name: 'api.other.example', expected: reply('NOERROR', 0, true), actual: rec('api.other.example', '192.0.2.81') },
            ],
            expected: { index: 0 },
            actual: { index: 1 },
            queries: 2,
        });
        assert.equal(r.verdict, 'match');
        assert.equal(r.comparedCandidate, 'api.other.example');
        assert.ok(r.differences.every((d) => d.noteOnly));
    });

    test('a later real stop on a name svcdig predicts is still judged there', () => {
        const r = buildResolveResult({
            query,
            candidates: [
                { name: 'api.example.com', expected: reply('NOERROR', 0, true), actual: reply('NXDOMAIN') },
                {
                    name: 'api.example.com.app.svc.cluster.local',
                    expected: reply('NXDOMAIN'),
                    actual: rec('api.example.com.app.svc.cluster.local', '10.0.0.9'),
                },
            ],
            expected: { index: 0 },
            actual: { index: 1 },
            queries: 2,
        });
        assert.equal(r.verdict, 'mismatch');
        assert.equal(r.comparedCandidate, 'api.example.com.app.svc.cluster.local');
        assert.ok(
            r.differences.some(
                (d) => !d.noteOnly && d.kind === 'rcode' && d.candidate === 'api.example.com.app.svc.cluster.local' && d.rcodes?.expected === 'NXDOMAIN',
            ),
        );
    });
});

describe('worked examples (pod in namespace app)', () => {
    const idx = dnsIndexOf([
        namespace('app'),
        namespace('db'),
        namespace('default'),
        headless('nginx', { ns: 'app' }),
        slice('nginx', [endpoint('10.244.1.9', { hostname: 'web-0' })], { ns: 'app' }),
        service('kubernetes', { ns: 'default', clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443 }] }),
    ]);

    test('web-0.nginx with Service nginx in app answers on the 1st candidate', () => {
        const r = expectedLookup(idx, 'web-0.nginx', 'A', appResolv());
        assert.equal(r.answeredBy, 'web-0.nginx.app.svc.cluster.local');
        assert.equal(r.queries, 1);
        assert.deepEqual(
            r.reply.answers.map((a) => a.data),
            ['10.244.1.9'],
        );
    });

    test('kubernetes.default: the 1st candidate is NXDOMAIN, the 2nd answers', () => {
        const r = expectedLookup(idx, 'kubernetes.default', 'A', appResolv());
        assert.equal(r.candidates[0]!.name, 'kubernetes.default.app.svc.cluster.local');
        assert.equal(r.candidates[0]!.reply.rcode, 'NXDOMAIN');
        assert.equal(r.answeredBy, 'kubernetes.default.svc.cluster.local');
        assert.deepEqual(
            r.reply.answers.map((a) => a.data),
            ['10.96.0.1'],
        );
    });

    test('api.example.com costs three NXDOMAINs in the cluster before the real name goes upstream; the trailing dot avoids them', () => {
        const r = expectedLookup(idx, 'api.example.com', 'A', appResolv());
        assert.deepEqual(
            r.candidates.slice(0, 3).map((c) => c.reply.rcode),
            ['NXDOMAIN', 'NXDOMAIN', 'NXDOMAIN'],
        );
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
