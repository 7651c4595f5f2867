import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { MAX_INPUT_BYTES, readFileText, readStreamText } from '../../../src/adapters/files/read-input.js';
import { SvcdigError } from '../../../src/errors.js';

test('stdin and files share one bound: the longest string V8 holds', () => {
    assert.ok(MAX_INPUT_BYTES >= 256 * 1024 * 1024, `${MAX_INPUT_BYTES}`);
});

test('a stream is read to its end, chunk by chunk, and decoded once (a character split across chunks stays whole)', async () => {
    const bytes = Buffer.from('a: café\n', 'utf8');
    const cut = bytes.indexOf(0xc3) + 1;
    assert.equal(await readStreamText(Readable.from([bytes.subarray(0, cut), bytes.subarray(cut)]), '<stdin>'), 'a: café\n');
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
        readStreamText(endless(), '<stdin>', 10_000),
        (e: unknown) => e instanceof SvcdigError && e.exitCode === 2 && /^<stdin>: too large to read \(over 10000 bytes\)$/.test(e.message),
    );
    assert.equal(pulled, 10, 'stops reading once over the bound');
});

test('a file longer than the bound is refused before it is read', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-read-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'big.yaml');
    writeFileSync(file, 'x'.repeat(2048));
    assert.equal(readFileText(file, 2048).length, 2048);
    assert.throws(() => readFileText(file, 2047), /big\.yaml: too large to read \(over 2047 bytes\)$/);
});
