import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_INPUT_BYTES, readFileText } from '../../../src/adapters/files/read-input.js';

test('stdin and files share one bound: the longest string V8 holds', () => {
    assert.ok(MAX_INPUT_BYTES >= 256 * 1024 * 1024, `${MAX_INPUT_BYTES}`);
});

test('a file longer than the bound is refused before it is read', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-read-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'big.yaml');
    writeFileSync(file, 'x'.repeat(2048));
    assert.equal(readFileText(file, 2048).length, 2048);
    assert.throws(() => readFileText(file, 2047), /big\.yaml: too large to read \(over 2047 bytes\)$/);
});
