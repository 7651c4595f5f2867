/**
 * `--via auto` accepts the kube-dns ClusterIP only once it proves to be the cluster DNS (it answers
 * kubernetes.default.svc.<zone> with the ClusterIP of Service default/kubernetes), else falls back to port-forward and
 * says why; `--all-replicas` never asks the ClusterIP.
 *
 * Loopback only: the fake API server (test/kit/live-cluster.ts: kube-dns 10.96.0.10, default/kubernetes 10.96.0.1,
 * one CoreDNS pod) and in-process DNS servers on 127.0.0.1. Deps.routeClusterDns sends every packet meant for the
 * ClusterIP to a loopback server the test starts and counts; the CoreDNS pod's port-forward leads to another.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RR } from '../../src/core/dns/reply.js';
import type { ResolveReport } from '../../src/core/resolve-report.js';
import type { CheckReport } from '../../src/core/check-report.js';
import { startTestDnsServer, type TestDnsServer } from '../kit/dns/test-server.js';
import { liveFixture, type LiveFixture } from '../kit/live-cluster.js';

type T = { after: (fn: () => Promise<void> | void) => void };

const COREDNS_POD = 'coredns-5d78c9869d-abcde';
const a = (name: string, ip: string): RR => ({ name, type: 'A', ttl: 30, data: ip });
/** What the cluster DNS answers for the names these tests ask. */
const CLUSTER_RECORDS: RR[] = [a('kubernetes.default.svc.cluster.local', '10.96.0.1'), a('api.dev.svc.cluster.local', '10.96.5.5')];

interface Setup {
    c: LiveFixture;
    /** Where packets for 10.96.0.10:53 go. */
    clusterIp: TestDnsServer;
    /** The CoreDNS pod behind its port-forward. */
    pod: TestDnsServer;
    /** Addresses svcdig sent "directly" (before the test's route). */
    direct: { host: string; port: number }[];
    run(argv: string[]): ReturnType<LiveFixture['run']>;
}

async function setup(t: T, clusterIpRecords: RR[]): Promise<Setup> {
    const c = await liveFixture(t);
    const clusterIp = await startTestDnsServer({ records: clusterIpRecords });
    t.after(() => clusterIp.stop());
    const pod = await startTestDnsServer({ records: CLUSTER_RECORDS });
    t.after(() => pod.stop());
    c.server.portForwards.set(`kube-system/${COREDNS_POD}:53`, { host: '127.0.0.1', port: pod.port });
    const direct: { host: string; port: number }[] = [];
    return {
        c,
        clusterIp,
        pod,
        direct,
        run: (argv) =>
            c.run(argv, {
                routeClusterDns: (addr) => {
                    direct.push(addr);
                    return { host: '127.0.0.1', port: clusterIp.port };
                },
            }),
    };
}

const asked = (s: TestDnsServer) => s.stats.udp + s.stats.tcp;
const portForwards = (c: LiveFixture) => c.server.requests.filter((q) => q.subresource === 'portforward').length;

