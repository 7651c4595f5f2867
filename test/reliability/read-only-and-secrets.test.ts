/**
 * Read-only proof and secret hygiene, over every command against the fake API server.
 * - svcdig only reads: the fake's request log holds GET requests only (the port-forward and exec WebSocket upgrades
 *   are GETs too), and never a Secret: svcdig shows a secretKeyRef env var as a reference, it never reads the value.
 * - Credentials never leak: with -v/--verbose and --debug, on success and on failures, no stdout or stderr contains
 *   the bearer token, the client key, or the token an exec credential plugin printed.
 */
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { writeKubeconfig } from '../kit/fake-apiserver/index.js';
import { liveFixture, SECRET_KEY, SECRET_NAME, STACK, type LiveFixture } from '../kit/live-cluster.js';

/** Every command, as the user runs them (all read-only by design). */
const COMMANDS: string[][] = [
    ['explain', 'web'],
    ['explain', 'web', '-o', 'json'],
    ['env'],
    ['env', '--pod', 'web-0', '-o', 'json'],
    ['env', '--pod', 'web-0', '-o', 'table'],
    ['resolve', 'web-0.web', '--expected-only', '-o', 'json'],
    ['resolve', 'web-0.web', '--expected-only', '-o', 'dig'],
    ['check', '-A', '--expected-only', '-o', 'json'],
    ['check', '--expected-only', '-o', 'yaml'],
    ['__complete', 'services'],
    ['__complete', 'namespaces'],
    ['__complete', 'pods'],
];

/** All output of every command with -v and --debug (where the command takes them), plus a few failures. */
async function allOutput(f: LiveFixture): Promise<string> {
    let out = '';
    for (const argv of COMMANDS) {
        const flags = argv[0] === '__complete' ? [] : ['-v', '--debug'];
        const r = await f.run([...argv, ...flags]);
        assert.ok(r.code === 0 || r.code === 1, `${argv.join(' ')}: exit ${r.code}\n${r.stderr}`);
        if (flags.length) assert.match(r.stderr, /svcdig: GET \/api\/v1\/.*→ 200 \(\d+ ms\)/, `${argv.join(' ')} -v traces its API requests`);
        out += r.stdout + r.stderr;
    }
    // Failures print causes with --debug: they must not carry credentials either.
    for (const fault of [{ status: 500 as const }, { drop: true }, { status: 403 as const }]) {
        f.server.clearFaults();
        f.server.addFault({ resource: 'services', ...fault });
        const r = await f.run(['explain', 'web', '-v', '--debug']);
        assert.ok(r.code >= 3, `a failure: exit ${r.code}`);
        out += r.stdout + r.stderr;
    }
    f.server.clearFaults();
    return out;
}

describe('read-only', () => {
    it('every command sends only GET requests and never reads a Secret', async (t) => {
        const f = await liveFixture(t);
        for (const argv of COMMANDS) {
            const r = await f.run(argv);
            assert.ok(r.code === 0 || r.code === 1, `${argv.join(' ')}: exit ${r.code}\n${r.stderr}`);
        }
        assert.ok(f.server.requests.length >= COMMANDS.length);
        const methods = new Set(f.server.requests.map((q) => q.method));
        assert.deepEqual([...methods], ['GET']);
        assert.deepEqual(
            f.server.requests.filter((q) => /\/secrets(\/|$)/.test(q.path) || q.resource === 'secrets'),
            [],
        );
        assert.ok(
            f.server.requests.every((q) => q.query.watch === undefined),
            'no watches',
        );
    });
});

