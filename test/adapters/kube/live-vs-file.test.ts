/**
 * Live objects must be the objects the file loader gives (same shape to the core): for every scenario, the
 * snapshot read through the fake API equals the snapshot read from cluster.yaml. This test also records why the
 * adapter reads plain JSON instead of client-node's typed APIs: those turn timestamps into Dates and drop fields
 * their models do not know (kubernetes-client/javascript src/gen/models/ObjectSerializer.ts).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { connectLive } from '../../../src/adapters/kube/index.js';
import type { KubeObject } from '../../../src/core/k8s.js';
import { nsOf, type ClusterSnapshot } from '../../../src/core/snapshot.js';
import { startFakeApiServer } from '../../kit/fake-apiserver/index.js';
import { loadScenarioSnapshot, scenarioClusterPath, scenarioNames } from '../../helpers/scenarios.js';

const ALL = { pods: true, statefulSets: true, endpointSlices: true, corednsConfig: true, namespaces: true };
const byKey = (a: KubeObject, b: KubeObject) =>
    `${a.metadata.namespace ?? ''}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace ?? ''}/${b.metadata.name}`);
const sorted = <T extends KubeObject>(list: T[]) => [...list].sort(byKey);

function core(s: ClusterSnapshot) {
    return {
        services: sorted(s.services),
        endpointSlices: sorted(s.endpointSlices),
        endpoints: sorted(s.endpoints),
        pods: sorted(s.pods),
        statefulSets: sorted(s.statefulSets),
        namespaces: sorted(s.namespaces),
        namespacesKnown: s.namespacesKnown,
        corednsConfigMap: s.corednsConfigMap,
    };
}

describe('live snapshot equals file snapshot', () => {
    for (const name of scenarioNames()) {
        it(`${name}: -A, every kind`, async (t) => {
            const server = await startFakeApiServer({ objectsFile: scenarioClusterPath(name) });
            const dir = mkdtempSync(join(tmpdir(), 'svcdig-live-file-'));
            t.after(async () => {
                await server.close();
                rmSync(dir, { recursive: true, force: true });
            });
            const live = await connectLive({ kubeconfig: server.kubeconfigPath(dir), env: {} });
            const snap = await live.loadSnapshot({ namespace: null, needs: ALL });
            const file = loadScenarioSnapshot(name);
            const { endpoints: _fileEndpoints, ...fileCore } = core(file);
            const { endpoints: liveEndpoints, ...liveCore } = core(snap);
            assert.deepStrictEqual(liveCore, fileCore);
            // The cluster serves EndpointSlices, so legacy Endpoints are not read.
            assert.deepEqual(liveEndpoints, []);
            assert.deepEqual(snap.missing, []);
            // Timestamps stay strings, as in files.
            assert.ok(snap.services.every((s) => s.metadata.creationTimestamp === undefined || typeof s.metadata.creationTimestamp === 'string'));

            // One namespace: that namespace's objects, plus the cluster DNS Service and CoreDNS pods from kube-system.
            const ns = file.services.map(nsOf).find((n) => n !== 'default' && n !== 'kube-system') ?? 'default';
            const scoped = await live.loadSnapshot({ namespace: ns, needs: ALL });
            const inNs = <T extends KubeObject>(l: T[]) => sorted(l.filter((o) => nsOf(o) === ns));
            assert.deepStrictEqual(inNs(scoped.services), inNs(file.services));
            // default/kubernetes too: kubelet puts its env vars into every pod.
            if (ns !== 'default')
                assert.deepStrictEqual(
                    scoped.services.filter((s) => nsOf(s) === 'default'),
                    file.services.filter((s) => nsOf(s) === 'default' && s.metadata.name === 'kubernetes'),
                );
            assert.deepStrictEqual(sorted(scoped.endpointSlices), inNs(file.endpointSlices));
            assert.deepStrictEqual(inNs(scoped.pods), inNs(file.pods));
            // kube-system's Services (the cluster DNS Service is among them, whatever its name).
            assert.deepStrictEqual(
                sorted(scoped.services.filter((s) => nsOf(s) === 'kube-system')),
                sorted(file.services.filter((s) => nsOf(s) === 'kube-system')),
            );
            assert.ok(
                scoped.services.some((s) => nsOf(s) === 'kube-system' && s.spec.clusterIP !== 'None' && s.spec.ports?.some((p) => p.port === 53)),
                'the DNS Service is read',
            );
            const dnsPod = (p: KubeObject) => ['kube-dns', 'coredns'].includes(p.metadata.labels?.['k8s-app'] ?? '');
            const fileDnsPods = file.pods.filter((p) => nsOf(p) === 'kube-system' && dnsPod(p));
            assert.ok(fileDnsPods.length > 0, 'scenario has CoreDNS pods');
            assert.deepStrictEqual(sorted(scoped.pods.filter((p) => nsOf(p) === 'kube-system')), sorted(fileDnsPods));
        });
    }

    it('why plain JSON: client-node typed lists turn timestamps into Dates and drop unknown fields; the adapter keeps both', async (t) => {
        // A literal on purpose: a field no API version has (futureField), which the builder cannot write.
        const obj = {
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name: 'x', namespace: 'default', creationTimestamp: '2024-01-02T03:04:05Z' },
            spec: { clusterIP: '10.0.0.1', futureField: 'kept' },
        } as unknown as KubeObject;
        const server = await startFakeApiServer({ objects: [obj] });
        const dir = mkdtempSync(join(tmpdir(), 'svcdig-typed-'));
        t.after(async () => {
            await server.close();
            rmSync(dir, { recursive: true, force: true });
        });
        const live = await connectLive({ kubeconfig: server.kubeconfigPath(dir), env: {} });
        const { CoreV1Api } = await import('@kubernetes/client-node');
        const kc = (await live.kubeConfig()) as import('@kubernetes/client-node').KubeConfig;
        const typed = await kc.makeApiClient(CoreV1Api).listNamespacedService({ namespace: 'default' });
        const typedSvc = typed.items[0]!;
        assert.ok((typedSvc.metadata?.creationTimestamp as unknown) instanceof Date);
        assert.equal((typedSvc.spec as Record<string, unknown>).futureField, undefined);

        const snap = await live.loadSnapshot({ namespace: 'default', needs: { ...ALL, corednsConfig: false } });
        assert.equal(snap.services[0]!.metadata.creationTimestamp, '2024-01-02T03:04:05Z');
        assert.equal((snap.services[0]!.spec as Record<string, unknown>).futureField, 'kept');
    });
});