describe('--via auto: the ClusterIP must prove it is the cluster DNS', () => {
    it('a resolver that answers NXDOMAIN for everything is not the cluster DNS: port-forward, and stderr says why', async (t) => {
        const s = await setup(t, []);
        const r = await s.run(['resolve', 'api.dev.svc.cluster.local.', '-o', 'json']);
        assert.equal(r.code, 0, r.stderr);
        assert.match(
            r.stderr,
            /^note: 10\.96\.0\.10 answered kubernetes\.default\.svc\.cluster\.local with NXDOMAIN, not 10\.96\.0\.1 \(Service default\/kubernetes\): not the cluster DNS; asking kube-system\/coredns-5d78c9869d-abcde:53 via port-forward$/m,
        );
        const report = JSON.parse(r.stdout) as ResolveReport;
        assert.equal(report.dns.via, 'port-forward');
        assert.equal(report.results[0]!.verdict, 'match');
        assert.deepEqual(
            report.results[0]!.actual!.answers.map((x) => x.data),
            ['10.96.5.5'],
        );
        assert.equal(asked(s.clusterIp), 1, 'the ClusterIP got the proof question only');
        assert.ok(asked(s.pod) >= 1 && portForwards(s.c) >= 1);
        assert.ok(
            s.direct.every((x) => x.host === '10.96.0.10' && x.port === 53),
            JSON.stringify(s.direct),
        );
    });

    it('an answer with another address is not the proof either (check: default/kubernetes from the snapshot)', async (t) => {
        const s = await setup(t, [a('kubernetes.default.svc.cluster.local', '192.0.2.7'), a('api.dev.svc.cluster.local', '10.96.5.5')]);
        const r = await s.run(['check', 'api', '-o', 'json']);
        assert.match(
            r.stderr,
            /^note: 10\.96\.0\.10 answered kubernetes\.default\.svc\.cluster\.local with 192\.0\.2\.7, not 10\.96\.0\.1 \(Service default\/kubernetes\): not the cluster DNS; asking kube-system\/coredns-5d78c9869d-abcde:53 via port-forward$/m,
        );
        const report = JSON.parse(r.stdout) as CheckReport;
        assert.match(report.dns.via!, /via port-forward$/);
        assert.equal(asked(s.clusterIp), 1);
    });

    it('with no CoreDNS pod to fall back to, the error still says why the ClusterIP was not used (exit 5)', async (t) => {
        const s = await setup(t, []);
        assert.ok(s.c.server.delete({ apiVersion: 'v1', kind: 'Pod', metadata: { name: COREDNS_POD, namespace: 'kube-system' } }));
        const r = await s.run(['resolve', 'api.dev.svc.cluster.local.']);
        assert.equal(r.code, 5, r.stderr);
        assert.match(
            r.stderr,
            /^error: 10\.96\.0\.10 answered kubernetes\.default\.svc\.cluster\.local with NXDOMAIN, not 10\.96\.0\.1 \(Service default\/kubernetes\): not the cluster DNS; no ready CoreDNS pod .* to port-forward to$/m,
        );
    });

    it('a server that answers kubernetes.default.svc.cluster.local with 10.96.0.1 is accepted and asked directly', async (t) => {
        const s = await setup(t, CLUSTER_RECORDS);
        const r = await s.run(['resolve', 'api.dev.svc.cluster.local.', '-o', 'json']);
        assert.equal(r.code, 0, r.stderr);
        assert.match(
            r.stderr,
            /^note: asking the cluster DNS directly at 10\.96\.0\.10 \(it answered kubernetes\.default\.svc\.cluster\.local with 10\.96\.0\.1\)$/m,
        );
        const report = JSON.parse(r.stdout) as ResolveReport;
        assert.equal(report.dns.via, 'direct');
        assert.equal(report.results[0]!.verdict, 'match');
        assert.equal(asked(s.clusterIp), 2, 'the proof, then the name');
        assert.equal(asked(s.pod), 0);
        assert.equal(portForwards(s.c), 0);
        // resolve in namespace dev does not read default/kubernetes for its names: the proof read it.
        assert.ok(s.c.server.requests.some((q) => q.path === '/api/v1/namespaces/default/services/kubernetes'));
    });
});

describe('--all-replicas never asks the ClusterIP', () => {
    it('default --via auto: zero packets at the ClusterIP; the walk and every replica go through port-forward', async (t) => {
        const s = await setup(t, CLUSTER_RECORDS);
        const r = await s.run(['resolve', 'api.dev.svc.cluster.local.', '--all-replicas', '-o', 'json']);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(asked(s.clusterIp), 0, 'no packet reached the ClusterIP');
        assert.deepEqual(s.direct, []);
        const report = JSON.parse(r.stdout) as ResolveReport;
        assert.equal(report.dns.via, 'port-forward');
        assert.deepEqual(
            report.results[0]!.replicas!.map((x) => [x.pod, x.agrees]),
            [[`kube-system/${COREDNS_POD}`, true]],
        );
        assert.ok(asked(s.pod) >= 2, 'the walk and the replica question');
    });

    it('--all-replicas with --via direct is a usage error (exit 2)', async (t) => {
        const s = await setup(t, CLUSTER_RECORDS);
        const r = await s.run(['resolve', 'api.dev.svc.cluster.local.', '--all-replicas', '--via', 'direct']);
        assert.equal(r.code, 2, r.stderr);
        assert.match(
            r.stderr,
            /^error: --all-replicas asks each CoreDNS pod through port-forward, never the ClusterIP; it cannot be combined with --via direct$/m,
        );
        assert.equal(asked(s.clusterIp), 0);
    });
});
