/**
 * Kubeconfig loading must choose what kubectl chooses (clientcmd rules: first file wins per name and for
 * current-context, missing KUBECONFIG entries skipped, relative paths against the defining file). Every case is
 * checked against `kubectl config view --minify` on the same files. The servers named are closed ports, so the
 * kubectl dispatcher's /version probe fails fast.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { loadKubeconfig, selectConfig } from '../../../src/adapters/kube/kubeconfig.js';
import { connectLive } from '../../../src/adapters/kube/index.js';
import { SvcdigError } from '../../../src/errors.js';
import { startFakeApiServer } from '../../kit/fake-apiserver/index.js';
import { kubectl } from './kubectl-run.js';
import { service } from '../../kit/cluster-builder.js';

const root = mkdtempSync(join(tmpdir(), 'svcdig-kubeconfig-'));
after(() => rmSync(root, { recursive: true, force: true }));
const home = join(root, 'home');
mkdirSync(home);

function write(rel: string, doc: Record<string, unknown>): string {
    const p = join(root, rel);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, stringify({ apiVersion: 'v1', kind: 'Config', ...doc }));
    return p;
}

const cluster = (name: string, port: number, extra: Record<string, unknown> = {}) => ({ name, cluster: { server: `https://127.0.0.1:${port}`, ...extra } });
const user = (name: string, u: Record<string, unknown> = { token: `tok-${name}` }) => ({ name, user: u });
const context = (name: string, c: Record<string, unknown>) => ({ name, context: c });

const A = write('a.yaml', {
    clusters: [cluster('c1', 1, { 'certificate-authority': 'ca.crt' }), cluster('shared', 2)],
    users: [user('u1')],
    contexts: [context('ctx-a', { cluster: 'c1', user: 'u1', namespace: 'dev' }), context('dup', { cluster: 'c1', user: 'u1', namespace: 'from-a' })],
    'current-context': 'ctx-a',
});
const B = write('sub/b.yaml', {
    clusters: [cluster('shared', 3, { 'certificate-authority': '../x/ca-b.crt' }), cluster('c2', 4, { 'certificate-authority': 'ca-b.crt' })],
    users: [user('u2', { token: 't2', 'client-certificate': 'cert.pem', 'client-key': 'key.pem' })],
    contexts: [context('ctx-b', { cluster: 'c2', user: 'u2' }), context('dup', { cluster: 'shared', user: 'u2', namespace: 'from-b' })],
    'current-context': 'ctx-b',
});
const NO_CURRENT = write('nocurrent.yaml', { clusters: [cluster('c3', 5)], users: [user('u3')], contexts: [context('ctx-c', { cluster: 'c3', user: 'u3' })] });
// Distinct contents so a path resolved against the wrong directory is caught.
writeFileSync(join(root, 'ca.crt'), 'CA-A');
writeFileSync(join(root, 'ca-b.crt'), 'WRONG-DIR');
writeFileSync(join(root, 'sub/ca-b.crt'), 'CA-B');
writeFileSync(join(root, 'sub/cert.pem'), 'CERT-B');
writeFileSync(join(root, 'sub/key.pem'), 'KEY-B');
mkdirSync(join(root, 'x'));
writeFileSync(join(root, 'x/ca-b.crt'), 'CA-SHARED');

interface Minified {
    'current-context': string;
    contexts: { name: string; context: { cluster: string; user?: string; namespace?: string } }[];
    clusters: { name: string; cluster: { server: string; 'certificate-authority-data'?: string } }[];
}

async function kubectlMinify(env: Record<string, string>, args: string[] = []): Promise<Minified> {
    const r = await kubectl(['config', 'view', '--minify', '-o', 'json', ...args], { HOME: home, ...env });
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as Minified;
}

/** What svcdig chose, in the shape of kubectl's minified view. */
function ours(env: Record<string, string>, sel: { context?: string; kubeconfig?: string } = {}) {
    const merged = loadKubeconfig({ env, homeDir: home, serviceAccountDir: join(root, 'no-sa'), ...(sel.kubeconfig ? { kubeconfig: sel.kubeconfig } : {}) });
    return selectConfig(merged, sel.context ? { context: sel.context } : {});
}

