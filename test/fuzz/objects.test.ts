/**
 * A fixed-seed slice of the object fuzzer (test/fuzz/objects.ts; the full run is `npm run fuzz`, ≥ 100,000 cases):
 * typed mutations of a valid cluster through the loader, the shape check, the engine and the renderers of every
 * read-only command. None may crash or end with an undocumented exit code.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fuzzObjects } from './objects.js';

test('object fuzz, seed 12, 600 cases: no crash, documented exit codes only', async () => {
    const stats = await fuzzObjects(12, 0, 600);
    assert.equal(stats.cases, 600);
    assert.deepEqual(
        stats.failures.slice(0, 5).map((f) => `case ${f.index} (${f.argv.join(' ')}; ${f.recipe.join(' | ')}): ${f.message}`),
        [],
    );
    // The slice reaches the engine, not only the shape check: some cases must have been answered.
    assert.ok((stats.byCode.get(0) ?? 0) + (stats.byCode.get(1) ?? 0) > 30, JSON.stringify([...stats.byCode]));
});
