/**
 * A run that starts with a command's name builds only that command (src/cli.ts programFor, for a faster start): its
 * help and its usage errors must be exactly those of the whole tree, which `svcdig help CMD`, leading flags and the
 * completions still use. Root help and --version come from the commands' heads, without their flags: the same text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommanderError } from 'commander';
import { buildProgram, main } from '../../src/cli.js';
import { RunContext } from '../../src/context.js';
import type { Deps } from '../../src/deps.js';

/** `terminal`: both streams a terminal that wide (help wraps to it); `env`: svcdig's environment. */
function captured(opts: { env?: Record<string, string>; terminal?: number } = {}): { deps: Deps; out: string[]; err: string[] } {
    const out: string[] = [];
    const err: string[] = [];
    const tty = opts.terminal ? { isTTY: true, columns: opts.terminal } : {};
    const deps = {
        env: opts.env ?? {},
        stdout: { write: (s: string) => out.push(s), ...tty },
        stderr: { write: (s: string) => err.push(s), ...tty },
    } as unknown as Deps;
    return { deps, out, err };
}

/** What the whole tree prints for `argv` (none of these runs a command's action: each ends in help or an error). */
async function wholeTree(argv: string[], opts: Parameters<typeof captured>[0] = {}): Promise<{ stdout: string; stderr: string; error: string }> {
    const { deps, out, err } = captured(opts);
    let error = 'none';
    try {
        await buildProgram(new RunContext(deps)).parseAsync(argv, { from: 'user' });
    } catch (e) {
        error = e instanceof CommanderError ? e.code : String(e);
    }
    return { stdout: out.join(''), stderr: err.join(''), error };
}

async function oneCommand(argv: string[], opts: Parameters<typeof captured>[0] = {}): Promise<{ stdout: string; stderr: string; code: number }> {
    const { deps, out, err } = captured(opts);
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

for (const [name, opts] of [
    ['', {}],
    [' as the kubectl plugin', { env: { SVCDIG_AS_KUBECTL_PLUGIN: '1' } }],
    [' on a 50-column terminal', { terminal: 50 }],
] as const) {
    for (const argv of [['--help'], ['-h'], ['help'], ['--version']]) {
        test(`svcdig ${argv.join(' ')}${name} (the commands' heads only) prints what the whole command tree prints`, async () => {
            const whole = await wholeTree(argv, opts);
            const heads = await oneCommand(argv, opts);
            assert.match(
                whole.stdout,
                argv[0] === '--version'
                    ? /^\d+\.\d+\.\d+\n$/
                    : /^Usage: (kubectl )?svcdig \[options\] \[command\]\n[^]*\nCommands:\n {2}resolve \[options\] \[names\.\.\.\] /,
            );
            assert.equal(heads.stdout, whole.stdout);
            assert.equal(heads.stderr, whole.stderr);
            assert.equal(heads.code, 0);
        });
    }
    test(`svcdig with no arguments${name}: root help on stderr, as the whole tree's, exit 2`, async () => {
        const { deps } = captured(opts);
        const whole = buildProgram(new RunContext(deps)).helpInformation();
        const heads = await oneCommand([], opts);
        assert.equal(heads.stderr, whole);
        assert.equal(heads.stdout, '');
        assert.equal(heads.code, 2);
    });
}