function assertSameChoice(k: Minified, o: ReturnType<typeof ours>) {
    const kctx = k.contexts[0]!;
    assert.equal(o.contextName, k['current-context']);
    assert.equal(o.clusterName, kctx.context.cluster);
    assert.equal(o.userName, kctx.context.user ?? '');
    assert.equal(o.namespace, kctx.context.namespace ?? 'default');
    assert.equal(o.cluster.server, k.clusters[0]!.cluster.server);
}

describe('kubeconfig selection matches kubectl config view --minify', () => {
    it('single file: its current-context, the context namespace', async () => {
        const env = { KUBECONFIG: A };
        const o = ours(env);
        assertSameChoice(await kubectlMinify(env), o);
        assert.equal(o.namespace, 'dev');
    });

    it('KUBECONFIG a:b: the first file that sets current-context wins (client-node would take the last)', async () => {
        const env = { KUBECONFIG: `${A}:${B}` };
        const o = ours(env);
        assertSameChoice(await kubectlMinify(env), o);
        assert.equal(o.contextName, 'ctx-a');
    });

    it('KUBECONFIG b:a: order decides, and a context without namespace gets "default"', async () => {
        const env = { KUBECONFIG: `${B}:${A}` };
        const o = ours(env);
        assertSameChoice(await kubectlMinify(env), o);
        assert.equal(o.contextName, 'ctx-b');
        assert.equal(o.namespace, 'default');
    });

    it('a missing file in KUBECONFIG is skipped, an empty entry too', async () => {
        const env = { KUBECONFIG: `${join(root, 'missing.yaml')}::${B}` };
        const o = ours(env);
        assertSameChoice(await kubectlMinify(env), o);
        assert.equal(o.contextName, 'ctx-b');
    });

    it('a context or cluster name defined in two files: the first file wins, nothing throws', async () => {
        const env = { KUBECONFIG: `${A}:${B}` };
        const o = ours(env, { context: 'dup' });
        assertSameChoice(await kubectlMinify(env, ['--context', 'dup']), o);
        assert.equal(o.namespace, 'from-a');
        const rev = ours({ KUBECONFIG: `${B}:${A}` }, { context: 'dup' });
        assertSameChoice(await kubectlMinify({ KUBECONFIG: `${B}:${A}` }, ['--context', 'dup']), rev);
        assert.equal(rev.namespace, 'from-b');
        // cluster "shared" is defined in both files: b's (port 3) wins when b comes first.
        assert.equal(rev.cluster.server, 'https://127.0.0.1:3');
    });

    it('no current-context anywhere + --context picks that context', async () => {
        const env = { KUBECONFIG: NO_CURRENT };
        assertSameChoice(await kubectlMinify(env, ['--context', 'ctx-c']), ours(env, { context: 'ctx-c' }));
        assert.throws(
            () => ours(env),
            (e: unknown) => e instanceof SvcdigError && e.kind === 'config' && /no current-context.*ctx-c/.test(e.message),
        );
    });

    it('~/.kube/config when KUBECONFIG is unset', async () => {
        const h = join(root, 'home2');
        mkdirSync(join(h, '.kube'), { recursive: true });
        writeFileSync(join(h, '.kube', 'config'), readFileSync(B));
        const r = await kubectl(['config', 'view', '--minify', '-o', 'json'], { HOME: h });
        assert.equal(r.code, 0, r.stderr);
        const o = selectConfig(loadKubeconfig({ env: {}, homeDir: h, serviceAccountDir: join(root, 'no-sa') }), {});
        assertSameChoice(JSON.parse(r.stdout) as Minified, o);
    });

    it('relative certificate-authority/client-certificate/client-key resolve against the file that named them', async () => {
        const env = { KUBECONFIG: `${B}:${A}` };
        const r = await kubectl(['config', 'view', '--minify', '--flatten', '-o', 'json'], { HOME: home, ...env });
        assert.equal(r.code, 0, r.stderr);
        const k = JSON.parse(r.stdout) as Minified & { users: { user: { 'client-certificate-data': string; 'client-key-data': string } }[] };
        const o = ours(env);
        assert.equal(
            readFileSync(o.cluster['certificate-authority']!, 'utf8'),
            Buffer.from(k.clusters[0]!.cluster['certificate-authority-data']!, 'base64').toString(),
        );
        assert.equal(readFileSync(o.cluster['certificate-authority']!, 'utf8'), 'CA-B');
        assert.equal(readFileSync(o.user['client-certificate']!, 'utf8'), Buffer.from(k.users[0]!.user['client-certificate-data'], 'base64').toString());
        assert.equal(readFileSync(o.user['client-key']!, 'utf8'), 'KEY-B');
        const shared = ours(env, { context: 'dup' });
        assert.equal(readFileSync(shared.cluster['certificate-authority']!, 'utf8'), 'CA-SHARED');
    });

    it('unknown --context: both refuse; svcdig names the known contexts (exit 3)', async () => {
        const env = { KUBECONFIG: `${A}:${B}` };
        const r = await kubectl(['config', 'view', '--minify', '--context', 'nope'], { HOME: home, ...env });
        assert.notEqual(r.code, 0);
        assert.throws(
            () => ours(env, { context: 'nope' }),
            (e: unknown) =>
                e instanceof SvcdigError && e.exitCode === 3 && e.message === 'context "nope" not found in kubeconfig (contexts: ctx-a, ctx-b, dup)',
        );
    });

    it('--kubeconfig reads only that file; a missing one is an error (exit 3)', async () => {
        const o = ours({ KUBECONFIG: A }, { kubeconfig: B });
        assertSameChoice(await kubectlMinify({ KUBECONFIG: A }, ['--kubeconfig', B]), o);
        const missing = join(root, 'nope.yaml');
        const r = await kubectl(['get', 'pods', '--kubeconfig', missing], { HOME: home });
        assert.notEqual(r.code, 0);
        assert.match(r.stderr, /no such file or directory/);
        assert.throws(
            () => ours({}, { kubeconfig: missing }),
            (e: unknown) => e instanceof SvcdigError && e.exitCode === 3 && e.message.includes(missing),
        );
    });

    it('--cluster and --user override the context (kubectl global flags)', () => {
        const o = selectConfig(loadKubeconfig({ env: { KUBECONFIG: `${A}:${B}` }, homeDir: home }), {
            context: 'ctx-a',
            cluster: 'c2',
            user: 'u2',
            namespace: 'prod',
        });
        assert.deepEqual([o.contextName, o.clusterName, o.userName, o.namespace, o.cluster.server], ['ctx-a', 'c2', 'u2', 'prod', 'https://127.0.0.1:4']);
        assert.throws(
            () => selectConfig(loadKubeconfig({ env: { KUBECONFIG: A }, homeDir: home }), { cluster: 'nope' }),
            /cluster "nope" not found in kubeconfig \(clusters: c1, shared\)/,
        );
    });

    it('nothing at all: one clear error with exit 3, never http://localhost:8080', async () => {
        const empty = join(root, 'empty-home');
        mkdirSync(empty);
        for (const env of [{}, { KUBECONFIG: join(root, 'missing1.yaml') }]) {
            await assert.rejects(
                connectLive({ env, homeDir: empty, serviceAccountDir: join(root, 'no-sa') }),
                (e: unknown) =>
                    e instanceof SvcdigError &&
                    e.exitCode === 3 &&
                    e.message === 'no kubeconfig found: set KUBECONFIG, pass --kubeconfig, or create ~/.kube/config',
            );
        }
    });
});

describe('in-cluster service account', () => {
    it('with KUBERNETES_SERVICE_HOST/PORT and a mounted token, reads the API with the token, CA and namespace', async (t) => {
        const server = await startFakeApiServer({
            objects: [service('api', { ns: 'ci', clusterIP: '10.0.0.9' })],
        });
        t.after(() => server.close());
        const sa = join(root, 'sa');
        mkdirSync(sa);
        writeFileSync(join(sa, 'token'), server.token + '\n');
        writeFileSync(join(sa, 'ca.crt'), readFileSync(server.caFile));
        writeFileSync(join(sa, 'namespace'), 'ci');
        const live = await connectLive({
            env: { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: String(server.port) },
            homeDir: join(root, 'empty-home-2'),
            serviceAccountDir: sa,
        });
        assert.equal(live.target.namespace, 'ci');
        assert.equal(live.target.server, server.url);
        const snap = await live.loadSnapshot({
            namespace: 'ci',
            needs: { pods: false, statefulSets: false, endpointSlices: false, corednsConfig: false, namespaces: false },
        });
        assert.deepEqual(
            snap.services.map((s) => s.metadata.name),
            ['api'],
        );
        assert.ok(server.requests.every((r) => r.headers.authorization === 'bearer'));
    });
});
