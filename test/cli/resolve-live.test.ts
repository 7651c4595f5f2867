/**
 * `svcdig resolve` against a live cluster end to end: the fake API server (a scenario's objects) → port-forward over
 * WebSocket → a real Knot serving that scenario's expected zone (test/kit/dns/scenario-zone.ts), one Knot per CoreDNS
 * pod. Covers --via port-forward, --via auto's fallback, --all-replicas with a stale replica, and --as-pod (resolv.conf
 * through exec, and derived when exec is forbidden).
 *
 * Loopback only: the cluster DNS ClusterIP (10.96.0.10) is never sent a packet; Deps.routeClusterDns sends "direct"
 * queries to a closed loopback port instead, and each test checks the hook was the only way out.
 */
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../src/cli.js';
import { dnsConfigFor } from '../../src/core/dns/corefile.js';
import type { RR } from '../../src/core/dns/reply.js';
import type { Pod } from '../../src/core/k8s.js';
import type { ResolveReport } from '../../src/core/resolve-report.js';
import type { Deps } from '../../src/deps.js';
import { startFakeApiServer, type FakeApiServer } from '../kit/fake-apiserver/index.js';
import { pod, type PodOptions } from '../kit/cluster-builder.js';
import { startKnot, zoneFromRecords } from '../kit/dns/knot.js';
import { scenarioZones } from '../kit/dns/scenario-zone.js';
import { loadScenarioSnapshot, scenarioClusterPath } from '../helpers/scenarios.js';

type T = { after: (fn: () => Promise<void> | void) => void };

const SCENARIO = 'seed-004-web-statefulset';

/** A loopback UDP/TCP port with nothing behind it (bound, then released). */
async function closedPort(): Promise<number> {
    const sock = createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r));
    const port = sock.address().port;
    await new Promise<void>((r) => sock.close(() => r()));
    return port;
}

interface Live {
    server: FakeApiServer;
    kubeconfig: string;
    corednsPods: string[];
    /** Every address svcdig tried to reach "directly" (before the hook moved it to loopback). */
    direct: { host: string; port: number }[];
    /** Loopback ports "direct" addresses go to (by host); any other goes to a closed port. */
    routes: Map<string, number>;
    run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
}

/**
 * The scenario in the fake API server; each CoreDNS pod port-forwards to its own Knot serving the scenario's expected
 * zones, edited per pod by `drift` (index of the pod in the scenario's order).
 */
async function live(t: T, drift?: (pod: number, records: Map<string, RR[]>) => void): Promise<Live> {
    const snap = loadScenarioSnapshot(SCENARIO);
    const config = dnsConfigFor(snap.corednsConfigMap?.data?.Corefile, {});
    const corednsPods = snap.pods
        .filter((p) => p.metadata.namespace === 'kube-system' && p.metadata.labels?.['k8s-app'] === 'kube-dns')
        .map((p) => p.metadata.name);
    assert.equal(corednsPods.length, 2, 'the scenario has two CoreDNS replicas');
    const server = await startFakeApiServer({ objectsFile: scenarioClusterPath(SCENARIO) });
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-resolve-live-'));
    t.after(async () => {
        await server.close();
        rmSync(dir, { recursive: true, force: true });
    });
    for (const [i, name] of corednsPods.entries()) {
        const knot = await startKnot({ zones: scenarioZones(snap, config, drift ? (r) => drift(i, r) : undefined) });
        t.after(() => knot.stop());
        server.portForwards.set(`kube-system/${name}:53`, { host: '127.0.0.1', port: knot.port });
    }
    const kubeconfig = server.kubeconfigPath(dir, { namespace: 'default' });
    const nowhere = await closedPort();
    const direct: { host: string; port: number }[] = [];
    const routes = new Map<string, number>();
    return {
        server,
        kubeconfig,
        corednsPods,
        direct,
        routes,
        async run(argv) {
            let stdout = '';
            let stderr = '';
            const deps: Deps = {
                stdout: { write: (s) => void (stdout += s), isTTY: false },
                stderr: { write: (s) => void (stderr += s), isTTY: false },
                stdinIsTTY: false,
                readStdin: async () => '',
                env: { NO_COLOR: '1', KUBECONFIG: kubeconfig, HOME: dir },
                now: () => new Date('2026-11-23T00:00:00Z'),
                prompt: () => Promise.reject(new Error('no prompt off a terminal')),
                sleep: async () => false,
                routeClusterDns: (a) => {
                    direct.push(a);
                    return { host: '127.0.0.1', port: routes.get(a.host) ?? nowhere };
                },
            };
            const code = await main(argv, deps);
            return { code, stdout, stderr };
        },
    };
}

