/**
 * svcdig shell against a live (fake) cluster: the cluster is read once, the API's watches keep it current, and a pod
 * turning un-Ready between two lines shows in the next answer without restarting. A line reads the API again only
 * after the watches reported a change, and asks the DNS afresh every time: --via direct, with the cluster DNS's
 * address routed to a loopback test server (Deps.routeClusterDns) serving the expectation of the cluster as it started,
 * so no packet goes to a cluster IP.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { it } from 'node:test';
import { main } from '../../src/cli.js';
import { runCli } from '../helpers/run-cli.js';
import type { Deps } from '../../src/deps.js';
import type { EndpointSlice, Pod } from '../../src/core/k8s.js';
import type { ResolveReport } from '../../src/core/resolve-report.js';
import { startFakeApiServer } from '../kit/fake-apiserver/index.js';
import { startTestDnsServer } from '../kit/dns/test-server.js';
import { dnsConfigFor } from '../../src/core/dns/corefile.js';
import { buildDnsIndex, expectedReply } from '../../src/core/dns/index.js';
import { loadScenarioSnapshot, scenarioClusterPath } from '../helpers/scenarios.js';

const SCENARIO = 'seed-004-web-statefulset';

type After = { after(fn: () => unknown): void };

/** The scenario in a fake API server, and a HOME for the session; both gone after the test. */
async function liveScenario(t: After, rbac?: NonNullable<Parameters<typeof startFakeApiServer>[0]>['rbac']) {
    const server = await startFakeApiServer({ objectsFile: scenarioClusterPath(SCENARIO), ...(rbac ? { rbac } : {}) });
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-shell-live-'));
    t.after(async () => {
        await server.close();
        rmSync(dir, { recursive: true, force: true });
    });
    return { server, dir, kubeconfig: server.kubeconfigPath(dir, { namespace: 'default' }), env: { NO_COLOR: '1', HOME: dir } };
}

/** A DNS server answering the scenario's expectation, reached through each CoreDNS pod's port-forward. */
async function expectationBehindPortForward(t: After, server: Awaited<ReturnType<typeof startFakeApiServer>>) {
    const snapshot = loadScenarioSnapshot(SCENARIO);
    const index = buildDnsIndex(snapshot, dnsConfigFor(snapshot.corednsConfigMap?.data?.Corefile, {}));
    const dns = await startTestDnsServer({ answer: (name, type) => expectedReply(index, name, type) });
    t.after(() => dns.stop());
    for (const p of snapshot.pods.filter((p) => p.metadata.labels?.['k8s-app'] === 'kube-dns'))
        server.portForwards.set(`kube-system/${p.metadata.name}:53`, { host: '127.0.0.1', port: dns.port });
    return dns;
}

const jsonLines = (stdout: string) =>
    stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as ResolveReport);

