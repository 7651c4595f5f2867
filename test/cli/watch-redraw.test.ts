/** --watch's redraw: the screen is cleared only where the terminal takes cursor control (render/style.ts cursorControl). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunContext } from '../../src/context.js';
import type { Deps } from '../../src/deps.js';
import { watchLoop } from '../../src/commands/common/interactive.js';

/** Two rounds whose text differs, on a stdout that is a terminal with `env`; what was written. */
async function twoRounds(env: Record<string, string | undefined>): Promise<string> {
    let out = '';
    let sleeps = 1;
    const deps = {
        stdout: { write: (t: string) => void (out += t), isTTY: true },
        stderr: { write: () => {}, isTTY: true },
        env,
        now: () => new Date('2026-11-23T00:00:00Z'),
        sleep: async () => sleeps-- > 0,
    } as unknown as Deps;
    const texts = ['a\n', 'b\n'];
    await watchLoop(new RunContext(deps), 10, async () => texts.shift() ?? 'b\n');
    return out;
}

test('--watch on a terminal clears the screen before a changed round', async () => {
    const out = await twoRounds({ TERM: 'xterm-256color' });
    assert.ok(out.includes('\u001b[2J\u001b[H'), JSON.stringify(out));
    assert.match(out, /— changed \(.*round 1\) —\n» b/);
});

test('--watch on TERM=dumb: no escape sequence, the changed round is appended', async () => {
    const out = await twoRounds({ TERM: 'dumb' });
    assert.ok(!out.includes('\u001b'), JSON.stringify(out));
    assert.match(out, /^a\n\n— changed \(.*round 1\) —\n» b/);
});
