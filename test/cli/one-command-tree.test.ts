/**
 * A run that starts with a command's name builds only that command (src/cli.ts programFor, for a faster start): its
 * help and its usage errors must be exactly those of the whole tree, which `svcdig help CMD`, leading flags and the
 * completions still use.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommanderError } from 'commander';
import { buildProgram, main } from '../../src/cli.js';
import { RunContext } from '../../src/context.js';
import type { Deps } from '../../src/deps.js';

function captured(): { deps: Deps; out: string[]; err: string[] } {
    const out: string[] = [];
    const err: string[] = [];
    const deps = { env: {}, stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) } } as unknown as Deps;
    return { deps, out, err };
}

/** What the whole tree prints for `argv` (none of these runs a command's action: each ends in help or an error). */
async function wholeTree(argv: string[]): Promise<{ stdout: string; stderr: string; error: string }> {
    const { deps, out, err } = captured();
    let error = 'none';
    try {
        await buildProgram(new RunContext(deps)).parseAsync(argv, { from: 'user' });
    } catch (e) {
        error = e instanceof CommanderError ? e.code : String(e);
    }
    return { stdout: out.join(''), stderr: err.join(''), error };
}

async function oneCommand(argv: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
    const { deps, out, err } = captured();
    const code = await main(argv, deps);
    return { stdout: out.join(''), stderr: err.join(''), code };
}

for (const verb of ['resolve', 'explain', 'env', 'check', 'shell']) {
    for (const rest of [['--help'], ['--nope'], ['--namespac', 'x'], ['-o'], ['-o', 'nope']]) {
        const argv = [verb, ...rest];
        test(`svcdig ${argv.join(' ')} prints what the whole command tree prints`, async () => {
            const whole = await wholeTree(argv);
            const one = await oneCommand(argv);
            assert.notEqual(whole.error, 'none', 'each case ends in help or a usage error');
            assert.equal(one.stdout, whole.stdout);
            assert.equal(one.stderr, whole.stderr);
            assert.equal(one.code, rest[0] === '--help' ? 0 : 2);
        });
    }
}
