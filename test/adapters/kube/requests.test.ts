/**
 * What the adapter asks the API server, from the fake's request log: only GET; each kind one paginated list
 * (limit=500 + continue, as kubectl pages); the number of requests does not grow with the number of Services;
 * a named Service reads at most one request per kind; legacy Endpoints only when discovery.k8s.io is not served.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { connectLive } from '../../../src/adapters/kube/index.js';
import type { KubeObject } from '../../../src/core/k8s.js';
import { startFakeApiServer, type FakeApiServer } from '../../kit/fake-apiserver/index.js';
import { namespace, pod, service, slice } from '../../kit/cluster-builder.js';
import { scenarioClusterPath } from '../../helpers/scenarios.js';

const ALL = { pods: true, statefulSets: true, endpointSlices: true, corednsConfig: true, namespaces: true };

/** A generated cluster: `n` Services in `ns`, each with one slice and `podsPer` pods, plus kube-dns. */
function generated(n: number, podsPer: number, ns = 'big'): KubeObject[] {
    const out: KubeObject[] = [
        namespace(ns),
        namespace('kube-system'),
        service('kube-dns', { ns: 'kube-system', clusterIP: '10.96.0.10', labels: { 'k8s-app': 'kube-dns' }, selector: { 'k8s-app': 'kube-dns' } }),
    ];
    for (let i = 0; i < n; i++) {
        const name = `svc-${String(i).padStart(4, '0')}`;
        out.push(service(name, { ns, clusterIP: `10.1.${i >> 8}.${i & 255}` }));
        out.push(slice(name, [], { ns, name: `${name}-abcde`, addressType: 'IPv4' }));
        for (let p = 0; p < podsPer; p++) {
            const k = i * podsPer + p;
            out.push(pod(`${name}-pod-${p}`, { ns, labels: { app: name }, ip: `10.244.${k >> 8}.${k & 255}` }));
        }
    }
    return out;
}

async function withServer(
    t: { after: (fn: () => Promise<void>) => void },
    opts: Parameters<typeof startFakeApiServer>[0],
): Promise<{ server: FakeApiServer; kubeconfig: string }> {
    const server = await startFakeApiServer(opts);
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-requests-'));
    t.after(async () => {
        await server.close();
        rmSync(dir, { recursive: true, force: true });
    });
    return { server, kubeconfig: server.kubeconfigPath(dir) };
}

