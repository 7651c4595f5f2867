import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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
    const r = spawnSync(process.execPath, [resolve(root, 'bin/kubectl-svcdig'), '--help'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Usage: kubectl svcdig /);
});

test('piping into a closed reader ends quietly, without a stack trace', () => {
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${bin}" completion fish | head -c 10 >/dev/null; echo "exit \${PIPESTATUS[0]}"`], { encoding: 'utf8' });
    assert.match(r.stdout, /exit 0/);
    assert.doesNotMatch(r.stderr, /Error|at /);
});

test('check restarts itself once with a small young generation; output and exit status pass through', () => {
    const ok = spawnSync(process.execPath, [bin, 'check', '--demo', '--expected-only', '-o', 'json'], { encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).kind, 'CheckReport');
    const failing = spawnSync(process.execPath, [bin, 'check', '--demo', '--no-color'], { encoding: 'utf8' });
    assert.equal(failing.status, 1, 'the demo DNS drift fails the check, and the parent exits as the child did');
    assert.match(failing.stdout, /1 failed/);
});

test('the restarted check runs with --max-semi-space-size=8, and SIGTERM to svcdig ends both processes', async (t) => {
    // A DNS server that never answers keeps check busy long enough to look at its processes.
    const silent = createSocket('udp4');
    await new Promise<void>((r) => silent.bind(0, '127.0.0.1', () => r()));
    t.after(() => new Promise<void>((r) => silent.close(() => r())));
    const parent = spawn(process.execPath, [bin, 'check', '--demo', '--server', `127.0.0.1:${silent.address().port}`, '--timeout', '20s', '--retries', '0'], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((r) => parent.once('exit', (_code, signal) => r(signal)));
    let childPid: number | undefined;
    for (let i = 0; i < 100 && childPid === undefined; i++) {
        await new Promise((r) => setTimeout(r, 50));
        for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
            try {
                const status = readFileSync(`/proc/${pid}/status`, 'utf8');
                const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
                if (new RegExp(`^PPid:\\s+${parent.pid}$`, 'm').test(status) && cmdline.includes('check')) {
                    assert.ok(cmdline.includes('--max-semi-space-size=8'), cmdline.join(' '));
                    childPid = Number(pid);
                }
            } catch {
                /* the process is gone */
            }
        }
    }
    assert.ok(childPid, 'the check child was found');
    parent.kill('SIGTERM');
    assert.equal(await exited, 'SIGTERM', 'svcdig ends as its child was ended');
    assert.ok(!existsSync(`/proc/${childPid}`) || /^State:\s+Z/m.test(readFileSync(`/proc/${childPid}/status`, 'utf8')), 'the child is gone too');
});
