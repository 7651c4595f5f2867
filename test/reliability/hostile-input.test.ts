/**
 * Hostile input at the boundary (issue 12): objects of the wrong shape in `-f` files and API lists, nesting and
 * alias bombs, duplicates, API bodies that are not what was asked (HTML, cut short, redirects, endless, reset),
 * durations no timer holds, kubeconfig `tokenFile` and URL user-info, and exec credential plugins that hang or
 * are asked nine times at once. Every case ends with a documented exit code and no stack trace; objects of the
 * wrong shape are left out with one note each and the rest of the cluster is used (exit 2).
 * Its objects are written out literally, not with test/kit/cluster-builder.ts: wrong shapes are the point.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli, type CliRun } from '../helpers/run-cli.js';
import { writeKubeconfig } from '../kit/fake-apiserver/index.js';
import { clusterObjects, liveFixture, STACK } from '../kit/live-cluster.js';

type T = { after: (fn: () => Promise<void> | void) => void };

function tempDir(t: T): string {
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-hostile-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
}

const clone = <X>(x: X): X => structuredClone(x);

/** Cases reach into arbitrary JSON to break it; one loose type keeps each case one line. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** The reliability cluster as one `kubectl get -o json` List, with `mutate` applied to a copy. */
function clusterFile(dir: string, mutate: (objs: Json[]) => void, name = 'cluster.json'): string {
    const objs = clone(clusterObjects()) as Json[];
    mutate(objs);
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objs }));
    return file;
}

const find = (objs: Json[], kind: string, name: string) => objs.find((o) => o.kind === kind && o.metadata.name === name)!;

function assertNoCrash(r: CliRun): void {
    assert.notEqual(r.code, 70, `exit 70:\n${r.stderr}`);
    assert.doesNotMatch(r.stderr, STACK, r.stderr);
    assert.doesNotMatch(r.stderr, /internal error|Maximum call stack/, r.stderr);
}

/** stderr is one `error:` line (and at most a `hint:` line), stdout empty. */
function assertOneLineError(r: CliRun, code: number, message: RegExp): void {
    assertNoCrash(r);
    assert.equal(r.code, code, `exit ${r.code}:\n${r.stderr}`);
    const lines = r.stderr.trimEnd().split('\n');
    assert.ok(lines.length === 1 || (lines.length === 2 && lines[1]!.startsWith('hint: ')), `one error line:\n${r.stderr}`);
    assert.match(lines[0]!, /^error: /);
    assert.match(lines[0]!, message);
    assert.equal(r.stdout, '');
}