it('a pod turning un-Ready between two lines changes the next answer, without restarting the session', async (t) => {
    // stderr is read while the session runs (the lines wait for the watch's note): deps of its own, not runCli's
    const { server, kubeconfig, env } = await liveScenario(t);
    const snapshot = loadScenarioSnapshot(SCENARIO);
    const index = buildDnsIndex(snapshot, dnsConfigFor(snapshot.corednsConfigMap?.data?.Corefile, {}));
    const dns = await startTestDnsServer({ answer: (name, type) => expectedReply(index, name, type) });
    t.after(() => dns.stop());
    const routed: string[] = [];
    const web0 = snapshot.pods.find((p) => p.metadata.name === 'web-0' && p.metadata.namespace === 'default')!;
    const slice = snapshot.endpointSlices.find((s) => s.endpoints?.some((e) => e.targetRef?.name === 'web-0'))!;
    // kubelet marks the pod, then the EndpointSlice controller its endpoint
    const notReadyPod: Pod = structuredClone(web0);
    notReadyPod.status!.conditions = notReadyPod.status!.conditions!.map((c) => (c.type === 'Ready' ? { ...c, status: 'False' } : c));
    const notReadySlice: EndpointSlice = structuredClone(slice);
    notReadySlice.endpoints = notReadySlice.endpoints!.map((e) =>
        e.targetRef?.name === 'web-0' ? { ...e, conditions: { ...e.conditions, ready: false, serving: false } } : e,
    );

    let stdout = '';
    let stderr = '';
    const watching = () => new Set(server.requests.filter((q) => q.query.watch).map((q) => q.resource)).size >= 3;
    const podLists = () => server.requests.filter((q) => q.resource === 'pods' && !q.query.watch && q.query.limit !== '1').length;
    let listsBeforeChange = 0;
    async function* lines(): AsyncIterable<string> {
        yield 'web-0.nginx';
        yield 'web-0.nginx';
        for (let i = 0; i < 200 && !watching(); i++) await sleep(100);
        listsBeforeChange = podLists();
        server.apply(notReadyPod);
        server.apply(notReadySlice);
        // the next line that comes after the watch events answers from the changed cluster
        for (let i = 0; i < 200 && !/changed since the last line: .*endpointslices/.test(stderr); i++) {
            await sleep(100);
            yield 'web-0.nginx';
        }
        yield 'web-0.nginx';
        yield 'exit';
    }
    const deps: Deps = {
        stdout: { write: (s) => void (stdout += s), isTTY: false },
        stderr: { write: (s) => void (stderr += s), isTTY: false },
        stdinIsTTY: false,
        readStdin: async () => '',
        stdinLines: lines,
        env,
        now: () => new Date(),
        prompt: () => Promise.reject(new Error('no prompt off a terminal')),
        sleep: async () => true,
        routeClusterDns: (a) => {
            routed.push(a.host);
            return { host: '127.0.0.1', port: dns.port };
        },
    };
    const code = await main(['shell', '--via', 'direct', '-o', 'json', '--kubeconfig', kubeconfig], deps);

    const reports = jsonLines(stdout);
    const [first, second] = reports;
    const last = reports.at(-1)!;
    assert.equal(first!.results[0]!.expected.rcode, 'NOERROR');
    assert.deepEqual(
        first!.results[0]!.expected.answers.map((a) => a.data),
        [web0.status!.podIP],
    );
    assert.deepEqual(second!.results[0]!.expected, first!.results[0]!.expected, 'nothing changed: the same expected answer');
    assert.equal(second!.results[0]!.verdict, 'match');
    assert.notDeepEqual(last.results[0]!.expected, first!.results[0]!.expected, 'the last answer has web-0 un-Ready');
    assert.equal(last.results[0]!.expected.answers.length, 0);
    // the server still answers as the cluster was: the session says the two now differ
    assert.equal(first!.results[0]!.verdict, 'match');
    assert.equal(last.results[0]!.verdict, 'mismatch');
    assert.equal(code, 1);
    // DNS asked fresh for every line, only ever through the loopback route
    assert.ok(dns.load.queries >= reports.length, `${dns.load.queries} queries for ${reports.length} lines`);
    assert.ok(routed.length > 0 && routed.every((h) => h === '10.96.0.10'), routed.join(', '));
    assert.match(stderr, /changed since the last line: .*pods default\/web-0 MODIFIED/);

    // Read once at the start, and again only after the watches reported changes: never per line.
    const notes = stderr.match(/changed since the last line/g)?.length ?? 0;
    assert.equal(listsBeforeChange, 1, 'one read of the pods for the first lines');
    assert.equal(podLists(), 1 + notes, `one read per reported change (${reports.length} lines answered)`);
    assert.ok(
        server.requests.every((q) => q.method === 'GET'),
        'read-only',
    );
});

