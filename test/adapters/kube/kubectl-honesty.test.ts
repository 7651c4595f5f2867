/**
 * The fake API server is held honest by the real kubectl: if kubectl cannot use it, the fake is wrong. The image's
 * kubectl is Google Cloud SDK's dispatcher, which runs the kubectl.1.<minor> installed beside it for the server's
 * /version minor, so serving minors 27 and 32 has two real kubectl versions check discovery (v2beta1 vs v2
 * aggregated), lists, selectors and Table output. Tables are compared with what the scenarios' real clusters printed
 * (observed.yaml in test/fixtures/scenarios), except AGE.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readObjectFiles } from '../../../src/adapters/files/load-objects.js';
import type { KubeObject } from '../../../src/core/k8s.js';
import { startFakeApiServer, type FakeApiServer } from '../../kit/fake-apiserver/index.js';
import { loadObserved, scenarioClusterPath } from '../../helpers/scenarios.js';
import { kubectl } from './kubectl-run.js';

async function withFake(
    t: { after: (fn: () => Promise<void>) => void },
    scenario: string,
    minor: string,
): Promise<{ server: FakeApiServer; run: (args: string[]) => Promise<string> }> {
    const server = await startFakeApiServer({ objectsFile: scenarioClusterPath(scenario), minor });
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-honesty-'));
    t.after(async () => {
        await server.close();
        rmSync(dir, { recursive: true, force: true });
    });
    const kubeconfig = server.kubeconfigPath(dir);
    return {
        server,
        run: async (args) => {
            const r = await kubectl(['--kubeconfig', kubeconfig, ...args], { HOME: dir });
            assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed: ${r.stderr}`);
            return r.stdout;
        },
    };
}

/** kubectl's column layout: cells padded with at least three spaces; header names may contain one space. */
function parseTable(text: string): { columns: string[]; rows: string[][] } {
    const lines = text.trimEnd().split('\n');
    const split = (l: string) => l.trim().split(/\s{2,}/);
    return { columns: split(lines[0]!), rows: lines.slice(1).map(split) };
}

function withoutAge(t: { columns: string[]; rows: (string | null)[][] }) {
    const i = t.columns.indexOf('AGE');
    return { columns: t.columns.filter((_, j) => j !== i), rows: t.rows.map((r) => r.filter((_, j) => j !== i)) };
}

function observedTable(scenario: string, id: string) {
    const entry = loadObserved(scenario).kubectl!.find((k) => k.id === id)!;
    return entry.tables![0]!;
}

const sortKey = (o: KubeObject) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

