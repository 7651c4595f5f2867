import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { tmux, tmuxQuiet } from '../kit/tmux.js';

const root = resolve(import.meta.dirname, '../..');

test('off a terminal, explain without a SERVICE is a usage error, exit 2', async () => {
    const r = await runCli(['explain', '--demo']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /explain needs a SERVICE name/);
});

test("on a terminal, explain without a SERVICE offers the namespace's Services and explains the one chosen", async () => {
    const r = await runCli(['explain', '--demo'], { tty: true, answers: ['2'] });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Services in default:\n\s+1\) kubernetes\n\s+2\) nginx\n\s+3\) nginx-public\n/);
    assert.match(r.stdout, /^Name:\s+nginx$/m);
});

test('the choice also takes a name, and gives up after an empty answer', async () => {
    const byName = await runCli(['explain', '--demo'], { tty: true, answers: ['nginx-public'] });
    assert.match(byName.stdout, /^Name:\s+nginx-public$/m);
    const none = await runCli(['explain', '--demo'], { tty: true, answers: [''] });
    assert.equal(none.code, 2);
});

test('--watch re-renders only when something changed, and stops on Ctrl-C', async () => {
    const r = await runCli(['explain', 'nginx', '--demo', '--watch'], { sleeps: 2 });
    assert.equal(r.code, 0);
    // the demo does not change, so one rendering and no "changed" marker
    assert.equal(r.stdout.match(/^Name:/gm)?.length, 1);
    assert.doesNotMatch(r.stdout, /changed/);
});

/** Runs svcdig in a real terminal (tmux), types `keys`, and returns the screen. */
function inTmux(args: string, keys: string[], waitMs = 1500): string {
    const session = `svcdig-${process.pid}-${Date.now()}`;
    const cmd = `${process.execPath} ${resolve(root, 'bin/svcdig.js')} ${args}; sleep 5`;
    tmux(['new-session', '-d', '-s', session, '-x', '160', '-y', '50', cmd]);
    try {
        const pause = (ms: number) => spawnSync('sleep', [String(ms / 1000)]);
        pause(waitMs);
        for (const k of keys) {
            tmux(['send-keys', '-t', session, k]);
            pause(700);
        }
        return tmux(['capture-pane', '-p', '-S', '-', '-t', session], { encoding: 'utf8' });
    } finally {
        tmuxQuiet(['kill-session', '-t', session]);
    }
}

test('in a real terminal (tmux): the Service choice is typed and the explanation appears', () => {
    const screen = inTmux('explain --demo', ['3', 'Enter']);
    assert.match(screen, /Choose a Service \[1-3 or a name\]: 3/);
    assert.match(screen, /Name:\s+nginx-public/);
});

test('in a real terminal (tmux): --watch shows the side-by-side and Ctrl-C ends it', () => {
    const screen = inTmux('resolve web-0.nginx --demo --watch', ['C-c']);
    assert.match(screen, /web-0\.nginx A .* MATCH/);
});
