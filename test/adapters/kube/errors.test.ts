/**
 * API failures become one SvcdigError line with the right exit code (errors.ts: 3 config/auth/permission,
 * 4 not found, 5 unreachable), and forbidden reads other than Services degrade to MissingFacts naming the RBAC
 * rule. client-node's raw exception text ("HTTP-Code:", headers, body) never reaches the user.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connectLive, type KubeOptions, type SnapshotRequest } from '../../../src/adapters/kube/index.js';
import type { KubeObject } from '../../../src/core/k8s.js';
import { SvcdigError } from '../../../src/errors.js';
import { namespace, pod, service } from '../../kit/cluster-builder.js';
import { makeCa, startFakeApiServer, writeKubeconfig, type FakeApiServer } from '../../kit/fake-apiserver/index.js';

const OBJECTS: KubeObject[] = [
    namespace('dev'),
    namespace('kube-system'),
    service('frontend', { ns: 'dev', clusterIP: '10.0.0.1' }),
    service('backend', { ns: 'dev', clusterIP: '10.0.0.2' }),
    pod('frontend-1', { ns: 'dev', labels: { app: 'frontend' } }),
];
const ALL: SnapshotRequest['needs'] = { pods: true, statefulSets: true, endpointSlices: true, corednsConfig: true, namespaces: true };

let server: FakeApiServer;
let dir: string;
before(async () => {
    server = await startFakeApiServer({ objects: OBJECTS });
    dir = mkdtempSync(join(tmpdir(), 'svcdig-kube-errors-'));
});
after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
});

async function load(req: Partial<SnapshotRequest> = {}, opts: Partial<KubeOptions> & { kubeconfig?: string } = {}) {
    const live = await connectLive({ kubeconfig: server.kubeconfigPath(dir), env: {}, ...opts });
    return live.loadSnapshot({ namespace: 'dev', needs: ALL, ...req });
}

function expectError(kind: SvcdigError['kind'], exit: number, message: RegExp) {
    return (e: unknown) => {
        assert.ok(e instanceof SvcdigError, `not a SvcdigError: ${String(e)}`);
        assert.equal(e.kind, kind, e.message);
        assert.equal(e.exitCode, exit);
        assert.match(e.message, message);
        assert.doesNotMatch(e.message, /HTTP-Code|Headers|Body:|\n/);
        return true;
    };
}

describe('errors', () => {
    it('401: the server rejected the credentials of the user (exit 3)', async () => {
        const kc = server.kubeconfigPath(dir, { token: 'wrong', contextName: 'bad-token' });
        await assert.rejects(load({}, { kubeconfig: kc }), expectError('config', 3, /^the server rejected the credentials of user "bad-token-user" \(401\)$/));
    });

    it('403 on services is fatal and names verb, resource and namespace (exit 3)', async (t) => {
        server.addFault({ resource: 'services', namespace: 'dev', status: 403 });
        t.after(() => server.clearFaults());
        await assert.rejects(load(), expectError('config', 3, /^forbidden: user "svcdig-token-user" cannot list services in namespace dev \(403\)$/));
    });

    it('404 for one named Service: not found, with close names from the namespace (exit 4)', async () => {
        await assert.rejects(load({ serviceNames: ['fronted'] }), (e: unknown) => {
            expectError('notFound', 4, /^service "fronted" not found in namespace "dev"$/)(e);
            assert.equal((e as SvcdigError).hint, 'did you mean frontend?');
            return true;
        });
    });

    it('404 for the namespace of a named Service: namespace not found (exit 4)', async () => {
        await assert.rejects(load({ namespace: 'nope', serviceNames: ['frontend'] }), expectError('notFound', 4, /^namespace "nope" not found$/));
    });

    it('a server certificate the kubeconfig CA does not trust: config error naming the CA file (exit 3)', async () => {
        const other = makeCa(dir, 'other-ca');
        const kc = writeKubeconfig(join(dir, 'wrong-ca.yaml'), {
            clusters: [{ name: 'fake', cluster: { server: server.url, 'certificate-authority': other.caFile } }],
            users: [{ name: 'u', user: { token: server.token } }],
            contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'u' } }],
            'current-context': 'fake',
        });
        await assert.rejects(
            load({}, { kubeconfig: kc }),
            expectError('config', 3, new RegExp(`is not trusted by the CA in ${other.caFile.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`)),
        );
    });

    it('no CA in the kubeconfig: the self-signed server is not trusted by the system CAs (exit 3)', async () => {
        const kc = server.kubeconfigPath(dir, { noCa: true, contextName: 'no-ca' });
        await assert.rejects(
            load({}, { kubeconfig: kc }),
            expectError('config', 3, /is not trusted by the system CAs \(cluster "no-ca" sets no certificate-authority\)/),
        );
    });

    it('insecure-skip-tls-verify in the kubeconfig (and only then) skips verification', async () => {
        const kc = writeKubeconfig(join(dir, 'insecure.yaml'), {
            clusters: [{ name: 'fake', cluster: { server: server.url, 'insecure-skip-tls-verify': true } }],
            users: [{ name: 'u', user: { token: server.token } }],
            contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'u' } }],
            'current-context': 'fake',
        });
        const snap = await load({}, { kubeconfig: kc });
        assert.equal(snap.services.length, 2);
    });

    it('connection refused: unreachable, naming the server URL and --request-timeout (exit 5)', async () => {
        const port = await closedPort();
        const kc = writeKubeconfig(join(dir, 'refused.yaml'), {
            clusters: [{ name: 'gone', cluster: { server: `https://127.0.0.1:${port}`, 'certificate-authority': server.caFile } }],
            users: [{ name: 'u', user: { token: 't' } }],
            contexts: [{ name: 'gone', context: { cluster: 'gone', user: 'u' } }],
            'current-context': 'gone',
        });
        await assert.rejects(
            load({}, { kubeconfig: kc, requestTimeoutMs: 4000 }),
            expectError(
                'unreachable',
                5,
                new RegExp(
                    `^cannot reach the API server at https://127\\.0\\.0\\.1:${port} \\(context "gone"\\): connection refused \\(--request-timeout 4s\\)$`,
                ),
            ),
        );
    });

    it('a slow server: timed out after --request-timeout (exit 5)', async (t) => {
        server.addFault({ resource: 'pods', delayMs: 1500 });
        t.after(() => server.clearFaults());
        await assert.rejects(load({}, { requestTimeoutMs: 300 }), expectError('unreachable', 5, /did not answer within 300ms \(--request-timeout\)$/));
    });

    it('a dropped connection: unreachable (exit 5)', async (t) => {
        server.addFault({ resource: 'statefulsets', drop: true });
        t.after(() => server.clearFaults());
        await assert.rejects(load(), expectError('unreachable', 5, /connection dropped/));
    });

    it('500: unreachable with the reason (exit 5)', async (t) => {
        server.addFault({ resource: 'endpointslices', status: 500 });
        t.after(() => server.clearFaults());
        await assert.rejects(load(), expectError('unreachable', 5, /failed to list endpointslices \(500 InternalError\)$/));
    });

    it('429 with Retry-After: retried after the wait, then succeeds', async (t) => {
        server.addFault({ resource: 'services', namespace: 'dev', status: 429, retryAfterSeconds: 1, times: 1 });
        t.after(() => server.clearFaults());
        const before = server.requests.length;
        const started = Date.now();
        const snap = await load({ needs: { ...ALL, corednsConfig: false } });
        assert.equal(snap.services.length, 2);
        const svcCalls = server.requests.slice(before).filter((r) => r.resource === 'services' && r.namespace === 'dev');
        assert.deepEqual(
            svcCalls.map((r) => r.status),
            [429, 200],
        );
        assert.ok(Date.now() - started >= 900, 'waited for Retry-After');
    });

    it('429 that never stops: bounded retries, then unreachable (exit 5)', async (t) => {
        server.addFault({ resource: 'services', namespace: 'dev', status: 429, retryAfterSeconds: 0 });
        t.after(() => server.clearFaults());
        const before = server.requests.length;
        await assert.rejects(load({ needs: { ...ALL, corednsConfig: false } }), expectError('unreachable', 5, /throttling requests \(429/));
        assert.equal(server.requests.slice(before).filter((r) => r.resource === 'services' && r.namespace === 'dev').length, 3);
    });

    it('client-certificate authentication works like the token', async () => {
        const snap = await load({}, { kubeconfig: server.kubeconfigPath(dir, { auth: 'cert', contextName: 'cert' }) });
        assert.equal(snap.services.length, 2);
        assert.ok(server.requests.some((r) => r.headers.clientCert && r.headers.authorization === 'none' && r.status === 200));
    });
});

describe('partial permissions degrade', () => {
    for (const [resource, needs] of [
        ['pods', 'list pods in namespace dev'],
        ['statefulsets', 'list statefulsets in namespace dev'],
        ['endpointslices', 'list endpointslices in namespace dev'],
    ] as const) {
        it(`403 on ${resource}: the rest is read, and a MissingFact says "${needs}"`, async (t) => {
            server.addFault({ resource, namespace: 'dev', status: 403 });
            t.after(() => server.clearFaults());
            const snap = await load({ needs: { ...ALL, corednsConfig: false } });
            assert.equal(snap.services.length, 2);
            assert.deepEqual(snap.missing, [{ resource, namespace: 'dev', reason: 'forbidden', needs }]);
        });
    }

    it('403 on the coredns ConfigMap: MissingFact "get configmaps in namespace kube-system"', async (t) => {
        server.addFault({ resource: 'configmaps', status: 403 });
        t.after(() => server.clearFaults());
        const snap = await load();
        assert.equal(snap.corednsConfigMap, undefined);
        assert.deepEqual(
            snap.missing.filter((m) => m.resource === 'configmaps'),
            [{ resource: 'configmaps', namespace: 'kube-system', reason: 'forbidden', needs: 'get configmaps in namespace kube-system' }],
        );
    });

    it('403 on namespaces: namespacesKnown false, MissingFact "list namespaces in all namespaces"', async (t) => {
        server.addFault({ resource: 'namespaces', status: 403 });
        t.after(() => server.clearFaults());
        const snap = await load({ needs: { ...ALL, corednsConfig: false } });
        assert.equal(snap.namespacesKnown, false);
        assert.deepEqual(snap.missing, [{ resource: 'namespaces', reason: 'forbidden', needs: 'list namespaces in all namespaces' }]);
    });

    it('no coredns ConfigMap in the cluster: a MissingFact, not a failure', async () => {
        const snap = await load();
        assert.equal(snap.corednsConfigMap, undefined);
        assert.ok(snap.missing.some((m) => m.resource === 'configmaps' && m.namespace === 'kube-system' && m.reason === 'kube-system/coredns not found'));
    });
});

async function closedPort(): Promise<number> {
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const port = (s.address() as { port: number }).port;
    await new Promise<void>((r) => s.close(() => r()));
    return port;
}
