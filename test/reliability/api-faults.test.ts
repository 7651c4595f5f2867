/**
 * The API fault matrix, through the CLI: every read-only command (explain, resolve --expected-only, env,
 * check -A --expected-only) against the fake API server misbehaving one way at a time. Each ends with the exit code
 * errors.ts documents (3 credentials/permission/TLS trust, 4 not found, 5 unreachable/timed out), a one-line
 * `error:` message on stderr (plus at most a `hint:` line) and never a stack trace. Forbidden reads of anything but
 * Services degrade: the command still answers (exit 0/1) and says which RBAC rule would allow the read.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { CheckReport } from '../../src/core/check-report.js';
import type { CliRun } from '../helpers/run-cli.js';
import { makeCa, writeKubeconfig, type FaultRule } from '../kit/fake-apiserver/index.js';
import { liveFixture, STACK } from '../kit/live-cluster.js';

/** `reads`: the kinds besides Services each command asks for (only what it needs, snapshot-reader.ts). */
const COMMANDS: { label: string; argv: string[]; reads: string[] }[] = [
    { label: 'explain web', argv: ['explain', 'web'], reads: ['pods', 'statefulsets', 'configmaps'] },
    { label: 'resolve --expected-only', argv: ['resolve', 'web-0.web', '--expected-only'], reads: ['pods', 'configmaps'] },
    { label: 'env', argv: ['env'], reads: [] },
    { label: 'check -A --expected-only', argv: ['check', '-A', '--expected-only', '-o', 'json'], reads: ['pods', 'statefulsets', 'configmaps'] },
];

