/**
 * The layering rules of `npm run lint` (.dependency-cruiser.cjs) fail on a violation: a copy of the rules over a tiny
 * tree with a core module importing a command, a printer importing the run context, and an import cycle.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { ROOT } from '../helpers/run-bin.js';

const run = promisify(execFile);
const DEPCRUISE = join(ROOT, 'node_modules/.bin/depcruise');

async function cruise(dir: string): Promise<{ code: number; out: string }> {
    try {
        const { stdout } = await run(DEPCRUISE, ['src', '--config', '.dependency-cruiser.cjs'], { cwd: dir });
        return { code: 0, out: stdout };
    } catch (err) {
        const e = err as { code?: number; stdout?: string };
        return { code: e.code ?? 1, out: e.stdout ?? '' };
    }
}

test('the shipped tree passes the layering rules', async () => {
    const r = await cruise(ROOT);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /no dependency violations found/);
});

test('a core module importing a command, a printer importing the run context and a cycle each fail, by rule', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-layering-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    copyFileSync(join(ROOT, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', strict: true } }));
    const file = (path: string, text: string) => {
        mkdirSync(join(dir, path, '..'), { recursive: true });
        writeFileSync(join(dir, path), text);
    };
    file('src/commands/verb/run.ts', 'export const run = 1;\n');
    file('src/core/a.ts', "import { run } from '../commands/verb/run.js';\nimport { b } from './b.js';\nexport const a = run + b;\n");
    file('src/core/b.ts', "import { a } from './a.js';\nexport const b = () => a;\n");
    file('src/context.ts', 'export const ctx = 1;\n');
    file('src/render/p.ts', "import { ctx } from '../context.js';\nexport const p = ctx;\n");
    const r = await cruise(dir);
    assert.notEqual(r.code, 0, r.out);
    assert.match(r.out, /core-is-pure: src\/core\/a\.ts → src\/commands\/verb\/run\.ts/);
    assert.match(r.out, /render-imports-core: src\/render\/p\.ts → src\/context\.ts/);
    assert.match(r.out, /no-cycle: src\/core\/(a|b)\.ts → \s*src\/core\/(a|b)\.ts/);
});
