import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manifestPaths } from '../../../src/adapters/files/manifest-paths.js';
import { SvcdigError } from '../../../src/errors.js';

function tree(t: { after: (fn: () => void) => void }, files: string[]): string {
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-manifests-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    for (const f of files) {
        mkdirSync(join(dir, f, '..'), { recursive: true });
        writeFileSync(join(dir, f), '');
    }
    return dir;
}

test("a directory gives its *.json, *.yaml, *.yml files in byte order, hidden ones too, as kubectl's visitor does", (t) => {
    const dir = tree(t, ['b.yaml', 'B.yml', 'a.json', '.hidden.yaml', 'notes.md', 'c.YAML', 'x.yaml.bak', 'sub/deep.yaml']);
    assert.deepEqual(
        manifestPaths(dir, false).map((p) => p.slice(dir.length + 1)),
        ['.hidden.yaml', 'B.yml', 'a.json', 'b.yaml'],
    );
});

test('-R: subdirectories too, each at its place in the order (filepath.Walk)', (t) => {
    const dir = tree(t, ['a.yaml', 'b-sub/x.yaml', 'b-sub/y/z.json', 'c.yaml', 'd/README']);
    assert.deepEqual(
        manifestPaths(dir, true).map((p) => p.slice(dir.length + 1)),
        ['a.yaml', 'b-sub/x.yaml', 'b-sub/y/z.json', 'c.yaml'],
    );
});

test('a file named on the command line is read whatever its name; a symbolic link to a directory is not followed', (t) => {
    const dir = tree(t, ['cluster.txt', 'real/a.yaml', 'top.yaml']);
    assert.deepEqual(manifestPaths(join(dir, 'cluster.txt'), false), [join(dir, 'cluster.txt')]);
    symlinkSync(join(dir, 'real'), join(dir, 'link'));
    assert.deepEqual(
        manifestPaths(dir, true).map((p) => p.slice(dir.length + 1)),
        ['real/a.yaml', 'top.yaml'],
    );
});

test('nothing to read: a usage error naming the directory (and -R when only subdirectories hold files)', (t) => {
    const empty = tree(t, []);
    assert.throws(
        () => manifestPaths(empty, false),
        (e: SvcdigError) => e.kind === 'usage' && e.message === `${empty}: no manifests to read (a directory gives its *.json, *.yaml, *.yml files)` && !e.hint,
    );
    const nested = tree(t, ['sub/a.yaml']);
    assert.throws(
        () => manifestPaths(nested, false),
        (e: SvcdigError) => e.kind === 'usage' && e.hint === '-R (--recursive) reads its subdirectories too',
    );
});