const report = (stdout: string) => JSON.parse(stdout) as ResolveReport;

describe('resolve against a live cluster (fake API + port-forward + Knot)', () => {
    it('--via port-forward: web-0.nginx through the search list comes back as match, exit 0', async (t) => {
        const c = await live(t);
        const r = await c.run(['resolve', 'web-0.nginx', '--via', 'port-forward', '-o', 'json']);
        assert.equal(r.code, 0, r.stderr);
        const rep = report(r.stdout);
        assert.equal(rep.dns.via, 'port-forward');
        assert.equal(rep.results.length, 1);
        assert.equal(rep.results[0]!.verdict, 'match');
        assert.equal(rep.results[0]!.answeredBy, 'web-0.nginx.default.svc.cluster.local');
        assert.equal(rep.results[0]!.transport, 'tcp', 'port-forward carries no UDP');
        assert.ok(rep.results[0]!.actual!.answers.some((a) => a.type === 'A'));
        const pf = c.server.requests.filter((q) => q.subresource === 'portforward');
        assert.ok(pf.length >= 1);
        assert.ok(pf.every((q) => q.method === 'GET' && q.query.ports === '53' && q.path.startsWith('/api/v1/namespaces/kube-system/pods/')));
        assert.ok(
            c.server.requests.every((q) => q.method === 'GET'),
            'read-only: GETs and WebSocket upgrades only',
        );
        assert.deepEqual(c.direct, [], 'nothing was sent to the ClusterIP');
    });

    it('--via auto: the ClusterIP does not answer, so svcdig falls back to port-forward and says so on stderr', async (t) => {
        const c = await live(t);
        const started = Date.now();
        const r = await c.run(['resolve', 'web-0.nginx', '-o', 'json', '--timeout', '500ms']);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stderr, /10\.96\.0\.10 is not reachable from here; asking kube-system\/coredns-[a-z0-9-]+:53 via port-forward/);
        assert.equal(report(r.stdout).dns.via, 'port-forward');
        assert.deepEqual(c.direct, [{ host: '10.96.0.10', port: 53 }], 'the probe went to the ClusterIP, routed to loopback by the test hook');
        assert.ok(Date.now() - started < 10_000, 'the direct probe is short');
    });

    it('--all-replicas: every CoreDNS pod agrees → each replica listed as agreeing, exit 0', async (t) => {
        const c = await live(t);
        const r = await c.run(['resolve', 'web-0.nginx', '--via', 'port-forward', '--all-replicas', '-o', 'json']);
        assert.equal(r.code, 0, r.stderr);
        const res = report(r.stdout).results[0]!;
        assert.deepEqual(
            res.replicas!.map((x) => [x.pod, x.agrees]),
            c.corednsPods.map((p) => [`kube-system/${p}`, true]),
        );
        assert.equal(res.verdict, 'match');
        const pfPods = new Set(c.server.requests.filter((q) => q.subresource === 'portforward').map((q) => q.path.split('/')[6]));
        assert.deepEqual([...pfPods].sort(), [...c.corednsPods].sort(), 'each pod was asked through its own port-forward');
        // the table lists the replicas it asked, name and IP, even though they all agree
        const table = await c.run(['resolve', 'web-0.nginx', '--via', 'port-forward', '--all-replicas']);
        assert.equal(table.code, 0, table.stderr);
        assert.match(
            table.stdout,
            new RegExp(
                `^  replicas: ${c.corednsPods.length} CoreDNS pods asked for web-0\\.nginx\\.default\\.svc\\.cluster\\.local through port-forward: all agree$`,
                'm',
            ),
        );
        for (const x of res.replicas!) {
            assert.ok(x.ip, `${x.pod} has its IP in JSON`);
            assert.match(
                table.stdout,
                new RegExp(`^  ${x.pod.replace(/[/.]/g, '\\$&')}\\s+${x.ip!.replace(/\./g, '\\.')}\\s+NOERROR, 1 record: 10\\.44\\.0\\.5\\s+agrees$`, 'm'),
            );
        }
    });

    it('--all-replicas: a replica serving a stale A record is flagged with the reason, exit 1', async (t) => {
        const STALE_IP = '10.44.0.99';
        const c = await live(t, (pod, records) => {
            if (pod !== 1) return;
            const zone = records.get('cluster.local')!;
            const i = zone.findIndex((rr) => rr.name === 'web-0.nginx.default.svc.cluster.local' && rr.type === 'A');
            assert.ok(i >= 0, 'the zone has web-0.nginx');
            zone[i] = { ...zone[i]!, data: STALE_IP };
        });
        const r = await c.run(['resolve', 'web-0.nginx', '--via', 'port-forward', '--all-replicas', '-o', 'json']);
        assert.equal(r.code, 1, r.stderr);
        const res = report(r.stdout).results[0]!;
        assert.equal(res.verdict, 'mismatch');
        const stale = `kube-system/${c.corednsPods[1]}`;
        const good = `kube-system/${c.corednsPods[0]}`;
        assert.deepEqual(
            res.replicas!.map((x) => [x.pod, x.agrees]),
            [
                [good, true],
                [stale, false],
            ],
        );
        const staleAnswer = res.replicas!.find((x) => x.pod === stale)!.reply!.answers.map((a) => a.data);
        assert.deepEqual(staleAnswer, [STALE_IP]);
        const flagged = res.differences.filter((d) => d.reason?.startsWith(`CoreDNS replica ${stale} disagrees with ${good}`));
        assert.equal(flagged.length, 2, 'its stale record is extra and the right one is missing');
        assert.ok(flagged.some((d) => d.kind === 'unexpected' && d.message.includes(STALE_IP)));
        assert.ok(flagged.some((d) => d.kind === 'missing'));
        // The table shows the reason too.
        const table = await c.run(['resolve', 'web-0.nginx', '--via', 'port-forward', '--all-replicas']);
        assert.equal(table.code, 1);
        assert.match(table.stdout, new RegExp(`CoreDNS replica ${stale.replace(/[/.]/g, '\\$&')} disagrees`));
        assert.match(table.stdout, /^ {2}replicas: 2 CoreDNS pods asked for .* through port-forward: 1 disagrees$/m);
        assert.match(table.stdout, new RegExp(`^  ${stale.replace(/[/.]/g, '\\$&')}\\s+\\S+\\s+NOERROR, 1 record: 10\\.44\\.0\\.99\\s+DISAGREES$`, 'm'));
    });

    it("--all-replicas needs the cluster's CoreDNS pods: with --server it is a usage error (exit 2)", async (t) => {
        const c = await live(t);
        const r = await c.run(['resolve', 'web-0.nginx', '--all-replicas', '--server', '127.0.0.1:1']);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /--all-replicas .*cannot be combined with --server/);
    });
});

