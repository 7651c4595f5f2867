import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { ROOT } from '../helpers/run-bin.js';

const ESC = '\u001b[';
const coloured = (text: string) => text.includes(ESC);
/** A terminal's environment with none of the colour variables set. */
const plainTerminal = { NO_COLOR: undefined, FORCE_COLOR: undefined, TERM: 'xterm-256color' };

test('--color=auto|always|never and --no-color, on a terminal and into a pipe', async () => {
    const run = (args: string[], tty: boolean, env: Record<string, string | undefined> = {}) =>
        runCli(['check', '--demo', ...args], { tty, env: { ...plainTerminal, ...env } });
    assert.ok(coloured((await run([], true)).stdout), 'auto colours a terminal');
    assert.ok(coloured((await run(['--color', 'auto'], true)).stdout));
    assert.ok(!coloured((await run([], false)).stdout), 'auto leaves a pipe plain');
    assert.ok(coloured((await run(['--color=always'], false)).stdout), 'always colours a pipe too');
    assert.ok(!coloured((await run(['--color', 'never'], true)).stdout));
    assert.ok(!coloured((await run(['--no-color'], true)).stdout), '--no-color is --color never');
    assert.ok(!coloured((await run([], true, { TERM: 'dumb' })).stdout), 'TERM=dumb: no colour under auto');
    assert.ok(coloured((await run(['--color', 'always'], true, { TERM: 'dumb' })).stdout), 'the flag wins over TERM=dumb');
    assert.ok(!coloured((await run([], true, { NO_COLOR: '1' })).stdout), 'NO_COLOR');
    assert.ok(coloured((await run(['--color', 'always'], true, { NO_COLOR: '1' })).stdout), 'the flag wins over NO_COLOR');
    assert.ok(coloured((await run([], false, { FORCE_COLOR: '1' })).stdout), 'FORCE_COLOR colours a pipe');
    assert.ok(!coloured((await run(['--color', 'never'], false, { FORCE_COLOR: '1' })).stdout), 'the flag wins over FORCE_COLOR');
});

test('--color takes only auto, always or never: a usage error otherwise, exit 2', async () => {
    const r = await runCli(['check', '--demo', '--color', 'yes']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--color <when>.*'yes' is invalid.*auto, always, never/);
    // every command that prints for a person takes it
    for (const argv of [
        ['resolve', 'nginx'],
        ['explain', 'nginx'],
        ['env', '-o', 'table'],
    ]) {
        const ok = await runCli([...argv, '--demo', '--color', 'always']);
        assert.ok(coloured(ok.stdout), argv.join(' '));
    }
});

test('formats read by programs are never coloured, even with --color always (README: Colour)', async () => {
    const runs = [
        ...['json', 'yaml', 'dig'].map((f) => ['resolve', 'nginx', '-o', f]),
        ...['dotenv', 'shell', 'json'].map((f) => ['env', '-o', f]),
        ['check', '-o', 'github'],
    ];
    for (const argv of runs) {
        const r = await runCli([...argv, '--demo', '--color', 'always'], { tty: true, env: plainTerminal });
        assert.ok(r.stdout.length > 0 && !coloured(r.stdout), argv.join(' '));
    }
});

/** svcdig in a real terminal (its own tmux server) with `env`; the pane as captured with its escape sequences (-e). */
function paneWith(env: string, t: { after(fn: () => void): void }): string {
    const socket = `svcdig-color-${process.pid}-${Date.now()}`;
    t.after(() => void spawnSync('tmux', ['-L', socket, 'kill-server']));
    const cmd = `env -u NO_COLOR -u FORCE_COLOR ${env} ${process.execPath} ${resolve(ROOT, 'bin/svcdig.js')} check --demo; echo EXIT $?; sleep 30`;
    execFileSync('tmux', ['-L', socket, '-f', '/dev/null', 'new-session', '-d', '-x', '200', '-y', '30', 'bash', '--norc', '-c', cmd]);
    for (let i = 0; i < 100; i++) {
        const pane = execFileSync('tmux', ['-L', socket, 'capture-pane', '-e', '-p'], { encoding: 'utf8' });
        if (/EXIT \d+/.test(pane)) return pane;
        spawnSync('sleep', ['0.1']);
    }
    throw new Error('svcdig did not finish in the terminal');
}

test('in a real terminal (tmux): colour under TERM=xterm-256color, none under TERM=dumb', (t) => {
    const colourTerm = paneWith('TERM=xterm-256color', t);
    assert.match(colourTerm, /EXIT 1/);
    assert.ok(colourTerm.includes(ESC), 'a colour terminal gets escape sequences (the pane as captured with -e)');
    const dumb = paneWith('TERM=dumb', t);
    assert.match(dumb, /EXIT 1/);
    assert.match(dumb, /NAMESPACE\s+SERVICE\s+RECORDS/);
    assert.ok(!dumb.includes('\u001b'), `no escape sequence on a dumb terminal:\n${JSON.stringify(dumb.slice(0, 400))}`);
});

test('a coloured cell wrapped in a narrow terminal keeps its colour codes whole (was: a cut \\x1b[39m shown as text)', async () => {
    const r = await runCli(['explain', 'nginx', '--demo', '-o', 'wide', '--color', 'always'], { tty: true, columns: 60, env: plainTerminal });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.includes(ESC), 'coloured');
    assert.ok(!r.stdout.includes('\\x1b'), `no escaped ESC as text:\n${r.stdout}`);
    const lines = r.stdout.split('\n');
    for (const line of lines) {
        assert.ok(!line.replace(/\u001b\[[0-9;]*m/g, '').includes('\u001b'), `only whole SGR sequences: ${JSON.stringify(line)}`);
        // each line stands alone: a colour it opens, it closes
        assert.equal((line.match(/\u001b\[33m/g) ?? []).length, (line.match(/\u001b\[39m/g) ?? []).length, JSON.stringify(line));
    }
    // the wrapped FINDINGS cell reads, top to bottom, as the one-line cell does
    const wide = await runCli(['explain', 'nginx', '--demo', '-o', 'wide', '--color', 'never'], { tty: false });
    assert.match(wide.stdout, /1 warning, 1 info/);
    const plain = r.stdout.replace(/\u001b\[[0-9;]*m/g, '');
    const findingsAt = plain.split('\n')[0]!.indexOf('FINDINGS');
    const findings = plain
        .split('\n')
        .slice(1)
        .map((l) => l.slice(findingsAt, findingsAt + 8).trimEnd())
        .join('');
    assert.equal(findings, '1 warning, 1 info', plain);
});
