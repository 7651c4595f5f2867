/** Output that cannot be written is a failure svcdig reports; a reader that closes the pipe early is not. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, openSync } from 'node:fs';
import { runBin } from '../helpers/run-bin.js';

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
