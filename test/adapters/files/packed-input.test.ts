/**
 * src/adapters/files/packed-input.ts: what can be read only once (stdin, a named pipe) is held in deflated blocks and
 * read back a piece at a time or whole, byte for byte; the bound on one input holds as it arrives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { packStream, packText } from '../../../src/adapters/files/packed-input.js';
import { parseInput, parseObjects } from '../../../src/adapters/files/load-objects.js';
import { SvcdigError } from '../../../src/errors.js';

const piecesOf = (next: () => string | undefined) => {
    const out: string[] = [];
    for (let p = next(); p !== undefined; p = next()) out.push(p);
    return out;
};

test('a stream is read to its end, chunk by chunk, and decoded once (a character split across chunks stays whole)', async () => {
    const bytes = Buffer.from('a: café\n', 'utf8');
    const cut = bytes.indexOf(0xc3) + 1;
    assert.equal((await packStream(Readable.from([bytes.subarray(0, cut), bytes.subarray(cut)]), '<stdin>')).text(), 'a: café\n');
});

test('several blocks: the pieces join to the text, none holds half a character, and it is held in far less', async () => {
    // 3 MiB of two-byte characters in chunks of an odd size, so characters straddle chunks and blocks
    const text = 'é'.repeat(3 * 2 ** 19) + '\nend: ☃\n';
    const bytes = Buffer.from(text, 'utf8');
    const chunks = Array.from({ length: Math.ceil(bytes.length / 65_537) }, (_, i) => bytes.subarray(i * 65_537, (i + 1) * 65_537));
    const input = await packStream(Readable.from(chunks), '<stdin>');
    assert.equal(input.bytes, bytes.length);
    const pieces = piecesOf(input.pieces());
    assert.ok(pieces.length >= 3, `${pieces.length} pieces`);
    assert.ok(
        pieces.every((p) => !p.includes('\ufffd')),
        'no character decoded in halves',
    );
    assert.equal(pieces.join(''), text);
    assert.equal(input.text(), text, 'and whole, again');
    const held = (input as unknown as { blocks: Uint8Array[] }).blocks.reduce((n, b) => n + b.length, 0);
    assert.ok(held < bytes.length / 20, `${held} bytes held for ${bytes.length}`);
});

test('a stream longer than the bound is a usage error naming it, at the first chunk past it', async () => {
    let pulled = 0;
    async function* endless() {
        for (;;) {
            pulled++;
            yield Buffer.alloc(1024, 0x61);
        }
    }
    await assert.rejects(
        packStream(endless(), '<stdin>', 10_000),
        (e: unknown) => e instanceof SvcdigError && e.exitCode === 2 && /^<stdin>: too large to read \(over 10000 bytes\)$/.test(e.message),
    );
    assert.equal(pulled, 10, 'stops reading once over the bound');
});

test('parseInput gives what parseObjects gives of the same text: a List by parts, other shapes whole', () => {
    const list = JSON.stringify({ kind: 'List', items: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'a', namespace: 'x' }, spec: {} }] }, null, 4);
    const array = JSON.stringify([{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'b', namespace: 'x' }, spec: {} }]);
    for (const text of [list, array, 'kind: Service\nmetadata: {name: c}\n---\nkind: Pod\n']) {
        assert.deepEqual(parseInput(packText(text, '<stdin>'), '<stdin>'), parseObjects(text, '<stdin>'));
    }
});