describe('secrets never appear in output', () => {
    it('bearer token: not in any -v/--debug output, success or failure', async (t) => {
        const f = await liveFixture(t, { auth: 'token' });
        const out = await allOutput(f);
        assert.ok(!out.includes(f.server.token), 'the bearer token leaked');
        assert.doesNotMatch(out, /Bearer\s/i);
        assert.doesNotMatch(out, /authorization/i);
    });

    it('a wrong bearer token (401) is not echoed back either', async (t) => {
        const f = await liveFixture(t, { auth: 'token' });
        const wrong = 'wrong-token-a7c3e9f1d2b4';
        const kc = f.server.kubeconfigPath(f.dir, { token: wrong, contextName: 'stale' });
        const r = await f.run(['explain', 'web', '-v', '--debug'], { kubeconfig: kc });
        assert.equal(r.code, 3);
        assert.ok(!(r.stdout + r.stderr).includes(wrong));
    });

    it('client certificate auth: the client key is in no output', async (t) => {
        const f = await liveFixture(t, { auth: 'cert' });
        const out = await allOutput(f);
        assert.ok(
            f.server.requests.every((q) => q.headers.clientCert && q.headers.authorization === 'none'),
            'authenticated by certificate',
        );
        const pem = readFileSync(f.server.certs.clientKeyFile, 'utf8');
        const body = pem
            .split('\n')
            .filter((l) => l && !l.startsWith('-----'))
            .join('');
        assert.ok(body.length > 40);
        assert.ok(!out.replace(/\s/g, '').includes(body.slice(0, 40)), 'the client key leaked');
        assert.doesNotMatch(out, /PRIVATE KEY/);
    });

    it('exec credential plugin: the token it prints is in no output', async (t) => {
        const f = await liveFixture(t, { auth: 'token' });
        const plugin = join(f.dir, 'credential-plugin.sh');
        writeFileSync(
            plugin,
            `#!/bin/sh\necho '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"${f.server.token}"}}'\n`,
        );
        chmodSync(plugin, 0o755);
        const kc = writeKubeconfig(join(f.dir, 'exec.yaml'), {
            clusters: [{ name: 'fake', cluster: { server: f.server.url, 'certificate-authority': f.server.caFile } }],
            users: [
                {
                    name: 'exec-user',
                    user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: plugin, args: [], interactiveMode: 'Never' } },
                },
            ],
            contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'exec-user', namespace: 'dev' } }],
            'current-context': 'fake',
        });
        let out = '';
        for (const argv of [
            ['explain', 'web'],
            ['env', '--pod', 'web-0', '-o', 'json'],
            ['check', '-A', '--expected-only', '-o', 'json'],
        ]) {
            const r = await f.run([...argv, '-v', '--debug'], { kubeconfig: kc });
            assert.ok(r.code === 0 || r.code === 1, `${argv.join(' ')}: exit ${r.code}\n${r.stderr}`);
            out += r.stdout + r.stderr;
        }
        assert.ok(
            f.server.requests.some((q) => q.headers.authorization === 'bearer'),
            'the plugin token was used',
        );
        assert.ok(!out.includes(f.server.token), 'the exec plugin token leaked');
    });

    it('a failing exec plugin: exit 3, one line, and what the plugin printed is not shown', async (t) => {
        const f = await liveFixture(t, { auth: 'token' });
        const plugin = join(f.dir, 'broken-plugin.sh');
        writeFileSync(plugin, `#!/bin/sh\necho 'partial credential ${f.server.token}'\necho 'refresh token ${f.server.token}' >&2\nexit 1\n`);
        chmodSync(plugin, 0o755);
        const kc = writeKubeconfig(join(f.dir, 'broken-exec.yaml'), {
            clusters: [{ name: 'fake', cluster: { server: f.server.url, 'certificate-authority': f.server.caFile } }],
            users: [
                {
                    name: 'exec-user',
                    user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: plugin, args: [], interactiveMode: 'Never' } },
                },
            ],
            contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'exec-user', namespace: 'dev' } }],
            'current-context': 'fake',
        });
        const r = await f.run(['explain', 'web', '-v'], { kubeconfig: kc });
        assert.equal(r.code, 3, r.stderr);
        assert.doesNotMatch(r.stderr, STACK);
        assert.match(r.stderr, /^error: cannot get credentials for user "exec-user"/m);
        assert.ok(!(r.stdout + r.stderr).includes(f.server.token), `the plugin's output leaked:\n${r.stderr}`);
    });

    it('an exec plugin that prints no valid JSON: exit 3, and its stdout is not quoted back', async (t) => {
        const f = await liveFixture(t, { auth: 'token' });
        const plugin = join(f.dir, 'chatty-plugin.sh');
        writeFileSync(plugin, `#!/bin/sh\necho 'token=${f.server.token}'\n`);
        chmodSync(plugin, 0o755);
        const kc = writeKubeconfig(join(f.dir, 'chatty-exec.yaml'), {
            clusters: [{ name: 'fake', cluster: { server: f.server.url, 'certificate-authority': f.server.caFile } }],
            users: [
                {
                    name: 'exec-user',
                    user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: plugin, args: [], interactiveMode: 'Never' } },
                },
            ],
            contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'exec-user', namespace: 'dev' } }],
            'current-context': 'fake',
        });
        const r = await f.run(['env', '-v', '--debug'], { kubeconfig: kc });
        assert.equal(r.code, 3, r.stderr);
        assert.match(r.stderr, /printed no valid ExecCredential JSON/);
        assert.ok(!(r.stdout + r.stderr).includes(f.server.token), `the plugin's output leaked:\n${r.stderr}`);
    });

    it('a secretKeyRef env var is shown as a reference to the Secret, never read', async (t) => {
        const f = await liveFixture(t);
        const r = await f.run(['env', '--pod', 'web-0', '-o', 'json']);
        assert.equal(r.code, 0, r.stderr);
        const report = JSON.parse(r.stdout) as { variables: { name: string; value: string | null; reference?: string }[] };
        const v = report.variables.find((x) => x.name === 'DB_PASSWORD');
        assert.ok(v, 'the variable is listed');
        assert.equal(v.value, null, 'no value: svcdig does not read Secrets');
        assert.ok(v.reference?.includes(SECRET_NAME) && v.reference.includes(SECRET_KEY), `reference: ${v.reference}`);
        assert.ok(f.server.requests.every((q) => !q.path.includes('/secrets')));
    });
});
