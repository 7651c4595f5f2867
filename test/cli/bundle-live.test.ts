/**
 * The shipped build (dist/, an esbuild bundle with lazily loaded stand-ins for parts of commander and client-node it
 * never reaches, scripts/build.mjs) against the fake API server: the other live tests run the TypeScript sources
 * in-process, so only these prove the bundle still lists, port-forwards and execs as the sources do.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import type { ResolveReport } from '../../src/core/resolve-report.js';
import { startFakeApiServer } from '../kit/fake-apiserver/index.js';
import { liveScenario } from '../kit/live-scenario.js';
import { scenarioClusterPath } from '../helpers/scenarios.js';
import { execCredentialKubeconfig } from '../helpers/exec-credential.js';

const root = resolve(import.meta.dirname, '../..');
const SCENARIO = 'seed-004-web-statefulset';

function runBin(argv: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((done, fail) => {
        const child = spawn(process.execPath, [join(root, 'bin/svcdig.js'), ...argv], {
            stdio: ['ignore', 'pipe', 'pipe'],
            env: { ...process.env, KUBECONFIG: '/nonexistent' },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        child.once('error', fail);
        child.once('close', (code) => {
            clearTimeout(timer);
            done({ code, stdout, stderr });
        });
    });
}

describe('the built bundle against a live (fake) cluster', () => {
    it('resolve through a port-forward to the cluster DNS matches, reading only the namespaces the name can reach', async (t) => {
        const c = await liveScenario(t);
        const started = Date.now();
        const r = await runBin(['resolve', 'web-0.nginx', '--kubeconfig', c.kubeconfig, '--via', 'port-forward', '-o', 'json']);
        assert.equal(r.code, 0, r.stderr);
        // Not a speed target: a port-forward WebSocket left open kept the process alive ~10 s after it answered.
        assert.ok(Date.now() - started < 8000, 'the process exits once it has answered (the port-forward is closed)');
        const report = JSON.parse(r.stdout) as ResolveReport;
        assert.equal(report.dns.via, 'port-forward');
        assert.equal(report.results[0]!.verdict, 'match');
        assert.ok(report.results[0]!.actual && report.results[0]!.actual.answers.length > 0, 'a real answer came back through the port-forward');
        const listed = new Set(c.server.requests.filter((q) => q.verb === 'list' && q.resource === 'pods').map((q) => q.namespace ?? '(all)'));
        // default (the context's), nginx (web-0.nginx.svc.cluster.local names namespace "nginx"), kube-system's DNS pods.
        assert.deepEqual([...listed].sort(), ['default', 'kube-system', 'nginx']);
        assert.ok(
            c.server.requests.some((q) => q.path.endsWith('/portforward')),
            'the port-forward went through the API server',
        );
    });

    it("resolve --as-pod reads the pod's resolv.conf through exec", async (t) => {
        const c = await liveScenario(t);
        const seen: string[][] = [];
        c.server.execScripts.set('default/web-0', (command) => {
            seen.push(command);
            return { stdout: 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:2\n' };
        });
        const r = await runBin(['resolve', 'web-1.nginx', '--as-pod', 'default/web-0', '--kubeconfig', c.kubeconfig, '--via', 'port-forward', '-o', 'json']);
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(seen, [['cat', '/etc/resolv.conf']]);
        const report = JSON.parse(r.stdout) as ResolveReport;
        assert.equal(report.dns.ndots, 2);
        // One dot < ndots 2: the search list first.
        assert.equal(report.results[0]!.answeredBy, 'web-1.nginx.default.svc.cluster.local');
    });

    it('a PTR name makes resolve read every namespace (any Service or pod may own the address)', async (t) => {
        const c = await liveScenario(t);
        const r = await runBin(['resolve', '10.96.0.10', '--kubeconfig', c.kubeconfig, '--expected-only', '-o', 'json']);
        assert.equal(r.code, 0, r.stderr);
        assert.ok(
            c.server.requests.some((q) => q.verb === 'list' && q.resource === 'pods' && !q.namespace),
            'pods were listed in all namespaces',
        );
        const report = JSON.parse(r.stdout) as ResolveReport;
        assert.match(JSON.stringify(report.results[0]!.expected.answers), /kube-dns\.kube-system\.svc\.cluster\.local/);
    });

    it('an exec credential plugin (client-node runs it) authenticates the bundle, and a failing one is one line, exit 3', async (t) => {
        const token = `bundle-exec-token-${process.pid}`;
        const server = await startFakeApiServer({ objectsFile: scenarioClusterPath(SCENARIO), token });
        const dir = mkdtempSync(join(tmpdir(), 'svcdig-bundle-exec-'));
        t.after(async () => {
            await server.close();
            rmSync(dir, { recursive: true, force: true });
        });
        const cred = execCredentialKubeconfig(dir, server, token);
        const kubeconfig = cred.kubeconfig;
        const r = await runBin(['explain', 'nginx', '--kubeconfig', kubeconfig, '-o', 'table', '--verbose']);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /^nginx\s+Headless/m);
        assert.ok(!(r.stdout + r.stderr).includes(token), 'the token stays out of the output');

        cred.fail();
        const bad = await runBin(['explain', 'nginx', '--kubeconfig', kubeconfig]);
        assert.equal(bad.code, 3, bad.stderr);
        assert.doesNotMatch(bad.stderr, /\n\s+at /);
        assert.equal(bad.stderr.split('\n').filter((l) => l.startsWith('error:')).length, 1, bad.stderr);
    });

    it('names the guessed cluster domain misses are read once the Corefile gives the real one (zone test.com)', async (t) => {
        const c = await liveScenario(t, 'seed-003-test-com-domain');
        const r = await runBin(['resolve', 'nginx-svc.test.svc.test.com.', '--kubeconfig', c.kubeconfig, '--expected-only', '-o', 'json']);
        assert.equal(r.code, 0, r.stderr);
        const report = JSON.parse(r.stdout) as ResolveReport;
        assert.equal(report.results[0]!.expected.rcode, 'NOERROR');
        assert.match(JSON.stringify(report.results[0]!.expected.answers), /10\.233\.23\.79/);
        const servicesListed = c.server.requests.filter((q) => q.verb === 'list' && q.resource === 'services').map((q) => q.namespace);
        assert.ok(servicesListed.includes('test'), `namespace test was read: ${servicesListed.join(', ')}`);
    });

    it('check -A (restarted with a small young generation) reads the cluster and asks its DNS through port-forward', async (t) => {
        const c = await liveScenario(t);
        const r = await runBin(['check', '-A', '--kubeconfig', c.kubeconfig, '--via', 'port-forward', '-o', 'json']);
        assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
        const report = JSON.parse(r.stdout) as { kind: string; summary: { records: number; recordsOk: number } };
        assert.equal(report.kind, 'CheckReport');
        assert.ok(report.summary.records > 0);
        assert.equal(report.summary.recordsOk, report.summary.records, 'Knot serves exactly the expected records');
    });
});
