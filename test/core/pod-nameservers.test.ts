/**
 * A pod whose resolv.conf names nameservers other than the cluster DNS (dnsPolicy None with its own, Default = the
 * node's): which nameservers decide its answers per stub, and the expected reply when they are not the cluster DNS.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildDnsIndex, expectedLookup, expectedReply, isLoopbackIp, podDnsPath, type ResolvConf } from '../../src/core/dns/index.js';
import { dnsConfig, namespace, service, snapshotOf } from '../kit/cluster-builder.js';

const CLUSTER = ['10.96.0.10', 'fd00:10:96::a', '10.244.0.5'];
const path = (nameservers: string[] | null, stub: 'glibc' | 'musl' = 'glibc', kubeletWritesClusterDns = false, clusterDns = CLUSTER) =>
    podDnsPath({ pod: 'app/dig', policy: 'dnsPolicy None', nameservers, clusterDns, kubeletWritesClusterDns, stub });

describe('podDnsPath: does the cluster DNS answer this pod?', () => {
    test('glibc: the first nameserver decides (the next only when it fails); musl: all of them, asked at once', () => {
        assert.equal(path(['10.96.0.10', '192.0.2.53']).clusterDns, true);
        const musl = path(['10.96.0.10', '192.0.2.53'], 'musl');
        assert.equal(musl.clusterDns, false);
        assert.match(musl.because, /asks 192\.0\.2\.53 \(musl asks all its nameservers at once and takes the first answer\), not the cluster DNS/);
        const other = path(['192.0.2.53', '10.96.0.10']);
        assert.equal(other.clusterDns, false);
        assert.deepEqual(other.asks, ['192.0.2.53']);
        assert.equal(other.because, 'pod app/dig (dnsPolicy None) asks 192.0.2.53, not the cluster DNS (10.96.0.10, fd00:10:96::a, 10.244.0.5)');
    });

    test('a CoreDNS pod IP or another spelling of a cluster DNS address is the cluster DNS', () => {
        assert.equal(path(['10.244.0.5']).clusterDns, true);
        assert.equal(path(['FD00:10:96:0::A']).clusterDns, true);
    });

    test("no nameserver line means 127.0.0.1 in the pod; the node's unseen nameservers are nothing svcdig can ask", () => {
        assert.deepEqual(path([]).asks, ['127.0.0.1']);
        assert.equal(path([]).clusterDns, false);
        const node = podDnsPath({
            pod: 'app/h',
            policy: 'dnsPolicy Default',
            nameservers: null,
            clusterDns: CLUSTER,
            kubeletWritesClusterDns: false,
            stub: 'glibc',
        });
        assert.equal(node.clusterDns, false);
        assert.equal(node.asks, null);
        assert.match(node.because, /asks its node's nameservers, which svcdig cannot see, not the cluster DNS/);
    });

    test('ClusterFirst: the first nameserver is the one kubelet writes (a node-local cache too); appended ones are judged by address', () => {
        assert.equal(path(['169.254.20.10'], 'glibc', true).clusterDns, true);
        assert.equal(path(['169.254.20.10', '192.0.2.53'], 'glibc', true).clusterDns, true);
        assert.equal(path(['169.254.20.10', '192.0.2.53'], 'musl', true).clusterDns, false);
        assert.equal(path(['10.0.0.10'], 'glibc', true, []).clusterDns, true, 'no cluster DNS address known');
        assert.equal(path(['169.254.20.10'], 'glibc', false).clusterDns, false, 'dnsPolicy None: by address only');
    });

    test("loopback addresses are the host's own", () => {
        assert.deepEqual(['127.0.0.53', '::1', '::ffff:127.0.0.1', '192.0.2.53', '::2', 'nope'].map(isLoopbackIp), [true, true, true, false, false, false]);
    });
});

describe('expected replies for a pod that does not ask the cluster DNS', () => {
    const objects = [namespace('app'), service('web', { ns: 'app', clusterIP: '10.96.5.5' })];
    const outside = path(['192.0.2.53']);
    const index = buildDnsIndex(snapshotOf(objects), dnsConfig(), outside);

    test('a cluster name is not predicted, and the because says the pod does not reach the cluster records', () => {
        const r = expectedReply(index, 'web.app.svc.cluster.local', 'A');
        assert.equal(r.forwarded, true);
        assert.deepEqual(r.answers, []);
        assert.deepEqual(r.because, [
            'pod app/dig (dnsPolicy None) asks 192.0.2.53, not the cluster DNS (10.96.0.10, fd00:10:96::a, 10.244.0.5): what they answer for web.app.svc.cluster.local is decided there — not predicted',
            "web.app.svc.cluster.local is in the cluster zone cluster.local, but this pod does not ask the cluster DNS: svcdig does not expect the cluster's records for it here",
        ]);
        assert.equal(
            expectedReply(buildDnsIndex(snapshotOf(objects), dnsConfig()), 'web.app.svc.cluster.local', 'A').answers.length,
            1,
            'the same name through the cluster DNS',
        );
    });

    test('a name outside the cluster is not predicted either (not NXDOMAIN), through every search candidate', () => {
        const resolv: ResolvConf = { nameservers: ['192.0.2.53'], search: ['corp.example', '.'], ndots: 1, options: [] };
        const look = expectedLookup(index, 'www', 'A', resolv);
        assert.deepEqual(
            look.candidates.map((c) => c.name),
            ['www.corp.example', 'www'],
        );
        assert.ok(look.candidates.every((c) => c.reply.forwarded && c.reply.rcode === 'NOERROR' && c.reply.because.length === 1));
    });
});
