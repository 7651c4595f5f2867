/**
 * The standalone executable (Node's single executable application, scripts/sea.mjs) and its release archive and krew
 * manifest (scripts/release.mjs), built in a clean copy of the checkout: the binary runs with NO Node on the PATH —
 * the demo, and live against the fake API server through a port-forward and an exec — and, named kubectl-svcdig, is
 * the plugin the real kubectl finds.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { cleanCopy, liveScenario, node24Dir, NO_NODE_PATH, run } from './helpers.js';

describe('the standalone executable (npm run release --arch x64: SEA binary, archive, krew manifest)', () => {
    let copy: ReturnType<typeof cleanCopy>;
    let exe: string;
    /** A directory with nothing in it: PATH=empty means no node, no sh, nothing to lean on. */
    let empty: string;
    const bare = (extra: Record<string, string> = {}) => ({ PATH: empty, HOME: empty, NO_COLOR: '1', ...extra });

    before(() => {
        copy = cleanCopy();
        empty = mkdtempSync(join(tmpdir(), 'svcdig-no-node-'));
        execFileSync(process.execPath, ['scripts/release.mjs', '--arch', 'x64', '--base-url', 'https://example.invalid/v0'], {
            cwd: copy.dir,
            env: { ...process.env, PATH: `${node24Dir}:${process.env.PATH}`, npm_config_update_notifier: 'false' },
            stdio: ['ignore', 'ignore', 'pipe'],
        });
        exe = join(copy.dir, 'build/sea/svcdig-linux-x64');
        process.stdout.write(`# svcdig-linux-x64: ${(statSync(exe).size / 1024 / 1024).toFixed(1)} MB\n`);
    });
    after(() => {
        copy.remove();
        rmSync(empty, { recursive: true, force: true });
    });

    it('runs with no Node on the PATH (env -i PATH=<empty dir>): --version, resolve --demo, check -A --demo', async () => {
        const noNode = await run('/usr/bin/env', ['-i', `PATH=${empty}`, '/bin/sh', '-c', 'command -v node || echo none']);
        assert.equal(noNode.stdout, 'none\n');
        const version = await run(exe, ['--version'], { env: bare() });
        assert.equal(version.code, 0, version.stderr);
        assert.equal(version.stdout, '0.1.0\n');
        const resolved = await run(exe, ['resolve', 'nginx', 'web-0.nginx', '--demo'], { env: bare() });
        assert.equal(resolved.code, 1, `the demo's drift is a mismatch (exit 1): ${resolved.stderr}`);
        assert.match(resolved.stdout, /^web-0\.nginx A → web-0\.nginx\.default\.svc\.cluster\.local/m);
        assert.equal(resolved.stderr, '', 'no SEA warning, nothing else on stderr');
        const checked = await run(exe, ['check', '-A', '--demo'], { env: bare() });
        assert.equal(checked.code, 1, checked.stderr);
        assert.match(checked.stdout, /\d+ Services, \d+\/\d+ records ok/);
    });

    it('as the brief has it: env -i PATH=/usr/bin:/bin ./svcdig-linux-x64 resolve … --demo', async () => {
        const r = await run('/usr/bin/env', ['-i', `PATH=${NO_NODE_PATH}`, './svcdig-linux-x64', 'resolve', 'web-0.nginx', '--demo', '--no-color'], {
            cwd: join(copy.dir, 'build/sea'),
        });
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /MATCH/);
    });

    it('live against the fake API server: resolve --via port-forward, check --junit, env --compare (exec)', async (t) => {
        const c = await liveScenario(t);
        const r = await run(exe, ['resolve', 'web-0.nginx', '--kubeconfig', c.kubeconfig, '--via', 'port-forward', '-o', 'json'], { env: bare() });
        assert.equal(r.code, 0, r.stderr);
        const report = JSON.parse(r.stdout) as { results: { verdict: string; actual?: { answers: unknown[] } }[]; dns: { via: string } };
        assert.equal(report.dns.via, 'port-forward');
        assert.equal(report.results[0]!.verdict, 'match');
        assert.ok(report.results[0]!.actual!.answers.length > 0);
        assert.ok(c.server.requests.some((q) => q.subresource === 'portforward' && q.status === 101));

        const junit = join(c.dir, 'junit.xml');
        const checked = await run(exe, ['check', '-n', 'default', '--kubeconfig', c.kubeconfig, '--via', 'port-forward', '--junit', junit], { env: bare() });
        assert.equal(checked.code, 0, checked.stdout + checked.stderr);
        assert.match(readFileSync(junit, 'utf8'), /<testsuites[^>]*>/);

        c.server.execScripts.set('default/web-0', () => ({ stdout: 'PATH=/usr/bin\nHOSTNAME=web-0\n' }));
        const env = await run(exe, ['env', '--pod', 'web-0', '--compare', '--kubeconfig', c.kubeconfig, '-o', 'json'], { env: bare() });
        assert.ok(env.code === 0 || env.code === 1, env.stderr);
        assert.ok(
            c.server.requests.some((q) => q.subresource === 'exec' && q.status === 101),
            'the exec went through the API server',
        );
    });

    it('named kubectl-svcdig it is the kubectl plugin (real kubectl; kubectl_complete-svcdig completes)', async () => {
        const dir = join(copy.dir, 'build/plugin-bin');
        mkdirSync(dir, { recursive: true });
        copyFileSync(exe, join(dir, 'kubectl-svcdig'));
        execFileSync('chmod', ['755', join(dir, 'kubectl-svcdig')]);
        symlinkSync(join(dir, 'kubectl-svcdig'), join(dir, 'kubectl_complete-svcdig'));
        const env = { PATH: `${dir}:${NO_NODE_PATH}`, HOME: empty, KUBECONFIG: '/nonexistent', NO_COLOR: '1' };
        const list = await run('/usr/bin/kubectl', ['plugin', 'list'], { env });
        assert.match(list.stdout, new RegExp(`^${join(dir, 'kubectl-svcdig')}$`, 'm'), list.stdout + list.stderr);
        const r = await run('/usr/bin/kubectl', ['svcdig', 'resolve', 'nginx', '--demo'], { env });
        assert.equal(r.code, 1, r.stderr);
        assert.match(r.stdout, /^nginx A → nginx\.default\.svc\.cluster\.local/m);
        const help = await run('/usr/bin/kubectl', ['svcdig', 'explain', '--help'], { env });
        assert.match(help.stdout, /^Usage: kubectl svcdig explain /);
        assert.match(help.stdout, /^ {2}kubectl svcdig explain nginx --demo$/m);
        const words = await run('/usr/bin/kubectl', ['__complete', 'svcdig', 'explain', '--demo', 'ngi'], { env });
        assert.equal(words.stdout, 'nginx\nnginx-public\n:4\n');
    });

    it('the release archive holds the binary as svcdig, and the krew manifest carries its sha256', () => {
        const release = join(copy.dir, 'build/release');
        const archive = join(release, 'svcdig-0.1.0-linux-x64.tar.gz');
        assert.ok(existsSync(archive));
        const listing = execFileSync('tar', ['-tzvf', archive], { encoding: 'utf8' });
        assert.match(listing, /^-rwxr-xr-x .* svcdig$/m);
        assert.match(listing, / README\.md$/m);
        const sha = createHash('sha256').update(readFileSync(archive)).digest('hex');
        assert.equal(readFileSync(join(release, 'SHA256SUMS'), 'utf8'), `${sha}  svcdig-0.1.0-linux-x64.tar.gz\n`);
        const manifest = parse(readFileSync(join(copy.dir, 'deploy/krew/svcdig.yaml'), 'utf8')) as {
            kind: string;
            metadata: { name: string };
            spec: {
                version: string;
                platforms: { selector: { matchLabels: Record<string, string> }; uri: string; sha256: string; bin: string; files: { from: string }[] }[];
            };
        };
        assert.equal(manifest.kind, 'Plugin');
        assert.equal(manifest.metadata.name, 'svcdig');
        assert.equal(manifest.spec.version, 'v0.1.0');
        const [p] = manifest.spec.platforms;
        assert.deepEqual(p!.selector.matchLabels, { os: 'linux', arch: 'amd64' });
        assert.equal(p!.uri, 'https://example.invalid/v0/svcdig-0.1.0-linux-x64.tar.gz');
        assert.equal(p!.sha256, sha);
        assert.equal(p!.bin, 'svcdig');
        assert.ok(p!.files.some((f) => f.from === 'svcdig'));
    });
});
