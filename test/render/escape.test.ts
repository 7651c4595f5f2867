/**
 * The output escaper (src/render/escape.ts) on its own: what human output shows, that only the Styler's own colours
 * become escape sequences, and that JSON and YAML keep any data exactly while writing nothing a terminal acts on.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { load } from 'js-yaml';
import { cellText, printable, terminalText, withLongWordsShortened } from '../../src/render/escape.js';
import { makeStyler } from '../../src/render/style.js';
import { renderJson, renderYaml } from '../../src/render/structured.js';
import { renderTable } from '../../src/render/table.js';
import { mulberry32 } from '../fuzz/prng.js';

const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/u;

test('printable: \\xHH of the UTF-8 bytes (one form a shell, C and JS read alike); svcdig’s own symbols and Latin-1 stay', () => {
    assert.equal(printable('a\u001b[2Jb'), 'a\\x1b[2Jb');
    assert.equal(printable('\u009b'), '\\xc2\\x9b');
    assert.equal(printable('x\u202ey'), 'x\\xe2\\x80\\xaey');
    assert.equal(printable('line\nnext\tcol\u0000'), 'line\\x0anext\\x09col\\x00');
    assert.equal(printable('café — a → b ≤ c … −1 ≥ 2'), 'café — a → b ≤ c … −1 ≥ 2');
    assert.equal(printable('\u00ad'), '\\xc2\\xad', 'the soft hyphen is invisible');
});

test('printable: a typed backslash that reads like an escape is escaped itself, so it never passes for a control character', () => {
    // The four characters \x1b typed by someone, and the one character ESC: two different outputs.
    assert.equal(printable('nginx\\x1b'), 'nginx\\x5cx1b');
    assert.equal(printable('nginx\u001b'), 'nginx\\x1b');
    assert.notEqual(printable('nginx\\x1b'), printable('nginx\u001b'));
    // Other backslashes stay: a dot inside a label as dns-packet presents it (RFC 1035 §5.1), a Windows-ish path.
    assert.equal(printable('a\\.b.example'), 'a\\.b.example');
    assert.equal(printable('C:\\xyz'), 'C:\\xyz');
});

test('terminalText keeps line breaks and tabs; a cell keeps neither', () => {
    assert.equal(terminalText('a\tb\nc\u0007'), 'a\tb\nc\\x07');
    assert.equal(cellText('a\tb\nc'), 'a\\x09b\\x0ac');
});

test('colour on: the Styler’s colours survive, the same sequences from data do not', () => {
    const s = makeStyler(1);
    const forged = '\u001b[31mFAIL\u001b[39m';
    const out = terminalText(`${s.bad('error')} ${forged} ${s.ok(`ok ${forged}`)}`);
    assert.equal(out, '\u001b[31merror\u001b[39m \\x1b[31mFAIL\\x1b[39m \u001b[32mok \\x1b[31mFAIL\\x1b[39m\u001b[39m');
    // the marks a Styler uses cannot be spelt by data: a private-use character from data is escaped
    assert.equal(terminalText('\ue000abc31\ue001'), '\\xee\\x80\\x80abc31\\xee\\x80\\x81');
    // tables lay coloured cells out and hand them back for the final pass
    const table = renderTable([{ header: 'A', cell: (r: string, st) => st.warn(r) }], [forged], { wide: false, headers: true, styler: s });
    assert.equal(terminalText(table), 'A\n\u001b[33m\\x1b[31mFAIL\\x1b[39m\u001b[39m\n');
});

/** Strings made of the characters that break things: controls, bidi, quotes, colons, dashes, line breaks. */
function hostileString(rng: ReturnType<typeof mulberry32>): string {
    const parts = [
        'a',
        'Z',
        ' ',
        ':',
        ': ',
        '- ',
        '-',
        '"',
        "'",
        '\\',
        '#',
        '\n',
        '\t',
        '\u0000',
        '\u001b[31m',
        '\u0007',
        '\u007f',
        '\u0085',
        '\u009b',
        '\u00ad',
        '\u200b',
        '\u202e',
        '\u2066',
        '\u2069',
        '\u2028',
        '\ufeff',
        'é',
        '→',
        '{',
        '[',
        '&',
        '*',
        '!',
        '?',
        '|',
        '>',
    ];
    return Array.from({ length: rng.int(8) }, () => parts[rng.int(parts.length)]!).join('');
}

test('JSON and YAML: exact data, nothing raw, for 3,000 random hostile documents (keys and values)', () => {
    const rng = mulberry32(12);
    for (let i = 0; i < 3000; i++) {
        const doc: Record<string, unknown> = { kind: 'X' };
        for (let k = 0; k < 4; k++)
            doc[hostileString(rng)] = rng.chance(0.5) ? hostileString(rng) : [hostileString(rng), { [hostileString(rng)]: hostileString(rng) }];
        const json = renderJson(doc);
        assert.doesNotMatch(json, RAW);
        assert.deepEqual(JSON.parse(json), doc);
        const yaml = renderYaml(doc);
        assert.doesNotMatch(yaml, RAW, yaml);
        assert.deepEqual(load(yaml), doc, yaml);
    }
});

test('message lines: a word over 240 characters shown by its ends, a surrogate pair never cut, shorter words as they are', () => {
    const word = 'x'.repeat(240);
    assert.equal(withLongWordsShortened(`error: "${word.slice(2)}"`), `error: "${word.slice(2)}"`);
    const emoji = '\u{1F600}'.repeat(300); // 300 code points, 600 UTF-16 units
    const short = withLongWordsShortened(`bad ${emoji} here`);
    assert.equal(short, `bad ${'\u{1F600}'.repeat(100)}…(188 more characters)…${'\u{1F600}'.repeat(12)} here`);
    assert.doesNotMatch(short, /[\ud800-\udbff](?![\udc00-\udfff])/, 'no lone high surrogate');
});