/** stderr is one `error:` line, optionally followed by one `hint:` line; nothing else, no stack. */
function assertOneLineError(r: CliRun, message: RegExp): void {
    assert.doesNotMatch(r.stderr, STACK, r.stderr);
    const lines = r.stderr.trimEnd().split('\n');
    assert.ok(lines.length === 1 || (lines.length === 2 && lines[1]!.startsWith('hint: ')), `one error line (and a hint) on stderr, got:\n${r.stderr}`);
    assert.match(lines[0]!, /^error: /);
    assert.match(lines[0]!, message);
    assert.equal(r.stdout, '', 'no partial output on stdout when the command could not run');
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

describe('API faults through the CLI', () => {
    for (const c of COMMANDS) {
        describe(c.label, () => {
            it('baseline: the healthy fake answers, exit 0', async (t) => {
                const f = await liveFixture(t);
                const r = await f.run(c.argv);
                assert.equal(r.code, 0, r.stderr);
                assert.equal(r.stderr, '');
            });

            it('401: the credentials are rejected → exit 3, naming the user', async (t) => {
                const f = await liveFixture(t);
                const kc = f.server.kubeconfigPath(f.dir, { token: 'not-the-token', contextName: 'stale', namespace: 'dev' });
                const r = await f.run(c.argv, { kubeconfig: kc });
                assert.equal(r.code, 3);
                assertOneLineError(r, /rejected the credentials of user "stale-user" \(401\)/);
            });

            it('403 on services: nothing to work with → exit 3 with the RBAC rule', async (t) => {
                const f = await liveFixture(t);
                f.server.addFault({ resource: 'services', status: 403 });
                const r = await f.run(c.argv);
                assert.equal(r.code, 3);
                assertOneLineError(r, /^error: forbidden: user "svcdig-token-user" cannot list services (in namespace dev|in all namespaces) \(403\)$/);
                assert.match(r.stderr, /\nhint: svcdig needs RBAC permission to list services/);
            });

            for (const resource of ['pods', 'statefulsets', 'configmaps']) {
                it(`403 on ${resource}: degrades, still answers (exit 0/1) and names the RBAC rule it lacks`, async (t) => {
                    const f = await liveFixture(t);
                    f.server.addFault({ resource, status: 403 });
                    const r = await f.run(c.argv);
                    assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
                    assert.doesNotMatch(r.stderr, STACK);
                    assert.doesNotMatch(r.stderr, /^error:/m);
                    assert.notEqual(r.stdout, '', 'the command still printed its answer');
                    const forbidden = f.server.requests.filter((q) => q.resource === resource && q.status === 403);
                    for (const q of forbidden) {
                        const rule = `${q.verb} ${resource} ${q.namespace ? `in namespace ${q.namespace}` : 'in all namespaces'}`;
                        assert.ok(r.stderr.includes(`svcdig needs ${rule}`), `stderr names "${rule}":\n${r.stderr}`);
                    }
                    assert.equal(
                        forbidden.length > 0,
                        c.reads.includes(resource),
                        `${c.label} ${c.reads.includes(resource) ? 'reads' : 'does not read'} ${resource}`,
                    );
                    if (c.argv[0] === 'check') {
                        const report = JSON.parse(r.stdout) as CheckReport;
                        assert.deepEqual(
                            report.services.map((s) => `${s.namespace}/${s.name}`),
                            ['default/kubernetes', 'dev/api', 'dev/web', 'kube-system/kube-dns'],
                            'the partial results are in the JSON',
                        );
                    }
                });
            }

            it('500: the API server failed → exit 5', async (t) => {
                const f = await liveFixture(t);
                f.server.addFault({ resource: 'services', status: 500 });
                const r = await f.run(c.argv);
                assert.equal(r.code, 5);
                assertOneLineError(r, new RegExp(`the API server at ${escape(f.server.url)} failed to list services \\(500 InternalError\\)`));
            });

            it('429 with Retry-After: retried after the wait, then succeeds (exit 0)', async (t) => {
                const f = await liveFixture(t);
                f.server.addFault({ resource: 'services', status: 429, retryAfterSeconds: 1, times: 1 });
                const r = await f.run(c.argv);
                assert.equal(r.code, 0, r.stderr);
                assert.equal(r.stderr, '');
                const statuses = f.server.requests.filter((q) => q.resource === 'services').map((q) => q.status);
                assert.equal(statuses[0], 429);
                assert.ok(statuses.slice(1).includes(200), 'the retry got through');
            });

            it('slow: no answer within --request-timeout 300ms → exit 5, naming the flag', async (t) => {
                const f = await liveFixture(t);
                f.server.addFault({ resource: 'services', delayMs: 1500 });
                const started = Date.now();
                const r = await f.run([...c.argv, '--request-timeout', '300ms']);
                assert.equal(r.code, 5);
                assert.ok(Date.now() - started < 1400, 'gave up at the timeout, not when the server finally answered');
                assertOneLineError(
                    r,
                    new RegExp(`the API server at ${escape(f.server.url)} \\(context "fake"\\) did not answer within 300ms \\(--request-timeout\\)`),
                );
            });

            it('connection reset mid-request → exit 5', async (t) => {
                const f = await liveFixture(t);
                f.server.addFault({ resource: 'services', drop: true });
                const r = await f.run(c.argv);
                assert.equal(r.code, 5);
                assertOneLineError(r, /cannot reach the API server at .* connection dropped/);
            });

            it('a server certificate the kubeconfig CA does not trust → exit 3, naming the CA file', async (t) => {
                const f = await liveFixture(t);
                const other = makeCa(f.dir, 'other-ca');
                const kc = writeKubeconfig(join(f.dir, 'wrong-ca.yaml'), {
                    clusters: [{ name: 'prod', cluster: { server: f.server.url, 'certificate-authority': other.caFile } }],
                    users: [{ name: 'u', user: { token: f.server.token } }],
                    contexts: [{ name: 'prod', context: { cluster: 'prod', user: 'u', namespace: 'dev' } }],
                    'current-context': 'prod',
                });
                const r = await f.run(c.argv, { kubeconfig: kc });
                assert.equal(r.code, 3);
                assertOneLineError(r, new RegExp(`is not trusted by the CA in ${escape(other.caFile)} \\(certificate-authority of cluster "prod"\\)`));
                assert.equal(f.server.requests.length, 0, 'no request got past TLS');
            });
        });
    }

    describe('404', () => {
        const cases: { argv: string[]; message: RegExp; hint: RegExp }[] = [
            { argv: ['explain', 'wbe'], message: /^error: service "wbe" not found in namespace "dev"$/, hint: /^hint: did you mean web\?$/ },
            {
                argv: ['check', 'apl', '--expected-only', '-o', 'json'],
                message: /^error: service "apl" not found in namespace "dev"$/,
                hint: /^hint: did you mean api\?$/,
            },
            { argv: ['env', '--pod', 'web-2'], message: /^error: pod "web-2" not found in namespace "dev"$/, hint: /web-0, web-1/ },
        ];
        for (const k of cases) {
            it(`${k.argv.join(' ')}: not found → exit 4 with a suggestion`, async (t) => {
                const f = await liveFixture(t);
                const r = await f.run(k.argv);
                assert.equal(r.code, 4, r.stderr);
                const [first, hint] = r.stderr.trimEnd().split('\n');
                assert.match(first!, k.message);
                assert.match(hint ?? '', k.hint);
                assert.doesNotMatch(r.stderr, STACK);
            });
        }

        it('explain in a namespace that does not exist → exit 4 naming the namespace', async (t) => {
            const f = await liveFixture(t);
            const r = await f.run(['explain', 'web', '-n', 'nowhere']);
            assert.equal(r.code, 4);
            assertOneLineError(r, /namespace "nowhere" not found/);
        });
    });

    it('429 that never stops: bounded retries, then exit 5', async (t) => {
        const f = await liveFixture(t);
        const rule: FaultRule = { resource: 'services', status: 429, retryAfterSeconds: 0 };
        f.server.addFault(rule);
        const r = await f.run(['env']);
        assert.equal(r.code, 5);
        assertOneLineError(r, /throttling requests \(429 Too Many Requests\)/);
        assert.ok(f.server.requests.filter((q) => q.resource === 'services').length <= 6, 'a bounded number of retries');
    });

    it('check -A --junit: an API server that fails between namespaces → exit 5, the JUnit testcase names the check, not the selection', async (t) => {
        const f = await liveFixture(t);
        const junit = join(f.dir, 'junit.xml');
        // dev's EndpointSlices are read namespace by namespace, after the Services were selected
        f.server.addFault({ resource: 'endpointslices', namespace: 'dev', status: 500 });
        const r = await f.run(['check', '-A', '--expected-only', '--junit', junit]);
        assert.equal(r.code, 5, r.stderr);
        assertOneLineError(r, /failed to list endpointslices \(500 InternalError\)/);
        const xml = readFileSync(junit, 'utf8');
        assert.match(xml, /<testcase classname="svcdig check" name="check Services" [^>]*><error message="[^"]*failed to list endpointslices/);
        // a selection that fails is still named so
        const none = await f.run(['check', '-n', 'nowhere', '--expected-only', '--junit', junit]);
        assert.equal(none.code, 4, none.stderr);
        assert.match(readFileSync(junit, 'utf8'), /<testcase classname="svcdig check" name="select Services" /);
    });
});
