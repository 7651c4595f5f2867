/**
 * `kubectl svcdig` from a checkout: with the repository's bin/ on the PATH, the real kubectl (/usr/bin/kubectl) finds
 * the extensionless bin/kubectl-svcdig by its exact file name, runs it, and completes it through
 * bin/kubectl_complete-svcdig. (The installed package and the standalone binary: package.test.ts, standalone.test.ts.)
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { liveScenario, node24Dir, root, run } from './helpers.js';

const KUBECTL = '/usr/bin/kubectl';
const env = (extra: Record<string, string> = {}) => ({
    PATH: `${join(root, 'bin')}:${node24Dir}:/usr/bin:/bin`,
    HOME: process.env.HOME ?? '/root',
    KUBECONFIG: '/nonexistent',
    NO_COLOR: '1',
    ...extra,
});

describe('kubectl svcdig from a checkout (bin/ on the PATH, real kubectl)', () => {
    it('bin/kubectl-svcdig and bin/kubectl_complete-svcdig are extensionless executables', () => {
        for (const f of ['kubectl-svcdig', 'kubectl_complete-svcdig']) {
            accessSync(join(root, 'bin', f), constants.X_OK);
            assert.ok(!existsSync(join(root, 'bin', `${f}.js`)), `no ${f}.js beside it (kubectl would list a plugin "svcdig.js")`);
        }
    });

    it('kubectl plugin list finds it', async () => {
        const r = await run(KUBECTL, ['plugin', 'list'], { env: env() });
        assert.match(r.stdout, new RegExp(`^${join(root, 'bin/kubectl-svcdig')}$`, 'm'), r.stdout + r.stderr);
        assert.doesNotMatch(r.stderr, /kubectl-svcdig.*(warning|not executable)/i);
    });

    it('kubectl svcdig resolve nginx --demo runs the plugin', async () => {
        const r = await run(KUBECTL, ['svcdig', 'resolve', 'nginx', 'web-0.nginx', '--demo'], { env: env() });
        assert.equal(r.code, 1, `the demo's drift is a mismatch (exit 1): ${r.stderr}`);
        assert.match(r.stdout, /^nginx A → .*nginx\.default\.svc\.cluster\.local/m);
        assert.match(r.stdout, /^web-0\.nginx A → /m);
    });

    it('kubectl svcdig shell reads its lines from stdin', () => {
        const r = spawnSync(KUBECTL, ['svcdig', 'shell', '--demo'], { env: env(), input: 'web-0.nginx\nset type=SRV\n_web._tcp.nginx\n', encoding: 'utf8' });
        assert.equal(r.status, 1, `the demo's SRV drift is a mismatch (exit 1): ${r.stderr}`);
        assert.match(r.stdout, /^web-0\.nginx A → .*MATCH$/m);
        assert.match(r.stdout, /^_web\._tcp\.nginx SRV → .*MISMATCH$/m);
    });

    it('kubectl svcdig -n kube-system explain kube-dns: flags before the command reach it through kubectl', async () => {
        const r = await run(KUBECTL, ['svcdig', '-n', 'kube-system', '--demo', 'explain', 'kube-dns', '-o', 'table'], { env: env() });
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /^kube-dns\s+ClusterIP/m);
    });

    it('help and examples say "kubectl svcdig"', async () => {
        const top = await run(KUBECTL, ['svcdig', '--help'], { env: env() });
        assert.equal(top.code, 0, top.stderr);
        assert.match(top.stdout, /^Usage: kubectl svcdig /);
        assert.match(top.stdout, /^ {2}kubectl svcdig resolve web-0\.nginx --demo$/m);
        assert.match(top.stdout, /^ {2}kubectl svcdig -n kube-system explain kube-dns$/m);
        assert.doesNotMatch(top.stdout, /(?<!kubectl )svcdig -n/, 'the flags-first example says kubectl svcdig too');
        for (const sub of ['resolve', 'explain', 'env', 'check', 'shell']) {
            const r = await run(KUBECTL, ['svcdig', sub, '--help'], { env: env() });
            assert.equal(r.code, 0, r.stderr);
            assert.match(r.stdout, new RegExp(`^Usage: kubectl svcdig ${sub} `));
            assert.match(r.stdout, new RegExp(`^ {2}kubectl svcdig ${sub} `, 'm'), `${sub} examples`);
            assert.doesNotMatch(r.stdout, /^ {2}svcdig /m, `${sub}: no bare "svcdig" example`);
        }
        // Run as svcdig, the examples stay as they were.
        const plain = await run(join(root, 'bin/svcdig.js'), ['resolve', '--help'], { env: env() });
        assert.match(plain.stdout, /^ {2}svcdig resolve web-0\.nginx --demo$/m);
    });

    it("kubectl's own completion asks kubectl_complete-svcdig (kubectl __complete svcdig ...)", async () => {
        const words = async (...w: string[]) => (await run(KUBECTL, ['__complete', 'svcdig', ...w], { env: env() })).stdout;
        assert.equal(await words('ex'), 'explain\n:4\n');
        assert.equal(await words('explain', '--demo', 'ngi'), 'nginx\nnginx-public\n:4\n');
        assert.equal(await words('resolve', '-o', 'w'), 'wide\n:4\n');
        // Flags before the command, as the plugin reads them.
        assert.equal(await words('-n', 'kube-system', 'ex'), 'explain\n:4\n');
        assert.equal(await words('-n', 'kube-system', '--demo', 'explain', 'kube'), 'kube-dns\n:4\n');
        // The value of a flag before the command, every command's flags there, --flag=value, NS/NAME, dig's words.
        assert.equal(await words('--demo', '-n', ''), 'default\nkube-node-lease\nkube-public\nkube-system\n:4\n');
        assert.equal(await words('--dem'), '--demo\n:4\n');
        assert.equal(await words('explain', '--demo', '--namespace=kube-system', ''), 'kube-dns\n:4\n');
        assert.equal(await words('--demo', 'explain', 'default/'), 'default/kubernetes\ndefault/nginx\ndefault/nginx-public\n:4\n');
        assert.equal(await words('resolve', 'nginx', 'SR'), 'SRV\n:4\n');
        assert.equal(await words('resolve', 'nginx', '+'), '+short\n+tcp\n+notcp\n:4\n');
        // -n=NS and --output= / -o= read as the command line reads them (was: nothing offered).
        assert.equal(await words('--demo', 'explain', '-n=kube-system', ''), 'kube-dns\n:4\n');
        assert.equal(await words('explain', '--output='), 'describe\ntable\nwide\njson\nyaml\n:4\n');
        assert.equal(await words('explain', '-o=j'), 'json\n:4\n');
        // explain takes one Service: none offered after it; check takes many.
        assert.equal(await words('--demo', 'explain', 'nginx', ''), ':4\n');
        assert.equal(await words('--demo', 'explain', '-n', 'kube-system', ''), 'kube-dns\n:4\n');
        assert.equal(await words('--demo', 'check', 'nginx', 'ngi'), 'nginx\nnginx-public\n:4\n');
        // The words being completed are not read as a command line (a bare --color there is not --color=always).
        assert.equal(await words('resolve', '--color', ''), 'auto\nalways\nnever\n:4\n');
    });

    it('kubectl svcdig against a live (fake) cluster: kubectl passes the flags through', async (t) => {
        const c = await liveScenario(t);
        const r = await run(KUBECTL, ['svcdig', 'resolve', 'web-0.nginx', '--kubeconfig', c.kubeconfig, '--via', 'port-forward', '-o', 'json'], { env: env() });
        assert.equal(r.code, 0, r.stderr);
        const report = JSON.parse(r.stdout) as { results: { verdict: string }[]; dns: { via: string } };
        assert.equal(report.dns.via, 'port-forward');
        assert.equal(report.results[0]!.verdict, 'match');
    });
});