describe('requests', () => {
    it('live objects come without metadata.managedFields (nothing reads it; it is often most of a live object)', async (t) => {
        const objects = generated(2, 1);
        const managedFields = [
            { manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} } },
        ];
        for (const o of objects) (o.metadata as { managedFields?: unknown }).managedFields = managedFields;
        const { kubeconfig } = await withServer(t, { objects });
        const live = await connectLive({ kubeconfig, env: {} });
        const snap = await live.loadSnapshot({ namespace: null, needs: ALL });
        const all = [...snap.services, ...snap.pods, ...snap.endpointSlices, ...snap.namespaces];
        assert.equal(all.length, objects.length);
        assert.ok(
            all.every((o) => !('managedFields' in o.metadata)),
            'managedFields dropped',
        );
        assert.ok(
            all.every((o) => typeof o.kind === 'string' && typeof o.apiVersion === 'string'),
            'kind and apiVersion filled in for list items',
        );
    });

    it('pagination: >1,000 pods and several pages per kind, limit=500 with continue tokens, every object read', async (t) => {
        const { server, kubeconfig } = await withServer(t, { objects: generated(1100, 2) });
        const live = await connectLive({ kubeconfig, env: {} });
        const snap = await live.loadSnapshot({ namespace: null, needs: ALL });
        assert.equal(snap.services.length, 1101);
        assert.equal(snap.endpointSlices.length, 1100);
        assert.equal(snap.pods.length, 2200);
        assert.equal(new Set(snap.pods.map((p) => p.metadata.name)).size, 2200);
        for (const [resource, pages] of [
            ['services', 3],
            ['endpointslices', 3],
            ['pods', 5],
        ] as const) {
            const reqs = server.requests.filter((r) => r.resource === resource && r.namespace === null);
            assert.equal(reqs.length, pages, resource);
            assert.ok(
                reqs.every((r) => r.query.limit === '500'),
                `${resource}: limit=500`,
            );
            assert.equal(reqs[0]!.query.continue, undefined);
            assert.ok(
                reqs.slice(1).every((r) => typeof r.query.continue === 'string' && r.query.continue.length > 0),
                `${resource}: continue tokens`,
            );
        }
        assert.ok(server.requests.every((r) => r.method === 'GET'));
    });

    it('connections are kept open between requests: later reads reuse them, with no new TLS handshake', async (t) => {
        const { server, kubeconfig } = await withServer(t, { objects: generated(1100, 2) });
        let handshakes = 0;
        server.httpsServer.on('secureConnection', () => handshakes++);
        const live = await connectLive({ kubeconfig, env: {} });
        const first = await live.readNamespace('big');
        assert.equal(first.pods.length, 2200);
        const afterFirst = handshakes;
        const requestsBefore = server.requests.length;
        for (let i = 0; i < 3; i++) assert.equal((await live.readNamespace('big')).pods.length, 2200);
        assert.equal(server.requests.length - requestsBefore, 3 * (5 + 3), 'pods in 5 pages and slices in 3, three times');
        assert.equal(handshakes, afterFirst, 'no new connection after the first read');
        assert.ok(afterFirst <= 2, `the first read opens one connection per list in flight (${afterFirst})`);
    });

    it('a kept-alive connection the server drops as a request goes out: the GET is sent again on a fresh one', async (t) => {
        const { server, kubeconfig } = await withServer(t, { objects: generated(20, 1) });
        const served = new WeakMap<object, number>();
        let dropped = 0;
        // The first request that arrives on a connection that has served one before finds it closed, unanswered.
        server.httpsServer.prependListener('request', (req) => {
            const n = (served.get(req.socket) ?? 0) + 1;
            served.set(req.socket, n);
            if (n > 1 && dropped === 0) {
                dropped++;
                req.socket.destroy();
            }
        });
        const live = await connectLive({ kubeconfig, env: {} });
        assert.equal((await live.readNamespace('big')).pods.length, 20);
        assert.equal((await live.readNamespace('big')).pods.length, 20);
        assert.equal(dropped, 1);
    });

    it('-A: the number of requests does not depend on the number of Services', async (t) => {
        const counts: number[] = [];
        for (const n of [3, 400]) {
            const { server, kubeconfig } = await withServer(t, { objects: generated(n, 1) });
            const live = await connectLive({ kubeconfig, env: {} });
            const snap = await live.loadSnapshot({ namespace: null, needs: ALL });
            assert.equal(snap.services.length, n + 1);
            counts.push(server.requests.length);
            assert.ok(server.requests.every((r) => r.method === 'GET'));
        }
        assert.equal(counts[0], counts[1]);
        // services, endpointslices, pods, statefulsets, namespaces lists + the coredns ConfigMap GET.
        assert.equal(counts[0], 6);
    });

    it('one named Service in a namespace: at most one request per kind, slices selected by kubernetes.io/service-name', async (t) => {
        const { server, kubeconfig } = await withServer(t, { objectsFile: scenarioClusterPath('seed-003-test-com-domain') });
        const live = await connectLive({ kubeconfig, env: {} });
        const snap = await live.loadSnapshot({ namespace: 'test', serviceNames: ['nginx-svc'], needs: ALL });
        assert.deepEqual(snap.services.map((s) => `${s.metadata.namespace}/${s.metadata.name}`).sort(), ['kube-system/kube-dns', 'test/nginx-svc']);
        assert.ok(snap.endpointSlices.every((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'nginx-svc'));
        assert.equal(snap.endpointSlices.length, 1);
        const perKind = new Map<string, number>();
        for (const r of server.requests) {
            const k = `${r.resource}:${r.namespace}:${r.query.labelSelector ?? ''}:${r.verb}`;
            perKind.set(k, (perKind.get(k) ?? 0) + 1);
        }
        assert.ok(
            [...perKind.values()].every((c) => c === 1),
            JSON.stringify([...perKind]),
        );
        const slices = server.requests.find((r) => r.resource === 'endpointslices')!;
        assert.equal(slices.path, '/apis/discovery.k8s.io/v1/namespaces/test/endpointslices');
        assert.equal(slices.query.labelSelector, 'kubernetes.io/service-name=nginx-svc');
        assert.ok(server.requests.every((r) => r.method === 'GET'));
        assert.ok(!server.requests.some((r) => r.resource === 'endpoints'), 'no legacy Endpoints when slices are served');
    });

    it('-l: the label selector goes to the Services list', async (t) => {
        const { server, kubeconfig } = await withServer(t, { objectsFile: scenarioClusterPath('seed-001-nginx-statefulset') });
        const live = await connectLive({ kubeconfig, env: {} });
        await live.loadSnapshot({ namespace: 'default', labelSelector: 'app=nginx', needs: { ...ALL, corednsConfig: false } });
        const svc = server.requests.find((r) => r.resource === 'services')!;
        assert.equal(svc.query.labelSelector, 'app=nginx');
    });

    it('a cluster without discovery.k8s.io: legacy Endpoints are read instead (one list)', async (t) => {
        const { server, kubeconfig } = await withServer(t, { objectsFile: scenarioClusterPath('seed-003-test-com-domain'), servesEndpointSlices: false });
        const live = await connectLive({ kubeconfig, env: {} });
        const snap = await live.loadSnapshot({ namespace: 'test', needs: ALL });
        assert.deepEqual(snap.endpointSlices, []);
        assert.deepEqual(
            snap.endpoints.map((e) => e.metadata.name),
            ['nginx-svc'],
        );
        assert.equal(server.requests.filter((r) => r.resource === 'endpoints').length, 1);
    });
});
