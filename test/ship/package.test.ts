/**
 * The npm package as a user gets it: `npm pack` in a clean copy of the checkout (prepack builds dist/), installed
 * with `npm install -g --prefix` into an empty prefix, OFFLINE (the bundle carries everything it runs, so the
 * package has no runtime dependencies), and the installed `svcdig`, `kubectl-svcdig` and `kubectl_complete-svcdig`
 * run with Node 24 and nothing else on the PATH.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, after, describe, it } from 'node:test';
import { cleanCopy, node24Dir, run } from './helpers.js';

/** The packed tarball stays small: svcdig's bundle, completions and README, no sources, tests or dependencies. */
const MAX_TARBALL_BYTES = 300 * 1024;
const MAX_INSTALLED_BYTES = 1024 * 1024;

interface PackResult {
    filename: string;
    size: number;
    unpackedSize: number;
    files: { path: string; size: number }[];
}

describe('the npm package (npm pack, then npm install -g of the tarball into an empty prefix)', () => {
    let work: string;
    let prefix: string;
    let pack: PackResult;
    let copy: ReturnType<typeof cleanCopy>;
    const env = () => ({ PATH: `${join(prefix, 'bin')}:${node24Dir}:/usr/bin:/bin`, HOME: work, NO_COLOR: '1' });

    before(() => {
        copy = cleanCopy();
        work = mkdtempSync(join(tmpdir(), 'svcdig-pack-'));
        prefix = join(work, 'prefix');
        const npmEnv = { ...process.env, PATH: `${node24Dir}:${process.env.PATH}`, npm_config_update_notifier: 'false' };
        const out = execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
            cwd: copy.dir,
            env: npmEnv,
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        pack = (JSON.parse(out) as PackResult[])[0]!;
        // --offline: nothing may come from a registry; an empty cache proves the tarball needs nothing else.
        execFileSync(
            'npm',
            ['install', '-g', '--prefix', prefix, '--offline', '--cache', join(work, 'npm-cache'), '--no-audit', '--no-fund', join(work, pack.filename)],
            {
                env: npmEnv,
                stdio: ['ignore', 'pipe', 'pipe'],
            },
        );
    });
    after(() => {
        rmSync(work, { recursive: true, force: true });
        copy.remove();
    });

    it('carries the bundle, completions and README only, and is small (size printed)', () => {
        const paths = pack.files.map((f) => f.path).sort();
        process.stdout.write(
            `# tarball ${pack.filename}: ${(pack.size / 1024).toFixed(1)} kB packed, ${(pack.unpackedSize / 1024).toFixed(1)} kB unpacked, ${paths.length} files\n`,
        );
        assert.ok(paths.includes('dist/cli.js'), 'dist/cli.js is in the tarball (prepack built it)');
        assert.ok(paths.includes('dist/demo-cluster.yaml'), 'the demo cluster, read at run time');
        assert.ok(paths.includes('bin/kubectl-svcdig') && paths.includes('bin/kubectl_complete-svcdig') && paths.includes('bin/svcdig.js'));
        for (const p of ['completions/svcdig.bash', 'completions/_svcdig', 'completions/svcdig.fish', 'README.md', 'package.json'])
            assert.ok(paths.includes(p), p);
        const unexpected = paths.filter(
            (p) => !/^(bin\/|dist\/[^/]+\.(js|cjs|LEGAL\.txt)$|dist\/demo-cluster\.yaml$|completions\/|README\.md$|package\.json$|LICENSE)/.test(p),
        );
        assert.deepEqual(unexpected, [], 'nothing but what runs');
        assert.ok(pack.size <= MAX_TARBALL_BYTES, `tarball ${pack.size} bytes > ${MAX_TARBALL_BYTES}`);
    });

    it('installs no dependencies (everything svcdig runs is in its bundle)', () => {
        const pkgDir = join(prefix, 'lib/node_modules/svcdig');
        assert.ok(existsSync(join(pkgDir, 'dist/cli.js')));
        assert.ok(!existsSync(join(pkgDir, 'node_modules')), 'no node_modules under the installed package');
        const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
        assert.deepEqual(Object.keys(manifest.dependencies ?? {}), []);
        const size = du(pkgDir);
        process.stdout.write(`# installed size: ${(size / 1024).toFixed(0)} kB\n`);
        assert.ok(size <= MAX_INSTALLED_BYTES, `installed ${size} bytes`);
        for (const b of ['svcdig', 'kubectl-svcdig', 'kubectl_complete-svcdig']) assert.ok(existsSync(join(prefix, 'bin', b)), `bin/${b}`);
    });

    it('installed svcdig: --version, resolve --demo, check -A --demo', async () => {
        const svcdig = join(prefix, 'bin/svcdig');
        const version = await run(svcdig, ['--version'], { env: env() });
        assert.equal(version.code, 0, version.stderr);
        assert.equal(version.stdout, `${JSON.parse(readFileSync(join(copy.dir, 'package.json'), 'utf8')).version}\n`);
        const resolved = await run(svcdig, ['resolve', 'nginx', 'web-0.nginx', '--demo'], { env: env() });
        assert.equal(resolved.code, 1, `the demo's drift is a mismatch (exit 1)\n${resolved.stderr}`);
        assert.match(resolved.stdout, /^nginx A → nginx\.default\.svc\.cluster\.local/m);
        assert.match(resolved.stdout, /^web-0\.nginx A → web-0\.nginx\.default\.svc\.cluster\.local/m);
        const checked = await run(svcdig, ['check', '-A', '--demo'], { env: env() });
        assert.equal(checked.code, 1, checked.stderr);
        assert.match(checked.stdout, /\d+ Services, \d+\/\d+ records ok/);
        assert.equal(checked.stderr, '');
    });

    it('installed kubectl-svcdig: --version, resolve --demo, check -A --demo; help says "kubectl svcdig"', async () => {
        const plugin = join(prefix, 'bin/kubectl-svcdig');
        const version = await run(plugin, ['--version'], { env: env() });
        assert.equal(version.code, 0, version.stderr);
        assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
        const resolved = await run(plugin, ['resolve', 'nginx', 'web-0.nginx', '--demo'], { env: env() });
        assert.equal(resolved.code, 1, resolved.stderr);
        assert.match(resolved.stdout, /^web-0\.nginx A → /m);
        const checked = await run(plugin, ['check', '-A', '--demo'], { env: env() });
        assert.equal(checked.code, 1, checked.stderr);
        assert.match(checked.stdout, /\d+ Services, \d+\/\d+ records ok/);
        const help = await run(plugin, ['resolve', '--help'], { env: env() });
        assert.match(help.stdout, /^Usage: kubectl svcdig resolve /);
        assert.match(help.stdout, /^ {2}kubectl svcdig resolve web-0\.nginx --demo$/m);
        assert.doesNotMatch(help.stdout, /^ {2}svcdig /m);
    });

    it("installed kubectl_complete-svcdig answers kubectl's completion protocol", async () => {
        const r = await run(join(prefix, 'bin/kubectl_complete-svcdig'), ['explain', '--demo', 'ngi'], { env: env() });
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stdout, 'nginx\nnginx-public\n:4\n');
    });

    it('the real kubectl finds the installed plugin and runs it', async () => {
        const list = await run('/usr/bin/kubectl', ['plugin', 'list'], { env: env() });
        assert.match(list.stdout, new RegExp(`^${join(prefix, 'bin/kubectl-svcdig')}$`, 'm'), list.stdout + list.stderr);
        const r = await run('/usr/bin/kubectl', ['svcdig', 'resolve', 'nginx', '--demo'], { env: env() });
        assert.equal(r.code, 1, r.stderr);
        assert.match(r.stdout, /^nginx A → nginx\.default\.svc\.cluster\.local/m);
    });
});

function du(dir: string): number {
    let total = 0;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        total += e.isDirectory() ? du(p) : statSync(p).size;
    }
    return total;
}
