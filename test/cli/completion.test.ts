import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { COMPLETION_FILES, generatedCompletion } from '../helpers/completions.js';

const root = resolve(import.meta.dirname, '../..');

for (const { shell, file } of COMPLETION_FILES) {
    test(`completions/${file} is what 'svcdig completion ${shell}' generates now (run npm run completions after changing flags)`, async () => {
        assert.equal(readFileSync(join(root, 'completions', file), 'utf8'), await generatedCompletion(shell));
    });
}

test('the zsh and fish scripts are valid syntax for their shells', () => {
    assert.equal(spawnSync('zsh', ['-n', join(root, 'completions/_svcdig')]).status, 0, 'zsh -n');
    const fish = spawnSync('fish', ['--no-execute', join(root, 'completions/svcdig.fish')], { encoding: 'utf8' });
    assert.equal(fish.status, 0, fish.stderr);
});

/** Completes the words in bash with the generated script sourced and `svcdig` on the PATH, returning COMPREPLY. */
function bashComplete(words: string[]): string[] {
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-compl-'));
    try {
        const wrapper = join(dir, 'svcdig');
        writeFileSync(wrapper, `#!/bin/sh\nexec "${process.execPath}" "${join(root, 'bin/svcdig.js')}" "$@"\n`);
        chmodSync(wrapper, 0o755);
        const script = `
source "${join(root, 'completions/svcdig.bash')}"
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})
COMP_CWORD=${words.length - 1}
_svcdig
printf '%s\\n' "\${COMPREPLY[@]}"`;
        const out = execFileSync('bash', ['-c', script], { encoding: 'utf8', env: { ...process.env, PATH: `${dir}:${process.env.PATH}` } });
        return out.split('\n').filter((l) => l !== '');
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

test('bash: "svcdig ex<TAB>" completes to explain', () => {
    assert.deepEqual(bashComplete(['svcdig', 'ex']), ['explain']);
});

test('bash: "svcdig explain --demo ngi<TAB>" completes Service names from the cluster', () => {
    assert.deepEqual(bashComplete(['svcdig', 'explain', '--demo', 'ngi']), ['nginx', 'nginx-public']);
});

test('bash: option values with a fixed list complete from it', () => {
    assert.deepEqual(bashComplete(['svcdig', 'resolve', '-o', 'w']), ['wide']);
    assert.deepEqual(bashComplete(['svcdig', 'resolve', '--stub', '']), ['glibc', 'musl']);
});