describe('objects of the wrong shape in -f files: left out with one note naming the field, the rest used, exit 2', () => {
    const cases: { what: string; mutate: (o: Json[]) => void; note: RegExp }[] = [
        {
            what: 'a port name that is a number',
            mutate: (o) => (find(o, 'Service', 'api').spec.ports[0].name = 80),
            note: /Service dev\/api: spec\.ports\[0\]\.name is a number; left out/,
        },
        { what: 'ports as a string', mutate: (o) => (find(o, 'Service', 'api').spec.ports = '80'), note: /Service dev\/api: spec\.ports is a string/ },
        {
            what: 'null inside containers',
            mutate: (o) => find(o, 'Pod', 'web-0').spec.containers.push(null),
            note: /Pod dev\/web-0: spec\.containers\[1\] is null/,
        },
        {
            what: 'null inside endpoints',
            mutate: (o) => find(o, 'EndpointSlice', 'web-abcde').endpoints.push(null),
            note: /EndpointSlice dev\/web-abcde: endpoints\[2\] is null/,
        },
        {
            what: 'null inside clusterIPs',
            mutate: (o) => (find(o, 'Service', 'api').spec.clusterIPs = [null]),
            note: /Service dev\/api: spec\.clusterIPs\[0\] is null/,
        },
        {
            what: 'a number for a namespace',
            mutate: (o) => (find(o, 'Service', 'api').metadata.namespace = 7),
            note: /Service api: metadata\.namespace is a number/,
        },
        { what: 'a number for a podIP', mutate: (o) => (find(o, 'Pod', 'web-1').status.podIP = 10), note: /Pod dev\/web-1: status\.podIP is a number/ },
        {
            what: 'a number for an address',
            mutate: (o) => (find(o, 'EndpointSlice', 'web-abcde').endpoints[0].addresses = [167772161]),
            note: /endpoints\[0\]\.addresses\[0\] is a number/,
        },
        {
            what: 'a Corefile that is a list',
            mutate: (o) => (find(o, 'ConfigMap', 'coredns').data.Corefile = ['.:53 {}']),
            note: /ConfigMap kube-system\/coredns: data\.Corefile is an array/,
        },
        {
            what: 'a port out of range',
            mutate: (o) => (find(o, 'Service', 'api').spec.ports[0].port = 70000),
            note: /spec\.ports\[0\]\.port is 70000, not a port number/,
        },
        { what: 'a negative targetPort', mutate: (o) => (find(o, 'Service', 'api').spec.ports[0].targetPort = -1), note: /spec\.ports\[0\]\.targetPort is -1/ },
        {
            what: 'an IPv6 zone index',
            mutate: (o) => (find(o, 'Service', 'api').spec.clusterIP = 'fe80::1%eth0'),
            note: /spec\.clusterIP "fe80::1%eth0" is not an IP address/,
        },
        {
            what: 'a Service name with a dot',
            mutate: (o) => (find(o, 'Service', 'api').metadata.name = 'api.dev'),
            note: /Service dev\/api\.dev: metadata\.name "api\.dev" must be a DNS label/,
        },
        { what: 'a null item in the list', mutate: (o) => o.push(null), note: /cluster\.json: items\[\d+\]: is null; left out/ },
        { what: 'a number item in the list', mutate: (o) => o.push(42), note: /items\[\d+\]: is a number, not an object/ },
    ];
    for (const c of cases) {
        it(c.what, async (t) => {
            const file = clusterFile(tempDir(t), c.mutate);
            const r = await runCli(['check', '-A', '--expected-only', '-o', 'json', '-f', file]);
            assertNoCrash(r);
            assert.equal(r.code, 2, `exit ${r.code}:\n${r.stderr}`);
            const notes = r.stderr.trimEnd().split('\n');
            assert.equal(notes.length, 1, r.stderr);
            assert.match(notes[0]!, /^note: /);
            assert.match(notes[0]!, c.note);
            // The rest of the cluster is used: the Service web is still checked.
            const report = JSON.parse(r.stdout) as { services: { name: string }[] };
            assert.ok(
                report.services.some((s) => s.name === 'web'),
                r.stdout.slice(0, 400),
            );
        });
    }

    it('NaN and .inf from YAML are not ports', async (t) => {
        const file = join(tempDir(t), 'nan.yaml');
        writeFileSync(
            file,
            'apiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: dev}\nspec: {clusterIP: 10.96.0.5, ports: [{port: .nan}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: b, namespace: dev}\nspec: {clusterIP: 10.96.0.6, ports: [{port: .inf}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: c, namespace: dev}\nspec: {clusterIP: 10.96.0.7, ports: [{port: 80}]}\n',
        );
        const r = await runCli(['check', '-A', '--expected-only', '-f', file]);
        assertNoCrash(r);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /Service dev\/a: spec\.ports\[0\]\.port is NaN/);
        assert.match(r.stderr, /Service dev\/b: spec\.ports\[0\]\.port is Infinity/);
        assert.match(r.stdout, /\bc\b/);
    });

    it('a List whose items is an object: a note, not "no objects" silently', async (t) => {
        const dir = tempDir(t);
        const file = join(dir, 'l.json');
        writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: { a: 1 } }));
        const r = await runCli(['check', '-A', '--expected-only', '-f', file, '-f', clusterFile(dir, () => {})]);
        assertNoCrash(r);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /l\.json: List: items is object, not a list; left out/);
    });

    it('a file of nothing but bad objects: the notes, then "no valid Kubernetes objects"', async (t) => {
        const file = join(tempDir(t), 'bad.json');
        writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [null, 1, 'x'] }));
        const r = await runCli(['check', '-A', '--expected-only', '-f', file]);
        assertNoCrash(r);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /error: .*bad\.json: no valid Kubernetes objects/);
    });
});