it('--via auto proves the cluster DNS once for every line, until something that chose the transport changes', async (t) => {
    const { server, kubeconfig, env } = await liveScenario(t);
    await expectationBehindPortForward(t, server);
    // "direct" goes to a server that never answers: auto's probe fails and it falls back to a port-forward
    const silent = await startTestDnsServer({ records: [], fault: 'drop' });
    t.after(() => silent.stop());
    const probes: number[] = [];
    async function* lines(): AsyncIterable<string> {
        for (const line of ['web-0.nginx', 'nginx', 'web-1.nginx', 'set vc', 'web-0.nginx', 'exit']) {
            yield line;
            probes.push(silent.load.queries);
        }
    }
    const { code, stdout, stderr } = await runCli(['shell', '--timeout', '300ms', '-o', 'json', '--kubeconfig', kubeconfig], {
        env,
        stdinLines: lines,
        routeClusterDns: () => ({ host: '127.0.0.1', port: silent.port }),
    });
    assert.equal(code, 0, stderr);
    const reports = jsonLines(stdout);
    assert.equal(reports.length, 4);
    assert.ok(
        reports.every((r) => r.results[0]!.verdict === 'match' && r.dns.via === 'port-forward'),
        stdout,
    );
    // probes[i] is read as line i+2 is asked for, so after line i+1 was answered
    assert.ok(probes[0]! > 0, 'the first line probed the ClusterIP');
    assert.deepEqual([probes[1], probes[2], probes[3]], [probes[0], probes[0], probes[0]], 'the next lines reuse what it chose');
    assert.ok(probes[4]! > probes[3]!, 'set vc (TCP) chooses again');
    assert.equal(stderr.match(/port-forward/g)?.length, 2, `the choice is noted once per choice:\n${stderr}`);
});

it('a user who may list only their namespace still gets a session over that namespace, with a note', async (t) => {
    const rbac = ['default', 'kube-system'].map((namespace) => ({
        apiGroups: ['*'],
        resources: ['*'],
        verbs: ['get', 'list', 'watch'],
        namespace,
        from: `Role/${namespace}`,
    }));
    const { server, kubeconfig, env } = await liveScenario(t, rbac);
    const { code, stdout, stderr } = await runCli(['shell', '--expected-only', '-o', 'json', '--kubeconfig', kubeconfig], {
        env,
        stdin: 'web-0.nginx\nweb-1.nginx\n',
    });
    assert.match(stderr, /note: forbidden: .* cannot list .* in all namespaces \(403\): the session reads namespace default only/);
    const reports = jsonLines(stdout);
    assert.equal(reports.length, 2, stderr);
    assert.equal(reports[0]!.results[0]!.expected.answers.length, 1, 'web-0.nginx is known from namespace default');
    assert.equal(code, 0, stderr);
    // read once: no line read the API again (no list after the first round)
    const lists = server.requests.filter((q) => !q.query.watch && q.query.limit !== '1' && q.resource === 'pods' && q.namespace === 'default');
    assert.equal(lists.length, 1);
});

it('set all under --via port-forward: vc, whatever was set, once the port-forward is open (it carries TCP only)', async (t) => {
    const { server, kubeconfig, env } = await liveScenario(t);
    await expectationBehindPortForward(t, server);
    const { code, stdout, stderr } = await runCli(['shell', '--via', 'port-forward', '--kubeconfig', kubeconfig], {
        env,
        stdinLines: async function* () {
            yield* ['set all', 'web-0.nginx', 'set all', 'exit'];
        },
        routeClusterDns: () => {
            throw new Error('--via port-forward never asks the ClusterIP');
        },
    });
    assert.equal(code, 0, stderr);
    assert.match(stdout, /MATCH/);
    const shown = stdout.match(/^ {2}\S.*\tdebug|^ {2}\S.*\tnodebug/gm) ?? [];
    assert.deepEqual(
        shown.map((l) => l.split('\t')[0]!.trim()),
        ['novc', 'vc (novc set; the port-forward carries TCP only)'],
        stdout,
    );
});
