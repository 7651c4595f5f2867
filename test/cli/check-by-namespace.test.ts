/**
 * `check -A` on a live cluster reads and checks namespace by namespace (src/commands/check/check-groups.ts); its
 * report must be the one the whole snapshot gives. The whole-snapshot path is the same cluster read from a file
 * (`-f`, one snapshot of every object): the JSON reports are compared byte for byte apart from `source` (which names
 * the file or the context) and `timing`. Also checks the API requests stay one list per kind plus two per namespace.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeApiServer } from '../kit/fake-apiserver/index.js';
import { generateCluster } from '../kit/generate-cluster.js';
import { runCli } from '../helpers/run-cli.js';
import { startStaleADns } from '../helpers/stale-a-dns.js';
import { sharedAddressCluster } from '../helpers/shared-address-cluster.js';
import { scenarioClusterPath, scenarioNames } from '../helpers/scenarios.js';
import type { KubeObject } from '../../src/core/k8s.js';

/** The report without what names the source or measures the run. */
function comparable(stdout: string): string {
    const report = JSON.parse(stdout) as { source?: string; timing?: unknown };
    delete report.source;
    delete report.timing;
    // how long each DNS query took is measured, not computed
    for (const svc of (report as { services?: { records: { elapsedMs?: number }[] }[] }).services ?? []) for (const r of svc.records) delete r.elapsedMs;
    return JSON.stringify(report, null, 2);
}

async function liveAndFile(t: import('node:test').TestContext, objectsFile: string, extra: string[] = [], expectedOnly = true) {
    const server = await startFakeApiServer({ objectsFile });
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-by-ns-'));
    t.after(async () => {
        await server.close();
        rmSync(dir, { recursive: true, force: true });
    });
    const args = ['check', '-A', '-o', 'json', ...(expectedOnly ? ['--expected-only'] : []), '--fail-on', 'never', ...extra];
    const live = await runCli([...args, '--kubeconfig', server.kubeconfigPath(dir)]);
    const file = await runCli([...args, '-f', objectsFile]);
    return { live, file, server };
}

test('check -A live, namespace by namespace, reports exactly what the whole snapshot gives (generated cluster)', async (t) => {
    // The same address as an endpoint in two namespaces: its PTR names both Services, so the namespaces meet.
    const { objects, namespaces } = sharedAddressCluster();
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-by-ns-objects-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    // in the order the API lists them (etcd keys, `<namespace>/<name>`), so the file's snapshot orders them the same
    const keyOf = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    objects.sort((x, y) => (keyOf(x) < keyOf(y) ? -1 : keyOf(x) > keyOf(y) ? 1 : 0));
    const file = join(dir, 'cluster.json');
    writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
    const { live, file: whole, server } = await liveAndFile(t, file);
    assert.equal(live.code, whole.code, live.stderr);
    assert.equal(live.stderr, whole.stderr);
    assert.ok(JSON.parse(live.stdout).summary.services > 100);
    assert.match(live.stdout, /is a ready endpoint of ns-001\/[^"]*, ns-004\//, 'the shared address names both owners');
    assert.equal(comparable(live.stdout), comparable(whole.stdout));
    // one list per kind (+ continue pages), two lists per namespace with Services; never one request per Service
    const perNamespace = server.requests.filter((r) => r.namespace && (r.resource === 'pods' || r.resource === 'endpointslices') && !r.query.labelSelector);
    assert.ok(perNamespace.length <= 2 * (namespaces + 1), `${perNamespace.length} namespace reads`);
    assert.ok(server.requests.length < 60, `${server.requests.length} requests`);
});

test('check -A live against a DNS that answers wrongly: the same differences, explained by the same owners', async (t) => {
    const generated = generateCluster({ services: 40, pods: 400, namespaces: 4 });
    const objects = generated.objects.map((o) => structuredClone(o));
    const keyOf = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    objects.sort((x, y) => (keyOf(x) < keyOf(y) ? -1 : keyOf(x) > keyOf(y) ? 1 : 0));
    type PodLike = KubeObject & { status?: { podIP?: string } };
    // Every A question answers with a pod of the last namespace and an address nothing owns: the reasons name the pod
    // (read again from the API by the namespace-by-namespace path) and call the other stale.
    const lastPod = objects.filter((o): o is PodLike => o.kind === 'Pod' && o.metadata.namespace === 'ns-003' && !!(o as PodLike).status?.podIP).at(-1)!;
    const dns = await startStaleADns(lastPod.status!.podIP!);
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-by-ns-dns-'));
    t.after(async () => {
        await dns.stop();
        rmSync(dir, { recursive: true, force: true });
    });
    const file = join(dir, 'cluster.json');
    writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
    const { live, file: whole } = await liveAndFile(t, file, ['--server', `127.0.0.1:${dns.port}`], false);
    assert.equal(live.code, whole.code, live.stderr);
    assert.match(live.stdout, new RegExp(`pod ns-003/${lastPod.metadata.name} \\(`), 'a reason names the pod of another namespace');
    assert.equal(comparable(live.stdout), comparable(whole.stdout));
});

for (const scenario of scenarioNames()) {
    test(`${scenario}: check -A live reports what the file gives`, async (t) => {
        const { live, file } = await liveAndFile(t, scenarioClusterPath(scenario));
        assert.equal(live.code, file.code, live.stderr);
        assert.equal(comparable(live.stdout), comparable(file.stdout));
    });
}