describe('nesting, alias bombs and duplicates are bounded', () => {
    it('deeply nested JSON: exit 2, one line', async (t) => {
        const file = join(tempDir(t), 'deep.json');
        writeFileSync(file, '['.repeat(100_000) + ']'.repeat(100_000));
        assertOneLineError(
            await runCli(['check', '-A', '--expected-only', '-f', file]),
            2,
            /deep\.json: cannot read: the document nests deeper than 100 levels/,
        );
    });

    it('deeply nested JSON inside an object svcdig does not read: exit 2, one line', async (t) => {
        const file = join(tempDir(t), 'deep.json');
        writeFileSync(file, `{"kind":"Service","metadata":{"name":"a"},"spec":{"x":${'['.repeat(50_000)}${']'.repeat(50_000)}}}`);
        assertOneLineError(await runCli(['explain', 'a', '-f', file]), 2, /nests deeper than 100 levels/);
    });

    it('deeply nested YAML: exit 2, one line', async (t) => {
        const file = join(tempDir(t), 'deep.yaml');
        writeFileSync(file, `a: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
        assertOneLineError(await runCli(['check', '-A', '--expected-only', '-f', file]), 2, /deep\.yaml:\d+: cannot parse: .*depth/i);
    });

    it('a Corefile with 20,000 "{": no crash; it is set aside with a note and kubeadm defaults are assumed', async (t) => {
        const file = clusterFile(tempDir(t), (o) => (find(o, 'ConfigMap', 'coredns').data.Corefile = `.:53 ${'{ '.repeat(20_000)}`));
        const r = await runCli(['explain', 'api', '-n', 'dev', '-f', file]);
        assertNoCrash(r);
        assert.ok(r.code === 0 || r.code === 1, r.stderr);
        assert.match(r.stdout, /nests blocks deeper than 32 levels/);
    });

    it('a YAML alias bomb (a few hundred bytes for 10^5 Services): exit 2 at once', async (t) => {
        let text =
            'apiVersion: v1\nkind: List\ns: &s {apiVersion: v1, kind: Service, metadata: {name: a, namespace: d}, spec: {clusterIP: 10.96.0.1, ports: [{port: 80}]}}\n';
        text += `l0: &l0 [${Array(10).fill('*s').join(',')}]\n`;
        for (let i = 1; i < 5; i++)
            text += `l${i}: &l${i} [${Array(10)
                .fill(`*l${i - 1}`)
                .join(',')}]\n`;
        text += 'items: *l4\n';
        assert.ok(text.length < 600);
        const file = join(tempDir(t), 'bomb.yaml');
        writeFileSync(file, text);
        const started = Date.now();
        assertOneLineError(
            await runCli(['check', '-A', '--expected-only', '-f', file]),
            2,
            /bomb\.yaml: cannot read: the document expands to more than \d+ values \(YAML aliases\?\)/,
        );
        assert.ok(Date.now() - started < 5000);
    });

    it('a 70,000-character value (a pod phase) renders in linear time (fuzz seed 1 case 26012 took 98 s)', async (t) => {
        const file = clusterFile(tempDir(t), (o) => (find(o, 'Pod', 'web-0').status.phase = 'y'.repeat(70_000)));
        const started = Date.now();
        const r = await runCli(['explain', 'web', '-n', 'dev', '-f', file]);
        assertNoCrash(r);
        assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    });

    it('the same file twice with -f: every Service once, no note', async (t) => {
        const file = clusterFile(tempDir(t), () => {});
        const once = await runCli(['check', '-A', '--expected-only', '-o', 'json', '-f', file]);
        const twice = await runCli(['check', '-A', '--expected-only', '-o', 'json', '-f', file, '-f', file]);
        assert.equal(twice.code, once.code, twice.stderr);
        assert.equal(twice.stderr, '');
        const services = (r: CliRun) => (JSON.parse(r.stdout) as { services: unknown[] }).services;
        assert.deepEqual(services(twice), services(once));
    });

    it('4,000 copies of one object: merged, linear (well under 10 s)', async (t) => {
        const file = clusterFile(tempDir(t), (o) => {
            const api = find(o, 'Service', 'api');
            for (let i = 0; i < 4000; i++) o.push(clone(api));
        });
        const started = Date.now();
        const r = await runCli(['check', '-A', '--expected-only', '-o', 'json', '-f', file]);
        assertNoCrash(r);
        assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
        assert.equal((JSON.parse(r.stdout) as { services: { name: string }[] }).services.filter((s) => s.name === 'api').length, 1);
    });

    it('two different objects with one name: the later one is used, with a note, exit 2', async (t) => {
        const dir = tempDir(t);
        const a = clusterFile(dir, () => {}, 'a.json');
        const b = clusterFile(dir, (o) => (find(o, 'Service', 'api').spec.clusterIP = '10.96.5.6'), 'b.json');
        const r = await runCli(['explain', 'api', '-n', 'dev', '-o', 'json', '-f', a, '-f', b]);
        assertNoCrash(r);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /^note: .*b\.json: Service dev\/api: defined twice with different content; the later one is used$/m);
        assert.match(r.stdout, /10\.96\.5\.6/);
    });
});

describe('durations beyond what a timer holds are usage errors', () => {
    it('--timeout 2147484s: exit 2, nothing sent', async () => {
        assertOneLineError(
            await runCli(['resolve', 'web-0.nginx', '--timeout', '2147484s', '--server', '127.0.0.1:9', '--demo']),
            2,
            /--timeout is too long: at most 2147483s/,
        );
    });

    it('--request-timeout 100000h: exit 2 before any request', async (t) => {
        const f = await liveFixture(t);
        assertOneLineError(await f.run(['explain', 'web', '--request-timeout', '100000h']), 2, /--request-timeout is too long/);
        assert.equal(f.server.requests.length, 0);
    });
});

/** A plain-HTTP API server on loopback answering each GET with `route(path)`; lists are empty unless routed. */
async function rawApi(
    t: T,
    route: (path: string, res: ServerResponse, req: IncomingMessage) => boolean,
): Promise<{ url: string; kubeconfig: string; dir: string }> {
    const server = createServer((req, res) => {
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        if (route(path, res, req)) return;
        const name = /\/(services|endpointslices|pods|statefulsets|configmaps|namespaces|endpoints)\/([^/]+)$/.exec(path);
        if (name && !path.endsWith('/namespaces/dev')) {
            res.writeHead(404, { 'content-type': 'application/json' });
            return void res.end(JSON.stringify({ kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404 }));
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ kind: 'List', apiVersion: 'v1', metadata: {}, items: [] }));
    });
    const sockets = new Set<import('node:net').Socket>();
    server.on('connection', (s) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const dir = tempDir(t);
    t.after(() => {
        for (const s of sockets) s.destroy();
        return new Promise<void>((r) => server.close(() => r()));
    });
    const kubeconfig = writeKubeconfig(join(dir, 'kubeconfig.yaml'), {
        clusters: [{ name: 'raw', cluster: { server: url } }],
        users: [{ name: 'raw-user', user: { token: 'raw-token' } }],
        contexts: [{ name: 'raw', context: { cluster: 'raw', user: 'raw-user', namespace: 'dev' } }],
        'current-context': 'raw',
    });
    return { url, kubeconfig, dir };
}

const runLive = (kubeconfig: string, dir: string, argv: string[]) =>
    runCli([...argv, '--kubeconfig', kubeconfig], { env: { HOME: dir, KUBECONFIG: join(dir, 'none') } });
const servicesPath = /^\/api\/v1\/namespaces\/dev\/services$/;

describe('API bodies that are not what was asked', () => {
    const send =
        (status: number, body: string, headers: Record<string, string> = {}) =>
        (path: string, res: ServerResponse) => {
            if (!servicesPath.test(path)) return false;
            res.writeHead(status, { 'content-type': 'text/html', ...headers });
            res.end(body);
            return true;
        };
    const cases: { what: string; route: (path: string, res: ServerResponse) => boolean; message: RegExp }[] = [
        {
            what: '200 with an HTML login page',
            route: send(200, '<html><body>Sign in\u001b[31m</body></html>'),
            message: /answered list services in namespace dev with 200 but the body is not JSON: "<html><body>Sign in\\u001b\[31m/,
        },
        {
            what: '200 with JSON cut short',
            route: send(200, '{"kind":"ServiceList","items":[{"metadata":{"name":"a"'),
            message: /with 200 but the body is not JSON: "\{\\"kind\\":\\"ServiceList\\"/,
        },
        { what: '200 with items as an object', route: send(200, '{"kind":"ServiceList","items":{"a":1}}'), message: /with 200 but the body is not a list/ },
        {
            what: '302 to a login page',
            route: send(302, 'moved', { location: 'https://login.example/' }),
            message: /answered 302 to list services in namespace dev: "moved"/,
        },
        {
            what: '400',
            route: send(400, '{"kind":"Status","message":"bad selector"}'),
            message: /answered 400 to list services in namespace dev: "bad selector"/,
        },
        { what: '422', route: send(422, '{"kind":"Status","reason":"Invalid","message":"no"}'), message: /answered 422 Invalid to list services/ },
    ];
    for (const c of cases) {
        it(`${c.what}: exit 5 with the status and an escaped excerpt`, async (t) => {
            const api = await rawApi(t, c.route);
            const r = await runLive(api.kubeconfig, api.dir, ['check', '--expected-only']);
            assertOneLineError(r, 5, c.message);
            assert.doesNotMatch(r.stderr, /\u001b/);
        });
    }

    it('an API list holding nulls, numbers and an object of the wrong shape: notes, the rest used, exit 2', async (t) => {
        const svc = (name: string, portName: unknown) => ({
            metadata: { name, namespace: 'dev' },
            spec: { clusterIP: '10.96.5.5', ports: [{ name: portName, port: 80 }] },
        });
        const api = await rawApi(t, (path, res) => {
            if (!servicesPath.test(path)) return false;
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ kind: 'ServiceList', apiVersion: 'v1', metadata: {}, items: [null, 3, svc('api', 80), svc('web', 'http')] }));
            return true;
        });
        const r = await runLive(api.kubeconfig, api.dir, ['check', '--expected-only', '-o', 'json']);
        assertNoCrash(r);
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, /note: list services in namespace dev: items\[0\]: is null; left out/);
        assert.match(r.stderr, /note: list services in namespace dev: items\[1\]: is a number/);
        assert.match(r.stderr, /note: list services in namespace dev: Service dev\/api: spec\.ports\[0\]\.name is a number; left out/);
        assert.deepEqual(
            (JSON.parse(r.stdout) as { services: { name: string }[] }).services.map((s) => s.name),
            ['web'],
        );
    });

    it('a body of hundreds of MB is capped: exit 5, said so', async (t) => {
        const chunk = Buffer.alloc(1024 * 1024, 0x20);
        let sent = 0;
        const api = await rawApi(t, (path, res) => {
            if (!servicesPath.test(path)) return false;
            res.writeHead(200, { 'content-type': 'application/json' });
            res.write('{"items":[');
            const pump = () => {
                while (sent < 400 && res.write(chunk)) sent++;
                if (sent < 400 && !res.destroyed) res.once('drain', pump);
                else res.end();
            };
            pump();
            return true;
        });
        const r = await runLive(api.kubeconfig, api.dir, ['check', '--expected-only']);
        assertOneLineError(r, 5, /sent a response larger than 128 MiB; svcdig stopped reading it/);
        assert.ok(sent < 400, `the server sent all ${sent} MB`);
    });

    it('a connection reset mid-body is reported at once, not at --request-timeout', async (t) => {
        const api = await rawApi(t, (path, res) => {
            if (!servicesPath.test(path)) return false;
            // Chunked (no length to fall short of), then the connection is dropped mid-body.
            res.writeHead(200, { 'content-type': 'application/json' });
            res.write('{"kind":"ServiceList","items":[');
            setTimeout(() => res.socket?.destroy(), 50);
            return true;
        });
        const started = Date.now();
        const r = await runLive(api.kubeconfig, api.dir, ['check', '--expected-only', '--request-timeout', '20s']);
        assertOneLineError(r, 5, /connection dropped/);
        assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
    });
});

describe('kubeconfig', () => {
    const badKubeconfigs: { what: string; doc: Record<string, unknown>; message: RegExp }[] = [
        {
            what: 'a server that is a number',
            doc: { clusters: [{ name: 'c', cluster: { server: 5 } }], contexts: [{ name: 'c', context: { cluster: 'c' } }], 'current-context': 'c' },
            message: /clusters\[0\]\.cluster\.server is a number/,
        },
        { what: 'a null user', doc: { users: [null], clusters: [], contexts: [] }, message: /users\[0\] is null/ },
        { what: 'clusters as a string', doc: { clusters: 'c' }, message: /clusters is a string/ },
        {
            what: 'exec args that are not strings',
            doc: { users: [{ name: 'u', user: { exec: { command: 'x', args: [1] } } }] },
            message: /users\[0\]\.user\.exec\.args\[0\] is a number/,
        },
    ];
    for (const c of badKubeconfigs) {
        it(`${c.what}: exit 3 naming the field`, async (t) => {
            const dir = tempDir(t);
            const kubeconfig = writeKubeconfig(join(dir, 'bad.yaml'), c.doc);
            assertOneLineError(await runLive(kubeconfig, dir, ['explain', 'web']), 3, c.message);
        });
    }

    it("client-go's tokenFile authenticates", async (t) => {
        const f = await liveFixture(t);
        const tokenFile = join(f.dir, 'token');
        writeFileSync(tokenFile, `${f.server.token}\n`);
        const kc = writeKubeconfig(join(f.dir, 'token-file.yaml'), {
            clusters: [{ name: 'fake', cluster: { server: f.server.url, 'certificate-authority': f.server.caFile } }],
            users: [{ name: 'file-user', user: { tokenFile: 'token' } }],
            contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'file-user', namespace: 'dev' } }],
            'current-context': 'fake',
        });
        const r = await f.run(['check', '--expected-only'], { kubeconfig: kc });
        assert.equal(r.code, 0, r.stderr);
        assert.ok(f.server.requests.every((q) => q.headers.authorization === 'bearer'));
    });

    it('server: https://user:TOKEN@host never prints the token (-v, errors)', async (t) => {
        const f = await liveFixture(t);
        const secret = 'S3CRET-in-url';
        const kc = writeKubeconfig(join(f.dir, 'userinfo.yaml'), {
            clusters: [
                { name: 'fake', cluster: { server: f.server.url.replace('https://', `https://admin:${secret}@`), 'certificate-authority': f.server.caFile } },
            ],
            users: [{ name: 'u', user: { token: f.server.token } }],
            contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'u', namespace: 'dev' } }],
            'current-context': 'fake',
        });
        const ok = await f.run(['check', '--expected-only', '-v'], { kubeconfig: kc });
        assert.equal(ok.code, 0, ok.stderr);
        assert.match(ok.stderr, /https:\/\/REDACTED@127\.0\.0\.1/);
        f.server.addFault({ resource: 'services', status: 500 });
        const failed = await f.run(['check', '--expected-only', '-v'], { kubeconfig: kc });
        assert.equal(failed.code, 5);
        for (const r of [ok, failed]) assert.ok(!(r.stdout + r.stderr).includes(secret), r.stderr);
    });
});

