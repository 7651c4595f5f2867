import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const GOLDEN_DIR = resolve(import.meta.dirname, '../golden');

/**
 * Compares `actual` with test/golden/<path> byte for byte. UPDATE_GOLDEN=1 rewrites the file instead; review the
 * diff (git diff test/golden) before committing, since a golden file is only as right as the eyes that read it.
 */
export function assertGolden(path: string, actual: string): void {
    const file = resolve(GOLDEN_DIR, path);
    if (process.env.UPDATE_GOLDEN === '1') {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, actual);
        return;
    }
    assert.ok(existsSync(file), `missing golden file ${path} (run with UPDATE_GOLDEN=1 and review it)`);
    assert.equal(actual, readFileSync(file, 'utf8'), `output differs from golden file ${path}`);
}
