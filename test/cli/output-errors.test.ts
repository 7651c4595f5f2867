/** Output that cannot be written is a failure svcdig reports; a reader that closes the pipe early is not. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, constants, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { BIN, ROOT, runBin } from '../helpers/run-bin.js';
import { liveScenario } from '../kit/live-scenario.js';
import { generateCluster } from '../kit/generate-cluster.js';

const run = promisify(execFile);

for (const argv of [
    ['env', '--demo'],
    ['resolve', 'nginx-public', '--demo', '--expected-only'],
    // check restarts itself (bin/svcdig.js): the child's failure is the exit status too
    ['check', '-A', '--demo', '--expected-only'],
]) {
    test(`svcdig ${argv.join(' ')} > /dev/full: one line on stderr and exit 74`, async (t) => {
        const full = openSync('/dev/full', 'w');
        t.after(() => closeSync(full));
        const r = await runBin(argv, { stdoutFd: full });
        assert.equal(r.code, 74, r.stderr);
        assert.equal(r.stderr, 'error: cannot write output: ENOSPC: no space left on device, write\n');
    });
}

/** `script` in bash with pipefail (asynchronously: a fake API server may run in this process): its status and PIPESTATUS[0]. */
async function shell(script: string): Promise<{ status: number; svcdig: number; out: string }> {
    const { stdout } = await run('bash', ['-c', `set -o pipefail; ${script}; echo "status $? \${PIPESTATUS[0]}"`], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
    });
    const [, status, svcdig] = /status (\d+) (\d+)\n$/.exec(stdout) ?? [];
    return { status: Number(status), svcdig: Number(svcdig), out: stdout.replace(/status \d+ \d+\n$/, '') };
}
const SVCDIG = `"${process.execPath}" "${BIN}"`;
const statusOf = async (script: string) => {
    const { status, svcdig } = await shell(script);
    return { status, svcdig };
};

test('stderr into a reader that is gone: the run keeps its own exit status (no uncaught EPIPE, exit 1)', async () => {
    // the reader closes before svcdig writes its usage error: a usage error stays exit 2
    assert.deepEqual(await statusOf(`${SVCDIG} resolve 2>&1 >/dev/null | true`), { status: 2, svcdig: 2 });
    assert.deepEqual(await statusOf(`${SVCDIG} resolve 2>&1 | head -1 >/dev/null`), { status: 2, svcdig: 2 });
});

test('svcdig -v against a live cluster, 2>&1 | head -1: the traces after the first line find the pipe closed, exit 0', async (t) => {
    const c = await liveScenario(t);
    const cmd = `${SVCDIG} -v explain nginx --kubeconfig "${c.kubeconfig}"`;
    assert.equal((await shell(`${cmd} >/dev/null 2>&1`)).svcdig, 0, 'explain nginx has no error finding: exit 0');
    for (let i = 0; i < 3; i++) assert.deepEqual(await statusOf(`${cmd} 2>&1 | head -1 >/dev/null`), { status: 0, svcdig: 0 });
    // the first line is -v's trace (on stderr), so head -1 closed the pipe while svcdig still had traces to write
    assert.match((await shell(`${cmd} 2>&1 | head -1`)).out, /^svcdig: context "fake"/);
});

test('stderr that cannot be written (2> /dev/full): exit 74, as for stdout', async () => {
    assert.deepEqual(await statusOf(`${SVCDIG} resolve 2>/dev/full`), { status: 74, svcdig: 74 });
});

/**
 * svcdig writes a pipe with write(2) (src/std-output.ts). A pipe another program made non-blocking fills up while its
 * reader is slow (EAGAIN): what is left goes through Node's stream, which waits for the reader, so nothing is lost.
 * The pipe is a FIFO opened O_NONBLOCK, handed to svcdig by sh as its stdout (a Node parent would make its stdout
 * blocking again: libuv clears O_NONBLOCK on a child's fds 0–2, but not on fd 3); `cat` starts reading only after a
 * second, when the 2.5 MB report has long filled the pipe's 64 kB. `check` runs without restarting itself
 * (bin/svcdig.js), since its restart is such a Node parent.
 */
test('stdout a non-blocking pipe with a slow reader: the whole output arrives, in order', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-nonblock-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const cluster = join(dir, 'cluster.json');
    const items = generateCluster({ services: 100, pods: 1000 }).objects;
    writeFileSync(cluster, JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
    const args = ['check', '-A', '-f', cluster, '--expected-only', '-o', 'json'];
    const fifo = join(dir, 'out');
    await run('mkfifo', [fifo]);
    // a reader first, so that the writer's non-blocking open succeeds; it never reads (cat gets everything)
    const keepOpen = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const writer = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
    const reader = run('sh', ['-c', `sleep 1; exec cat "${fifo}"`], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const env = { ...process.env, NO_COLOR: '1', SVCDIG_RESTARTED: '1' };
    const svcdig = new Promise<number | null>((done) =>
        spawn('sh', ['-c', 'exec "$0" "$@" >&3 3>&-', process.execPath, BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit', writer] }).on(
            'close',
            done,
        ),
    );
    closeSync(writer);
    assert.equal(await svcdig, 0);
    closeSync(keepOpen);
    const direct = await runBin(args);
    const untimed = (text: string) => text.replace(/"(startedAt|elapsedMs)": [^,\n]+/g, '"$1": _');
    const { stdout } = await reader;
    assert.ok(stdout.length > 1_000_000, `${stdout.length} bytes`);
    assert.equal(untimed(stdout), untimed(direct.stdout));
});