describe('exec credential plugins', () => {
    function execKubeconfig(
        dir: string,
        server: { url: string; caFile: string },
        script: string,
        opts: { ca?: string } = {},
    ): { kubeconfig: string; log: string } {
        const plugin = join(dir, 'plugin.sh');
        const log = join(dir, 'plugin.log');
        writeFileSync(plugin, `#!/bin/sh\necho $$ >> '${log}'\n${script}\n`);
        chmodSync(plugin, 0o755);
        const kubeconfig = writeKubeconfig(join(dir, 'exec.yaml'), {
            clusters: [{ name: 'fake', cluster: { server: server.url, 'certificate-authority': opts.ca ?? server.caFile } }],
            users: [{ name: 'exec-user', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: plugin, interactiveMode: 'Never' } } }],
            contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'exec-user', namespace: 'dev' } }],
            'current-context': 'fake',
        });
        return { kubeconfig, log };
    }
    const pids = (log: string) => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map(Number) : []);
    /** Running: signalable and not a zombie waiting for a parent (or init) to reap it. */
    const alive = (pid: number) => {
        try {
            process.kill(pid, 0);
            return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
        } catch {
            return false;
        }
    };
    /** Waits (bounded) until none of `list` runs; the ones still running. */
    const stillRunning = async (list: number[]) => {
        for (let i = 0; i < 80 && list.some(alive); i++) await new Promise((res) => setTimeout(res, 50));
        return list.filter(alive);
    };
    const credential = (token: string) => `echo '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"${token}"}}'`;

    it('runs once per command, not once per parallel request', async (t) => {
        const f = await liveFixture(t);
        const { kubeconfig, log } = execKubeconfig(f.dir, f.server, `sleep 0.3\n${credential(f.server.token)}`);
        const r = await f.run(['check', '-A', '--expected-only'], { kubeconfig });
        assert.ok(r.code === 0 || r.code === 1, r.stderr);
        assert.ok(f.server.requests.length >= 5);
        assert.equal(pids(log).length, 1, `the plugin ran ${pids(log).length} times`);
    });

    it('a plugin that hangs is stopped at --request-timeout: exit 3, and it is not left running', async (t) => {
        const f = await liveFixture(t);
        const { kubeconfig, log } = execKubeconfig(f.dir, f.server, 'exec sleep 60');
        const started = Date.now();
        const r = await f.run(['check', '--expected-only', '--request-timeout', '1s'], { kubeconfig });
        assertOneLineError(r, 3, /the exec credential plugin .*plugin\.sh did not finish within 1s \(--request-timeout\) and was stopped/);
        assert.ok(Date.now() - started < 8000);
        assert.deepEqual(await stillRunning(pids(log)), []);
    });

    it('SIGTERM to svcdig kills a running plugin with it', async (t) => {
        const f = await liveFixture(t);
        const { kubeconfig, log } = execKubeconfig(f.dir, f.server, 'exec sleep 60');
        const bin = fileURLToPath(new URL('../../bin/svcdig.js', import.meta.url));
        const child = spawn(process.execPath, [bin, 'explain', 'web', '--kubeconfig', kubeconfig], {
            env: { ...process.env, HOME: f.dir, KUBECONFIG: join(f.dir, 'none') },
            stdio: 'ignore',
        });
        t.after(() => void child.kill('SIGKILL'));
        for (let i = 0; i < 100 && pids(log).length === 0; i++) await new Promise((res) => setTimeout(res, 50));
        assert.equal(pids(log).length, 1, 'the plugin started');
        // The plugin can print its PID before spawn() has returned in svcdig: give svcdig a moment to be waiting on it.
        await new Promise((res) => setTimeout(res, 300));
        child.kill('SIGTERM');
        await new Promise((res) => child.once('exit', res));
        assert.deepEqual(await stillRunning(pids(log)), [], 'the plugin still runs after svcdig was killed');
    });

    it('a missing CA file next to an exec plugin is reported as the missing CA file', async (t) => {
        const f = await liveFixture(t);
        const { kubeconfig } = execKubeconfig(f.dir, f.server, credential(f.server.token), { ca: join(f.dir, 'no-such-ca.crt') });
        assertOneLineError(await f.run(['check', '--expected-only'], { kubeconfig }), 3, /cannot read .*no-such-ca\.crt named in the kubeconfig/);
    });

    it('an OIDC provider whose issuer cannot be reached: a clear line, exit 3', async (t) => {
        const f = await liveFixture(t);
        const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
        const expired = `${b64({ alg: 'RS256' })}.${b64({ iss: 'http://127.0.0.1:9', exp: 1 })}.sig`;
        const kubeconfig = writeKubeconfig(join(f.dir, 'oidc.yaml'), {
            clusters: [{ name: 'fake', cluster: { server: f.server.url, 'certificate-authority': f.server.caFile } }],
            users: [
                {
                    name: 'oidc-user',
                    user: {
                        'auth-provider': {
                            name: 'oidc',
                            config: { 'idp-issuer-url': 'http://127.0.0.1:9', 'client-id': 'svcdig', 'id-token': expired, 'refresh-token': 'r' },
                        },
                    },
                },
            ],
            contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'oidc-user', namespace: 'dev' } }],
            'current-context': 'fake',
        });
        const r = await f.run(['check', '--expected-only'], { kubeconfig });
        assertOneLineError(r, 3, /the OIDC issuer http:\/\/127\.0\.0\.1:9 could not be reached/);
        assert.doesNotMatch(r.stderr, /instance of URL/);
    });
});
