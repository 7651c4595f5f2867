import { test } from 'node:test';
import assert from 'node:assert/strict';
import { colorLevel, type ColorWhen } from '../../src/render/style.js';

type Env = Record<string, string | undefined>;

// The policy (README: Colour): --color > FORCE_COLOR / NO_COLOR > TERM=dumb > stdout is a terminal.
const CASES: [string, ColorWhen | false, Env, boolean, number][] = [
    // auto: a terminal gets colour, a pipe does not
    ['auto, terminal', 'auto', {}, true, 1],
    ['auto, pipe', 'auto', {}, false, 0],
    ['auto, TERM=xterm-256color, terminal', 'auto', { TERM: 'xterm-256color' }, true, 1],
    // TERM=dumb: a terminal that takes no escape sequences
    ['auto, TERM=dumb, terminal', 'auto', { TERM: 'dumb' }, true, 0],
    ['always, TERM=dumb', 'always', { TERM: 'dumb' }, true, 1],
    ['FORCE_COLOR=1, TERM=dumb', 'auto', { TERM: 'dumb', FORCE_COLOR: '1' }, false, 1],
    // NO_COLOR: any non-empty value
    ['NO_COLOR=1, terminal', 'auto', { NO_COLOR: '1' }, true, 0],
    ['NO_COLOR=0 (any non-empty value), terminal', 'auto', { NO_COLOR: '0' }, true, 0],
    ['NO_COLOR empty, terminal', 'auto', { NO_COLOR: '' }, true, 1],
    ['NO_COLOR=1, --color always', 'always', { NO_COLOR: '1' }, false, 1],
    // FORCE_COLOR: colour into a pipe, with its depth; 0/false turn it off; empty says nothing
    ['FORCE_COLOR=1, pipe', 'auto', { FORCE_COLOR: '1' }, false, 1],
    ['FORCE_COLOR=3, pipe', 'auto', { FORCE_COLOR: '3' }, false, 3],
    ['FORCE_COLOR=true, pipe', 'auto', { FORCE_COLOR: 'true' }, false, 1],
    ['FORCE_COLOR=0, terminal', 'auto', { FORCE_COLOR: '0' }, true, 0],
    ['FORCE_COLOR=false, terminal', 'auto', { FORCE_COLOR: 'false' }, true, 0],
    ['FORCE_COLOR empty, pipe', 'auto', { FORCE_COLOR: '' }, false, 0],
    // FORCE_COLOR wins over NO_COLOR, as in Node (nodejs.org/api/cli.html#force_color1-2-3)
    ['FORCE_COLOR=1 and NO_COLOR=1, pipe', 'auto', { FORCE_COLOR: '1', NO_COLOR: '1' }, false, 1],
    // the flag wins over everything
    ['never, FORCE_COLOR=1, terminal', 'never', { FORCE_COLOR: '1' }, true, 0],
    ['--no-color, FORCE_COLOR=1, terminal', false, { FORCE_COLOR: '1' }, true, 0],
    ['always, pipe', 'always', {}, false, 1],
    ['always, FORCE_COLOR=2 (the depth it names)', 'always', { FORCE_COLOR: '2' }, false, 2],
    ['always, FORCE_COLOR=0', 'always', { FORCE_COLOR: '0' }, false, 1],
];

for (const [what, color, env, isTTY, level] of CASES) {
    test(`colour policy: ${what} → level ${level}`, () => {
        assert.equal(colorLevel({ color, env, isTTY }), level);
    });
}
