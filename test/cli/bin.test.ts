import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { tmux, tmuxQuiet } from '../kit/tmux.js';

const root = resolve(import.meta.dirname, '../..');
const bin = resolve(root, 'bin/svcdig.js');

test('bin/svcdig.js on Node 24 runs the built CLI (npm test builds first)', () => {
    assert.ok(existsSync(resolve(root, 'dist/cli.js')), 'dist/cli.js is missing: run npm run build');
    const r = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^\d+\.\d+\.\d+\n$/);
});

/** The machine's own Node (20) is the older runtime; undefined when the machine has none older than 22. */
const OLD_NODE = ['/usr/bin/node', '/usr/local/bin/node', '/bin/node'].find(
    (p) => existsSync(p) && Number(spawnSync(p, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim().split('.')[0]) < 22,
);

/** `entry` run on an older Node: the real one when the machine has it, else Node 24 told it is 20.20.2. */
function onOldNode(entry: string) {
    return OLD_NODE
        ? spawnSync(OLD_NODE, [entry, '--help'], { encoding: 'utf8' })
        : spawnSync(
              process.execPath,
              [
                  '-e',
                  `Object.defineProperty(process.versions,'node',{value:'20.20.2'});process.argv=[process.argv[0],${JSON.stringify(entry)},'--help'];import(${JSON.stringify(entry)})`,
              ],
              { encoding: 'utf8' },
          );
}

for (const entry of ['svcdig.js', 'kubectl-svcdig']) {
    test(`bin/${entry} on a Node older than 22.12 says so, names how to get a supported one, and exits 2`, () => {
        const r = onOldNode(resolve(root, 'bin', entry));
        assert.equal(r.status, 2);
        const [why, how, ...rest] = r.stderr.split('\n');
        assert.match(why!, /^svcdig needs Node\.js 22\.12 or newer; this is 20\.\d+\.\d+$/);
        // the way forward: a newer Node (nvm or nodejs.org) or the standalone binary, which the README's Install builds
        assert.match(how!, /`nvm install 22`/);
        // one minimum throughout: nvm install 22 installs the latest 22.x, which is 22.12 or newer
        assert.match(how!, /^get Node 22\.12 or newer with `nvm install 22` \(the latest 22\.x\)/);
        assert.doesNotMatch(r.stderr, /Node 22 or newer/);
        assert.match(how!, /https:\/\/nodejs\.org\/en\/download/);
        assert.match(how!, /standalone binary.*`npm run sea`/);
        assert.deepEqual(rest, ['']);
        assert.equal(r.stdout, '');
    });
}

test('the old-Node message names only ways the README documents', () => {
    const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
    assert.match(readme, /npm run sea/);
    assert.match(readme, /\*\*The standalone binary\*\* \(no Node\.js needed/);
});

test('the parts of the build resolved by the bin (not by Node): a copy elsewhere runs as the original; a missing part is a one-line error, exit 70', (t) => {
    const copy = mkdtempSync(resolve(tmpdir(), 'svcdig-bin-'));
    t.after(() => rmSync(copy, { recursive: true, force: true }));
    for (const dir of ['bin', 'dist']) cpSync(resolve(root, dir), resolve(copy, dir), { recursive: true });
    cpSync(resolve(root, 'package.json'), resolve(copy, 'package.json'));
    const scenario = resolve(root, 'test/fixtures/scenarios/seed-001-nginx-statefulset/cluster.yaml');
    const args = ['explain', 'nginx-headless', '-n', 'default', '-f', scenario, '-o', 'json'];
    const run = (entry: string, argv: string[]) => spawnSync(process.execPath, [entry, ...argv], { encoding: 'utf8' });
    const original = run(bin, args);
    const copied = run(resolve(copy, 'bin/svcdig.js'), args);
    assert.equal(original.status, 0, original.stderr);
    assert.equal(copied.status, 0, copied.stderr);
    assert.equal(copied.stdout, original.stdout);
    // the parts explain's run imports (scripts/build.mjs) gone: the import fails, and says which file
    for (const part of readdirSync(resolve(copy, 'dist')).filter((f) => /^chunk-\w+\.js$/.test(f))) rmSync(resolve(copy, 'dist', part));
    const noPart = run(resolve(copy, 'bin/svcdig.js'), args);
    assert.equal(noPart.status, 70);
    assert.match(noPart.stderr, /^internal error: .*chunk-\w+\.js.*\n$/);
    assert.equal(noPart.stdout, '');
    // the start part gone: the bin says what to do
    rmSync(resolve(copy, 'dist/cli.js'));
    const noStart = run(resolve(copy, 'bin/svcdig.js'), ['--help']);
    assert.equal(noStart.status, 70);
    assert.match(noStart.stderr, /^svcdig: cannot load its build \(\w+\); run "npm run build" first\n$/);
    assert.equal(noStart.stdout, '');
});

test('the kubectl plugin entry point names itself "kubectl svcdig" in help', () => {
    const r = spawnSync(process.execPath, [resolve(root, 'bin/kubectl-svcdig'), '--help'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Usage: kubectl svcdig /);
});

test('piping into a closed reader ends quietly, without a stack trace', () => {
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${bin}" completion fish | head -c 10 >/dev/null; echo "exit \${PIPESTATUS[0]}"`], {
        encoding: 'utf8',
    });
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

for (const lead of [[], ['-n', 'default', '--demo']]) {
    test(`the restarted check runs with --max-semi-space-size=8, two malloc arenas and a fixed mmap threshold unless told otherwise, and SIGTERM to svcdig ends both processes (svcdig ${[...lead, 'check'].join(' ')})`, async (t) => {
        // glibc's MALLOC_ARENA_MAX and MALLOC_MMAP_THRESHOLD_: svcdig sets 2 and 128 KiB for its check process; values in
        // the environment are kept
        const arenas = lead.length ? '4' : undefined;
        const mmapThreshold = lead.length ? '65536' : undefined;
        // A DNS server that never answers keeps check busy long enough to look at its processes.
        const silent = createSocket('udp4');
        await new Promise<void>((r) => silent.bind(0, '127.0.0.1', () => r()));
        t.after(() => new Promise<void>((r) => silent.close(() => r())));
        const args = [
            ...lead,
            'check',
            ...(lead.length ? [] : ['--demo']),
            '--server',
            `127.0.0.1:${silent.address().port}`,
            '--timeout',
            '20s',
            '--retries',
            '0',
        ];
        const parent = spawn(process.execPath, [bin, ...args], {
            stdio: 'ignore',
            env: { ...process.env, MALLOC_ARENA_MAX: arenas, MALLOC_MMAP_THRESHOLD_: mmapThreshold },
        });
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
                        const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
                        assert.deepEqual(
                            environ.filter((e) => e.startsWith('MALLOC_ARENA_MAX=')),
                            [`MALLOC_ARENA_MAX=${arenas ?? '2'}`],
                        );
                        assert.deepEqual(
                            environ.filter((e) => e.startsWith('MALLOC_MMAP_THRESHOLD_=')),
                            [`MALLOC_MMAP_THRESHOLD_=${mmapThreshold ?? '131072'}`],
                        );
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
}

/** `check --wait` against a DNS server that never answers (busy for minutes), its wrapper and the restarted child. */
async function longCheck(t: { after: (fn: () => Promise<void> | void) => void }) {
    const silent = createSocket('udp4');
    await new Promise<void>((r) => silent.bind(0, '127.0.0.1', () => r()));
    t.after(() => new Promise<void>((r) => silent.close(() => r())));
    const parent = spawn(process.execPath, [bin, 'check', '--demo', '--server', `127.0.0.1:${silent.address().port}`, '--timeout', '20s', '--wait', '5m'], {
        stdio: 'ignore',
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => parent.once('exit', (code, signal) => r({ code, signal })));
    let childPid: number | undefined;
    for (let i = 0; i < 100 && childPid === undefined; i++) {
        await new Promise((r) => setTimeout(r, 50));
        for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
            try {
                if (new RegExp(`^PPid:\\s+${parent.pid}$`, 'm').test(readFileSync(`/proc/${pid}/status`, 'utf8'))) childPid = Number(pid);
            } catch {
                /* the process is gone */
            }
        }
    }
    assert.ok(childPid, 'the check child was found');
    // whatever happens in the test, nothing is left behind
    t.after(() => {
        for (const pid of [parent.pid, childPid]) {
            try {
                process.kill(pid!, 'SIGKILL');
            } catch {
                /* already gone */
            }
        }
    });
    return { parent, childPid, exited };
}

/** Gone, or a zombie nobody has reaped yet (dead all the same), within `ms`. */
async function goneWithin(pid: number, ms: number): Promise<boolean> {
    const gone = () => !existsSync(`/proc/${pid}`) || /^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
    for (let waited = 0; waited < ms; waited += 50) {
        try {
            if (gone()) return true;
        } catch {
            return true;
        }
        await new Promise((r) => setTimeout(r, 50));
    }
    return false;
}

test('SIGINT sent to the PID of check --wait ends the restarted child and then svcdig, as Ctrl-C would', async (t) => {
    const { parent, childPid, exited } = await longCheck(t);
    parent.kill('SIGINT');
    assert.ok(await goneWithin(childPid, 5000), 'the child ended');
    assert.deepEqual(await exited, { code: null, signal: 'SIGINT' }, 'svcdig ends as its child was ended');
});

test('killing the wrapper with SIGKILL (which it cannot pass on) ends the restarted child too', async (t) => {
    const { parent, childPid, exited } = await longCheck(t);
    parent.kill('SIGKILL');
    assert.equal((await exited).signal, 'SIGKILL');
    assert.ok(await goneWithin(childPid, 5000), 'the child ended with its parent');
});

test('in a real terminal (tmux): Ctrl-C ends check --wait, wrapper and child, with status 130', async (t) => {
    const silent = createSocket('udp4');
    await new Promise<void>((r) => silent.bind(0, '127.0.0.1', () => r()));
    t.after(() => new Promise<void>((r) => silent.close(() => r())));
    const server = `127.0.0.1:${silent.address().port}`;
    const session = `svcdig-sigint-${process.pid}-${Date.now()}`;
    // the shell ignores SIGINT itself so that it lives to print the status (Node resets the disposition at start)
    const cmd = `trap '' INT; ${process.execPath} ${bin} check --demo --server ${server} --timeout 20s --wait 5m; echo "exit $?"; sleep 5`;
    tmux(['new-session', '-d', '-s', session, '-x', '160', '-y', '20', 'bash', '-c', cmd]);
    t.after(() => void tmuxQuiet(['kill-session', '-t', session]));
    /** svcdig processes of this test: their command line names the silent server. */
    const ours = () =>
        readdirSync('/proc')
            .filter((d) => /^\d+$/.test(d))
            .filter((pid) => {
                try {
                    return (
                        readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(server) &&
                        !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'))
                    );
                } catch {
                    return false;
                }
            });
    for (let i = 0; i < 100 && ours().length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(ours().length, 2, 'the wrapper and the restarted child run');
    tmux(['send-keys', '-t', session, 'C-c']);
    let screen = '';
    for (let i = 0; i < 100 && !/exit \d+/.test(screen); i++) {
        await new Promise((r) => setTimeout(r, 50));
        screen = tmux(['capture-pane', '-p', '-t', session], { encoding: 'utf8' });
    }
    assert.match(screen, /exit 130/);
    assert.deepEqual(ours(), [], 'nothing is left running');
});

test("NO_COLOR with FORCE_COLOR: Node's own warning about the two is not printed; svcdig's colour rules still decide", () => {
    const run = (env: Record<string, string>, args: string[]) =>
        spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, TERM: 'xterm', ...env } });
    for (const [env, args] of [
        [{ NO_COLOR: '1', FORCE_COLOR: '1' }, ['resolve', 'nginx', '--demo', '-o', 'json']],
        [{ NO_COLOR: '1', FORCE_COLOR: '' }, ['explain', 'nginx', '--demo', '-o', 'table']],
        [{ NODE_DISABLE_COLORS: '1', FORCE_COLOR: '1' }, ['--help']],
        // check restarts itself: the child is quiet too
        [{ NO_COLOR: '1', FORCE_COLOR: '1' }, ['check', '--demo', '--expected-only']],
    ] as const) {
        const r = run(env, [...args]);
        assert.ok(r.stdout.length > 0, r.stderr);
        assert.doesNotMatch(r.stderr, /Warning|FORCE_COLOR|trace-warnings/, `${JSON.stringify(env)} ${args.join(' ')}`);
    }
    // README: Colour: a FORCE_COLOR that is set and not empty wins over NO_COLOR; an empty one says nothing
    const table = ['explain', 'nginx', '--demo', '-o', 'table'];
    assert.match(run({ NO_COLOR: '1', FORCE_COLOR: '1' }, table).stdout, /\u001b\[/);
    assert.doesNotMatch(run({ NO_COLOR: '1', FORCE_COLOR: '' }, table).stdout, /\u001b\[/);
});

test('only that warning is dropped: any other Node warning is still printed', () => {
    const script = `await import(${JSON.stringify(resolve(root, 'dist/node-color-warning.js'))});
        process.emitWarning("The 'NO_COLOR' env is ignored due to the 'FORCE_COLOR' env being set.");
        process.emitWarning('something else');`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /Warning: something else/);
    assert.doesNotMatch(r.stderr, /NO_COLOR/);
});
