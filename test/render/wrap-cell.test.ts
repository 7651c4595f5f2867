import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wrapCell } from '../../src/render/wrap-cell.js';

const SGR = /\u001b\[[0-9;]*m/g;
const visible = (s: string) => s.replace(SGR, '');

test('a coloured cell wraps at the width counted without its colour codes, which are never cut', () => {
    const cell = '\u001b[33m1 warning\u001b[39m, 1 info';
    const lines = wrapCell(cell, 8).split('\n');
    assert.deepEqual(lines.map(visible), ['1 warnin', 'g, 1 inf', 'o']);
    for (const line of lines) assert.ok(!line.replace(SGR, '').includes('\u001b'), JSON.stringify(line));
    // The colour open at the cut is closed on the line and opened again on the next.
    assert.deepEqual(lines.slice(0, 2), ['\u001b[33m1 warnin\u001b[39m', '\u001b[33mg\u001b[39m, 1 inf']);
});

test('nested and re-opened colours (chalk) and a reset: each line opens and closes what it shows', () => {
    const cell = '\u001b[31mab\u001b[1mcd\u001b[22mef\u001b[39m\u001b[0mgh\u001b[32mij\u001b[m';
    const lines = wrapCell(cell, 3).split('\n');
    assert.deepEqual(lines.map(visible), ['abc', 'def', 'ghi', 'j']);
    assert.equal(lines[0], '\u001b[31mab\u001b[1mc\u001b[39m\u001b[22m');
    assert.equal(lines[1], '\u001b[31m\u001b[1md\u001b[22mef\u001b[39m\u001b[0m');
    assert.equal(lines[2], 'gh\u001b[32mi\u001b[39m');
    assert.equal(lines[3], '\u001b[32mj\u001b[m');
});

test('plain text wraps as cli-table3 wraps it: hard cuts, the blanks at a cut dropped', () => {
    assert.equal(wrapCell('abcdefgh ijk', 8), 'abcdefgh\nijk');
    assert.equal(wrapCell('short', 8), 'short');
    assert.equal(wrapCell('', 8), '');
});
