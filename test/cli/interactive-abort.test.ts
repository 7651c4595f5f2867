/** Ctrl-C and Ctrl-D at the Service picker (explain without SERVICE on a terminal) end svcdig quietly, exit 130. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { runCli } from '../helpers/run-cli.js';
import { BIN } from '../helpers/run-bin.js';
import { tmux, tmuxQuiet } from '../kit/tmux.js';

/** Runs `explain --demo` in a real terminal (tmux), presses `key` at the prompt; returns the screen (with the exit status). */
function pressAtPicker(key: string): string {
    const session = `svcdig-abort-${process.pid}-${Date.now()}`;
    const cmd = `${process.execPath} ${BIN} explain --demo; echo "EXIT=$?"; sleep 5`;
    tmux(['new-session', '-d', '-s', session, '-x', '120', '-y', '30', cmd]);
    try {
        const pause = (ms: number) => spawnSync('sleep', [String(ms / 1000)]);
        const screen = () => tmux(['capture-pane', '-p', '-t', session], { encoding: 'utf8' });
        for (let waited = 0; waited < 10_000 && !screen().includes('Choose a Service'); waited += 100) pause(100);
        tmux(['send-keys', '-t', session, key]);
        for (let waited = 0; waited < 5_000 && !screen().includes('EXIT='); waited += 100) pause(100);
        return screen();
    } finally {
        tmuxQuiet(['kill-session', '-t', session]);
    }
}

for (const [key, name] of [
    ['C-c', 'Ctrl-C'],
    ['C-d', 'Ctrl-D'],
] as const) {
    test(`in a real terminal (tmux): ${name} at the Service picker exits 130 with nothing but the picker on the screen`, () => {
        const screen = pressAtPicker(key);
        assert.match(screen, /Choose a Service \[1-3 or a name\]: *\nEXIT=130\n/);
        assert.doesNotMatch(screen, /error|Error|Aborted|\n\s+at /);
    });
}

test('a prompt ended with Ctrl-C or Ctrl-D (prompt gives null): exit 130, nothing on stdout, no error line', async () => {
    const r = await runCli(['explain', '--demo'], { tty: true, answers: [null] });
    assert.equal(r.code, 130);
    assert.equal(r.stdout, '');
    assert.doesNotMatch(r.stderr, /error/);
});
