/** explain's spinner in a real terminal (tmux): drawn where the terminal takes cursor control, never on TERM=dumb. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BIN, ROOT } from '../helpers/run-bin.js';
import { tmux, tmuxQuiet } from '../kit/tmux.js';

const ESC = '\u001b';
const SPINNER_FRAME = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;

/**
 * `svcdig explain nginx --demo -o table` in a tmux pane with `env` (the colour variables unset first). Returns the
 * bytes svcdig wrote to the terminal (tmux pipe-pane: the raw stream, before tmux interprets it) and the screen as
 * captured with its attributes (capture-pane -e).
 */
async function explainInTerminal(env: string, t: { after(fn: () => void): void }): Promise<{ raw: string; screen: string }> {
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-spinner-'));
    const session = `spinner-${process.pid}-${Date.now()}`;
    t.after(() => {
        tmuxQuiet(['kill-session', '-t', session]);
        rmSync(dir, { recursive: true, force: true });
    });
    const go = join(dir, 'go');
    const raw = join(dir, 'raw');
    // svcdig starts only once pipe-pane records, so that its first bytes are in the record too
    const cmd = `while [ ! -e ${go} ]; do sleep 0.05; done; env -u NO_COLOR -u FORCE_COLOR ${env} "${process.execPath}" "${BIN}" explain nginx --demo -o table; echo EXIT $?; sleep 30`;
    tmux(['new-session', '-d', '-s', session, '-x', '200', '-y', '50', '-c', ROOT, 'bash', '--norc', '-c', cmd]);
    tmux(['pipe-pane', '-o', '-t', session, `cat >> ${raw}`]);
    writeFileSync(go, '');
    for (let i = 0; i < 200; i++) {
        if (existsSync(raw) && /EXIT \d+/.test(readFileSync(raw, 'utf8'))) {
            const screen = tmux(['capture-pane', '-e', '-p', '-t', session]);
            return { raw: readFileSync(raw, 'utf8'), screen };
        }
        await sleep(100);
    }
    throw new Error('svcdig did not finish in the terminal');
}

test('a terminal that takes escape sequences gets the spinner on stderr (drawn, then erased)', async (t) => {
    const { raw, screen } = await explainInTerminal('TERM=xterm-256color', t);
    assert.match(raw, /EXIT 0/);
    assert.match(raw, SPINNER_FRAME, 'a spinner frame was drawn');
    assert.ok(raw.includes(`${ESC}[K`), 'and erased with erase-in-line');
    assert.match(screen, /NAME\s+TYPE\s+CLUSTER-IP/);
    assert.doesNotMatch(screen, SPINNER_FRAME, 'nothing of it stays on the screen');
});

test('TERM=dumb (README: Colour): no spinner, and not one escape sequence in what svcdig writes', async (t) => {
    const { raw, screen } = await explainInTerminal('TERM=dumb', t);
    assert.match(raw, /EXIT 0/);
    assert.match(screen, /NAME\s+TYPE\s+CLUSTER-IP/);
    assert.ok(!raw.includes(ESC), `no escape sequence written to a dumb terminal:\n${JSON.stringify(raw.slice(0, 300))}`);
    assert.doesNotMatch(raw, SPINNER_FRAME);
    assert.ok(!screen.includes(ESC), 'nor on its screen (capture-pane -e)');
});

test('NO_COLOR leaves the spinner (it is not colour) but takes the colour away', async (t) => {
    const { raw } = await explainInTerminal('TERM=xterm-256color NO_COLOR=1', t);
    assert.match(raw, /EXIT 0/);
    assert.match(raw, SPINNER_FRAME);
    assert.ok(!raw.replaceAll(`${ESC}[K`, '').includes(ESC), "the spinner's erase-in-line is its only escape sequence");
});
