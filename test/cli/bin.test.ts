import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const bin = resolve(root, 'bin/svcdig.js');

test('bin/svcdig.js on Node 24 runs the built CLI (npm test builds first)', () => {
    assert.ok(existsSync(resolve(root, 'dist/cli.js')), 'dist/cli.js is missing: run npm run build');
    const r = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^\d+\.\d+\.\d+\n$/);
});

test('on a Node older than 22.12 it prints one clear line and exits 2', () => {
    // The machine's own Node (20) is the older runtime; fall back to faking the version if it is not there.
    const old = ['/usr/bin/node', '/usr/local/bin/node'].find((p) => existsSync(p) && Number(spawnSync(p, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim().split('.')[0]) < 22);
    const r = old
        ? spawnSync(old, [bin, '--help'], { encoding: 'utf8' })
        : spawnSync(process.execPath, ['-e', `Object.defineProperty(process.versions,'node',{value:'20.20.2'});process.argv=[process.argv[0],${JSON.stringify(bin)},'--help'];import(${JSON.stringify(bin)})`], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^svcdig needs Node\.js 22\.12 or newer; this is 20\.\d+\.\d+\n$/);
    assert.equal(r.stdout, '');
});

test('the kubectl plugin entry point names itself "kubectl svcdig" in help', () => {
    const r = spawnSync(process.execPath, [resolve(root, 'bin/kubectl-svcdig.js'), '--help'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Usage: kubectl svcdig /);
});

test('piping into a closed reader ends quietly, without a stack trace', () => {
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${bin}" completion fish | head -c 10 >/dev/null; echo "exit \${PIPESTATUS[0]}"`], { encoding: 'utf8' });
    assert.match(r.stdout, /exit 0/);
    assert.doesNotMatch(r.stderr, /Error|at /);
});
