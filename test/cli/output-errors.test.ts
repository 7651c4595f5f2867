/** Output that cannot be written is a failure svcdig reports; a reader that closes the pipe early is not. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, openSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BIN, ROOT, runBin } from '../helpers/run-bin.js';
import { liveScenario } from '../kit/live-scenario.js';

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
