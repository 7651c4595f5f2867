/**
 * The build loads chalk and cli-table3 on first use (scripts/build-plugins.mjs LAZY): in a real terminal, coloured and
 * too narrow for the table (so cli-table3 wraps the cells), the built bin/svcdig.js prints exactly what the sources
 * print.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const ARGS = ['explain', 'nginx', '--demo', '-o', 'wide'];

/** `command` in its own tmux server, 60 columns wide, under a colour TERM; the pane with escape sequences, lines joined. */
function pane(command: string, t: { after(fn: () => void): void }): string {
    const socket = `svcdig-lazy-${process.pid}-${Date.now()}`;
    t.after(() => void spawnSync('tmux', ['-L', socket, 'kill-server']));
    const cmd = `cd ${ROOT} && env -u NO_COLOR -u FORCE_COLOR TERM=xterm-256color ${command}; echo EXIT $?; sleep 30`;
    execFileSync('tmux', ['-L', socket, '-f', '/dev/null', 'new-session', '-d', '-x', '60', '-y', '40', 'bash', '--norc', '-c', cmd]);
    for (let i = 0; i < 200; i++) {
        const text = execFileSync('tmux', ['-L', socket, 'capture-pane', '-e', '-J', '-p'], { encoding: 'utf8' });
        if (/EXIT \d+/.test(text)) return text;
        spawnSync('sleep', ['0.1']);
    }
    throw new Error(`${command} did not finish in the terminal`);
}

test('in a narrow colour terminal the bundle (chalk and cli-table3 loaded on first use) prints what the sources print', (t) => {
    const built = pane(`${process.execPath} bin/svcdig.js ${ARGS.join(' ')}`, t);
    const script = `import('./src/cli.ts').then((m) => m.runFromProcess(${JSON.stringify(ARGS)}))`;
    const sources = pane(`${process.execPath} --import tsx -e "${script.replaceAll('"', '\\"')}"`, t);
    assert.match(built, /EXIT 0/);
    assert.ok(built.includes('\u001b['), 'coloured (chalk)');
    assert.match(built, /^NAMESPAC\S*\s+NAME\s+TYPE/m, 'the header, wrapped in its column (cli-table3)');
    assert.doesNotMatch(built, /internal error/);
    assert.equal(built, sources);
});
