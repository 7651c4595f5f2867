/**
 * Exec credential plugins (client.authentication.k8s.io, what EKS/GKE/AKS kubeconfigs use) work as client-node runs
 * them: svcdig hands the kubeconfig's `exec` user to client-node, which runs the command and sends its token. The
 * token must never show in svcdig's output, even with --verbose and --debug.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startFakeApiServer } from '../../kit/fake-apiserver/index.js';
import { runCli } from '../../helpers/run-cli.js';
import { scenarioClusterPath } from '../../helpers/scenarios.js';
import { execCredentialKubeconfig } from '../../helpers/exec-credential.js';

test('an exec credential plugin supplies the bearer token; the token never appears in output', async (t) => {
    const token = `exec-token-${Date.now()}`;
    const server = await startFakeApiServer({ objectsFile: scenarioClusterPath('seed-004-web-statefulset'), token });
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-exec-cred-'));
    t.after(async () => {
        await server.close();
        rmSync(dir, { recursive: true, force: true });
    });
    const cred = execCredentialKubeconfig(dir, server, token);
    const kubeconfig = cred.kubeconfig;
    const r = await runCli(['explain', 'nginx', '--kubeconfig', kubeconfig, '-o', 'table', '--verbose', '--debug']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^nginx\s+Headless/m);
    assert.ok(!(r.stdout + r.stderr).includes(token), 'the token leaked into output');

    // A plugin that fails: a one-line config error, exit 3, no stack.
    cred.fail();
    const bad = await runCli(['explain', 'nginx', '--kubeconfig', kubeconfig]);
    assert.ok(bad.code === 3 || bad.code === 5, `exit ${bad.code}: ${bad.stderr}`);
    assert.doesNotMatch(bad.stderr, /\n\s+at /);
    assert.equal(
        bad.stderr
            .trim()
            .split('\n')
            .filter((l) => l.startsWith('error:')).length,
        1,
    );
});