describe('resolve --as-pod', () => {
    // Only svc.cluster.local (no <ns>.svc) and ndots:3: different from what kubelet writes for ClusterFirst.
    const custom = 'search svc.cluster.local corp.example\nnameserver 10.96.0.10\noptions ndots:3 timeout:1\n';

    it("reads the pod's /etc/resolv.conf through exec and uses its search list and ndots", async (t) => {
        const c = await live(t);
        const seen: string[][] = [];
        c.server.execScripts.set('default/web-0', (command) => {
            seen.push(command);
            return { stdout: custom };
        });
        const r = await c.run(['resolve', 'web-0.nginx.default', '--as-pod', 'default/web-0', '--via', 'port-forward', '-o', 'json']);
        assert.equal(r.code, 0, r.stderr);
        const rep = report(r.stdout);
        assert.deepEqual(seen, [['cat', '/etc/resolv.conf']]);
        assert.deepEqual(rep.dns.search, ['svc.cluster.local', 'corp.example']);
        assert.equal(rep.dns.ndots, 3);
        // Two dots < ndots 3: the search list first (resolv.conf(5)); its first entry completes the name at once.
        const res = rep.results[0]!;
        assert.equal(res.candidates[0]!.name, 'web-0.nginx.default.svc.cluster.local');
        assert.equal(res.answeredBy, 'web-0.nginx.default.svc.cluster.local');
        assert.equal(res.queries, 1);
        assert.equal(res.verdict, 'match');
        assert.doesNotMatch(r.stderr, /kubelet writes/);
    });

    it("with --via direct the pod's own nameservers are the ones asked (routed to loopback by the test)", async (t) => {
        const c = await live(t);
        c.server.execScripts.set('default/web-0', () => ({ stdout: 'search default.svc.cluster.local\nnameserver 10.96.0.53\noptions ndots:5\n' }));
        const r = await c.run(['resolve', 'web-0.nginx', '--as-pod', 'default/web-0', '--via', 'direct', '--timeout', '300ms', '--retries', '0', '-o', 'json']);
        assert.equal(r.code, 5, 'nothing answers on the routed loopback port');
        assert.ok(c.direct.length > 0);
        assert.ok(
            c.direct.every((a) => a.host === '10.96.0.53' && a.port === 53),
            JSON.stringify(c.direct),
        );
    });

    it('exec forbidden: the resolv.conf is derived from dnsPolicy like kubelet, and stderr says so', async (t) => {
        const c = await live(t);
        c.server.addFault({ subresource: 'exec', status: 403 });
        const r = await c.run(['resolve', 'web-0.nginx', '--as-pod', 'default/web-0', '--via', 'port-forward', '-o', 'json']);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stderr, /cannot exec in pod default\/web-0 \(svcdig needs get and create pods\/exec in namespace default\)/);
        assert.match(r.stderr, /resolv\.conf kubelet writes for dnsPolicy ClusterFirst/);
        const rep = report(r.stdout);
        // ClusterFirst (kubelet's pkg/kubelet/network/dns/dns.go): <ns>.svc.<zone> svc.<zone> <zone>, ndots:5.
        assert.deepEqual(rep.dns.search, ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local']);
        assert.equal(rep.dns.ndots, 5);
        assert.equal(c.server.requests.find((q) => q.subresource === 'exec')?.status, 403);
    });

    /** A pod with its own nameserver (TEST-NET 192.0.2.53, routed by the test to a loopback Knot) instead of the cluster DNS. */
    const ownDnsPod = (name: string, dns: Pick<PodOptions, 'dnsPolicy' | 'dnsConfig'>): Pod =>
        pod(name, { ns: 'default', labels: { run: name }, ip: '10.244.9.9', containers: [{ name: 'dig', image: 'busybox' }], ...dns });
    const NS = '192.0.2.53';

    it('dnsPolicy None: the pod asks its own nameserver, svcdig predicts nothing the cluster does not decide, and says why', async (t) => {
        const c = await live(t);
        const rec = (name: string, data: string): RR => ({ name, type: 'A', ttl: 60, data });
        const knot = await startKnot({
            zones: {
                'corp.example': zoneFromRecords('corp.example', [rec('www.corp.example', '192.0.2.80')]),
                'other.example': zoneFromRecords('other.example', [rec('api.other.example', '192.0.2.81')]),
            },
        });
        t.after(() => knot.stop());
        c.routes.set(NS, knot.port);
        c.server.store.apply(
            ownDnsPod('dig', {
                dnsPolicy: 'None',
                dnsConfig: { nameservers: [NS], searches: ['corp.example', 'other.example', '.'], options: [{ name: 'ndots', value: '2' }] },
            }),
        );
        // what kubelet writes for that dnsConfig, read through exec
        c.server.execScripts.set('default/dig', () => ({ stdout: `search corp.example other.example .\nnameserver ${NS}\noptions ndots:2\n` }));
        const r = await c.run(['resolve', 'www', 'api', 'web-0.nginx.default.svc.cluster.local.', '--as-pod', 'default/dig', '-o', 'json']);
        assert.equal(r.code, 0, r.stderr + r.stdout);
        const rep = report(r.stdout);
        assert.deepEqual(rep.dns.search, ['corp.example', 'other.example', '.']);
        assert.match(r.stderr, /pod default\/dig \(dnsPolicy None\) asks 192\.0\.2\.53, not the cluster DNS \(10\.96\.0\.10/);
        assert.match(r.stderr, /asking the pod's nameservers directly: 192\.0\.2\.53:53/);
        assert.ok(c.direct.length > 0 && c.direct.every((a) => a.host === NS && a.port === 53), JSON.stringify(c.direct));
        assert.equal(c.server.requests.filter((q) => q.subresource === 'portforward').length, 0, 'the CoreDNS pods are not what this pod asks');
        const [www, api, cluster] = rep.results;
        for (const res of rep.results) {
            assert.equal(res.verdict, 'match', JSON.stringify(res.differences));
            assert.ok(
                res.candidates.every((cand) => cand.expected.forwarded && cand.expected.answers.length === 0),
                'nothing predicted',
            );
            assert.match(res.expected.because.join(' '), /asks 192\.0\.2\.53, not the cluster DNS .*— not predicted/);
        }
        assert.equal(www!.actualAnsweredBy, 'www.corp.example');
        assert.deepEqual(
            www!.actual!.answers.map((a) => a.data),
            ['192.0.2.80'],
        );
        // the real search goes on past an NXDOMAIN svcdig could not foresee: a note, not a mismatch
        assert.deepEqual(
            api!.candidates.map((cand) => cand.name),
            ['api.corp.example', 'api.other.example'],
        );
        assert.equal(api!.actualAnsweredBy, 'api.other.example');
        assert.ok(api!.differences.some((d) => d.noteOnly && d.message.includes('api.other.example')));
        // a cluster name is not reached through the cluster DNS here: svcdig does not expect its records
        assert.match(cluster!.expected.because.join(' '), /in the cluster zone cluster\.local, but this pod does not ask the cluster DNS/);
        assert.notEqual(cluster!.actual!.rcode, 'NOERROR');
    });

    it('dnsPolicy None with --via port-forward is a usage error: a port-forward reaches only the CoreDNS pods', async (t) => {
        const c = await live(t);
        c.server.store.apply(ownDnsPod('dig', { dnsPolicy: 'None', dnsConfig: { nameservers: [NS] } }));
        c.server.execScripts.set('default/dig', () => ({ stdout: `nameserver ${NS}\n` }));
        const r = await c.run(['resolve', 'www', '--as-pod', 'default/dig', '--via', 'port-forward']);
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, /--via port-forward reaches the CoreDNS pods, but pod default\/dig \(dnsPolicy None\) asks 192\.0\.2\.53/);
        assert.deepEqual(c.direct, []);
    });

    it("dnsPolicy Default, exec forbidden: the node's nameservers are unknown, so nothing is asked or predicted, and svcdig says why", async (t) => {
        const c = await live(t);
        c.server.store.apply(ownDnsPod('hostdig', { dnsPolicy: 'Default' }));
        c.server.addFault({ subresource: 'exec', status: 403 });
        const asked = await c.run(['resolve', 'web-0.nginx', '--as-pod', 'default/hostdig']);
        assert.equal(asked.code, 5, asked.stderr);
        assert.match(asked.stderr, /pod default\/hostdig \(dnsPolicy Default\) asks its node's nameservers, which svcdig cannot see, not the cluster DNS/);
        assert.deepEqual(c.direct, [], 'no packet to a guessed nameserver');
        const r = await c.run(['resolve', 'web-0.nginx.default.svc.cluster.local', '--as-pod', 'default/hostdig', '--expected-only', '-o', 'json']);
        assert.equal(r.code, 0, r.stderr);
        const res = report(r.stdout).results[0]!;
        assert.equal(res.expected.forwarded, true);
        assert.deepEqual(res.expected.answers, []);
        assert.match(res.expected.because.join(' '), /does not ask the cluster DNS: svcdig does not expect the cluster's records for it here/);
    });

    it('a pod that does not exist is exit 4 with the namespace named', async (t) => {
        const c = await live(t);
        const r = await c.run(['resolve', 'web-0.nginx', '--as-pod', 'default/web-9', '--via', 'port-forward']);
        assert.equal(r.code, 4);
        assert.match(r.stderr, /pod "web-9" not found in namespace "default"/);
    });
});