for (const minor of ['27', '32']) {
    describe(`real kubectl 1.${minor} against the fake`, () => {
        it('the dispatcher runs the kubectl matching /version, and discovery is negotiated for it', async (t) => {
            const { server, run } = await withFake(t, 'seed-003-test-com-domain', minor);
            const v = JSON.parse(await run(['version', '-o', 'json'])) as { clientVersion: { gitVersion: string }; serverVersion: { minor: string } };
            assert.equal(v.serverVersion.minor, minor);
            assert.ok(v.clientVersion.gitVersion.startsWith(`v1.${minor}.`), v.clientVersion.gitVersion);
            await run(['get', 'svc', '-n', 'test']);
            const api = server.requests.find((r) => r.path === '/api' && r.status === 200)!;
            assert.ok(api.headers.accept?.includes('apidiscovery.k8s.io'), 'kubectl asked for aggregated discovery');
            // kubectl 1.27 asks for v2beta1 only; later ones list v2 first.
            assert.equal(api.headers.accept!.includes('v=v2;'), minor !== '27');
            // Aggregated discovery answered everything: no legacy group-version requests followed.
            assert.ok(!server.requests.some((r) => r.path === '/api/v1' || (r.path.startsWith('/apis/apps/v1') && !r.resource)));
        });

        it('get svc,endpointslices,pods -A -o json: the scenario objects, unchanged', async (t) => {
            const { server, run } = await withFake(t, 'seed-003-test-com-domain', minor);
            const out = JSON.parse(await run(['get', 'svc,endpointslices,pods', '-A', '-o', 'json'])) as { items: KubeObject[] };
            const want = readObjectFiles([scenarioClusterPath('seed-003-test-com-domain')], () => '').filter((o) =>
                ['Service', 'EndpointSlice', 'Pod'].includes(o.kind!),
            );
            const sort = (l: KubeObject[]) => [...l].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
            assert.deepStrictEqual(sort(out.items), sort(want));
            const lists = server.requests.filter((r) => r.resource);
            assert.ok(lists.every((r) => r.namespace === null && r.query.limit === '500' && r.method === 'GET'));
        });

        it('get svc -n test: the table the seed cluster printed (AGE aside)', async (t) => {
            const { run } = await withFake(t, 'seed-003-test-com-domain', minor);
            const got = parseTable(await run(['get', 'svc', '-n', 'test']));
            assert.deepEqual(withoutAge(got), withoutAge(observedTable('seed-003-test-com-domain', 'get-svc-test')));
        });

        it('get po -n test -o wide: wide columns (priority 1) as the seed cluster printed them', async (t) => {
            const { run } = await withFake(t, 'seed-003-test-com-domain', minor);
            const got = parseTable(await run(['get', 'po', '-n', 'test', '-o', 'wide']));
            assert.deepEqual(withoutAge(got), withoutAge(observedTable('seed-003-test-com-domain', 'get-po-test')));
            const narrow = parseTable(await run(['get', 'po', '-n', 'test']));
            assert.deepEqual(narrow.columns, ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
        });

        it('get pods -l app=nginx -o wide: the server filters by label, as kubectl expects', async (t) => {
            const { server, run } = await withFake(t, 'seed-001-nginx-statefulset', minor);
            const got = parseTable(await run(['get', 'pods', '-l', 'app=nginx', '-o', 'wide']));
            assert.deepEqual(withoutAge(got), withoutAge(observedTable('seed-001-nginx-statefulset', 'get-pods-app-nginx')));
            const req = server.requests.find((r) => r.resource === 'pods')!;
            assert.equal(req.path, '/api/v1/namespaces/default/pods');
            assert.equal(req.query.labelSelector, 'app=nginx');
            assert.match(req.headers.accept ?? '', /as=Table;v=v1;g=meta\.k8s\.io/);
        });

        it('set-based selectors, field selectors and paging (--chunk-size) as kubectl uses them', async (t) => {
            const { server, run } = await withFake(t, 'seed-003-test-com-domain', minor);
            const names = (text: string) => parseTable(text).rows.map((r) => r[0]);
            assert.deepEqual(names(await run(['get', 'pods', '-A', '-l', 'k8s-app in (kube-dns)'])), ['kube-system', 'kube-system']);
            assert.deepEqual(
                names(await run(['get', 'pods', '-n', 'default', '-l', '!k8s-app,statefulset.kubernetes.io/pod-name,app notin (nginx),app==mariadb'])),
                ['maradb-0', 'maradb-1', 'maradb-2'],
            );
            assert.deepEqual(names(await run(['get', 'pods', '-n', 'default', '-l', 'app!=mariadb'])), []);
            assert.deepEqual(names(await run(['get', 'svc', '-A', '--field-selector', 'metadata.namespace!=default,metadata.name=kube-dns'])), ['kube-system']);
            assert.equal(JSON.parse(await run(['get', 'pods', '-A', '--chunk-size', '2', '-o', 'json'])).items.length, 8);
            const pages = server.requests.filter((r) => r.resource === 'pods' && r.query.limit === '2');
            assert.equal(pages.length, 4);
            assert.equal(pages.filter((r) => r.query.continue).length, 3);
        });
    });
}

describe("kubectl reports the fake's Status errors", () => {
    it("NotFound and Forbidden come out as kubectl's own messages", async (t) => {
        const { server } = await withFake(t, 'seed-003-test-com-domain', '32');
        const dir = mkdtempSync(join(tmpdir(), 'svcdig-honesty-err-'));
        t.after(() => rmSync(dir, { recursive: true, force: true }));
        const kc = server.kubeconfigPath(dir);
        const nf = await kubectl(['--kubeconfig', kc, 'get', 'svc', 'nope', '-n', 'test'], { HOME: dir });
        assert.notEqual(nf.code, 0);
        assert.match(nf.stderr, /Error from server \(NotFound\): services "nope" not found/);
        server.addFault({ resource: 'pods', namespace: 'test', status: 403 });
        const fb = await kubectl(['--kubeconfig', kc, 'get', 'pods', '-n', 'test'], { HOME: dir });
        assert.notEqual(fb.code, 0);
        assert.match(
            fb.stderr,
            /Error from server \(Forbidden\): pods is forbidden: User "svcdig-token-user" cannot list resource "pods" in API group "" in the namespace "test"/,
        );
    });
});
