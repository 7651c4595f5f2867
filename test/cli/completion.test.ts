import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { COMPLETION_FILES, generatedCompletion } from '../helpers/completions.js';
import { startFakeApiServer } from '../kit/fake-apiserver/index.js';
import { scenarioClusterPath } from '../helpers/scenarios.js';
import { QUERY_TYPE_NAMES } from '../../src/core/dns/record-types.js';

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

/**
 * Completes the words in bash with the generated script sourced and `svcdig` on the PATH, returning COMPREPLY.
 * Asynchronous, so a fake API server in this process keeps answering while bash runs.
 */
async function bashComplete(words: string[]): Promise<string[]> {
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
        const { stdout: out } = await promisify(execFile)('bash', ['-c', script], {
            encoding: 'utf8',
            env: { ...process.env, PATH: `${dir}:${process.env.PATH}` },
        });
        return out.split('\n').filter((l) => l !== '');
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

test('bash: "svcdig ex<TAB>" completes to explain', async () => {
    assert.deepEqual(await bashComplete(['svcdig', 'ex']), ['explain']);
});

test('bash: "svcdig explain --demo ngi<TAB>" completes Service names from the cluster', async () => {
    assert.deepEqual(await bashComplete(['svcdig', 'explain', '--demo', 'ngi']), ['nginx', 'nginx-public']);
});

test('bash: flags and their values before the command (svcdig -n kube-system --demo explain kube<TAB>)', async () => {
    assert.deepEqual(await bashComplete(['svcdig', '-n', 'kube-system', '--demo', 'explain', 'kube']), ['kube-dns']);
    assert.deepEqual(await bashComplete(['svcdig', '--namespace', 'kube-system', 'ex']), ['explain']);
});

test("bash: before the command, every command's flags and their values (svcdig --demo -n <TAB>, svcdig --de<TAB>)", async () => {
    assert.deepEqual(await bashComplete(['svcdig', '--demo', '-n', '']), ['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    assert.deepEqual(await bashComplete(['svcdig', '--de']), ['--demo', '--debug', '--deadline']);
    assert.deepEqual(await bashComplete(['svcdig', '--stub', '']), ['glibc', 'musl']);
});

test('bash: explain takes one Service, so none is offered after it; check takes many', async () => {
    assert.deepEqual(await bashComplete(['svcdig', '--demo', 'explain', 'nginx', '']), []);
    assert.deepEqual(await bashComplete(['svcdig', '--demo', 'explain', '-n', 'kube-system', '']), ['kube-dns']);
    assert.deepEqual(await bashComplete(['svcdig', '--demo', 'check', 'nginx', 'ngi']), ['nginx', 'nginx-public']);
    assert.deepEqual(await bashComplete(['svcdig', 'completion', 'bash', '']), []);
});

test('bash: --namespace=NS (split by bash at "=") before or after the command reaches the dynamic names', async () => {
    assert.deepEqual(await bashComplete(['svcdig', 'explain', '--demo', '--namespace', '=', 'kube-system', '']), ['kube-dns']);
    assert.deepEqual(await bashComplete(['svcdig', '--namespace', '=', 'kube-system', '--demo', 'explain', '']), ['kube-dns']);
    assert.deepEqual(await bashComplete(['svcdig', '--demo', 'explain', '--namespace', '=', 'kube-s']), ['kube-system']);
});

test("bash: NS/<TAB> offers NS/NAME; resolve offers dig's + words and the record types after a name", async () => {
    assert.deepEqual(await bashComplete(['svcdig', '--demo', 'explain', 'default/']), ['default/kubernetes', 'default/nginx', 'default/nginx-public']);
    assert.deepEqual(await bashComplete(['svcdig', '--demo', 'check', 'kube-system/k']), ['kube-system/kube-dns']);
    assert.deepEqual(
        await bashComplete(['svcdig', 'resolve', 'nginx', 'S']),
        QUERY_TYPE_NAMES.filter((t) => t.startsWith('S')),
    );
    assert.deepEqual(await bashComplete(['svcdig', 'resolve', 'nginx', '+']), ['+short', '+tcp', '+notcp']);
    assert.deepEqual(await bashComplete(['svcdig', 'resolve', '']), [], 'a name is wanted first: nothing to offer');
});

test('bash: option values with a fixed list complete from it', async () => {
    assert.deepEqual(await bashComplete(['svcdig', 'resolve', '-o', 'w']), ['wide']);
    assert.deepEqual(await bashComplete(['svcdig', 'resolve', '--stub', '']), ['glibc', 'musl']);
});

test('bash: -t offers the record types of the one table (QUERY_TYPE_NAMES), in its order', async () => {
    assert.deepEqual(await bashComplete(['svcdig', 'resolve', 'web-0.nginx', '-t', '']), [...QUERY_TYPE_NAMES]);
    assert.deepEqual(await bashComplete(['svcdig', 'resolve', '-t', 'AA']), ['AAAA']);
});

test('bash: "-n <TAB>" asks for namespaces without passing an empty -n (svcdig check --demo -n <TAB>)', async () => {
    assert.deepEqual(await bashComplete(['svcdig', 'check', '--demo', '-n', '']), ['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    assert.deepEqual(await bashComplete(['svcdig', 'env', '--demo', '--pod', '']), ['web-0', 'web-1', 'web-2']);
});

test('bash: Service names and namespaces complete from the live API (fake kube-apiserver)', async (t) => {
    const server = await startFakeApiServer({ objectsFile: scenarioClusterPath('seed-000-dev-open-headless') });
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-compl-api-'));
    t.after(async () => {
        await server.close();
        rmSync(dir, { recursive: true, force: true });
    });
    const kubeconfig = server.kubeconfigPath(dir);
    assert.deepEqual(await bashComplete(['svcdig', 'explain', '--kubeconfig', kubeconfig, '-n', 'dev', 'open']), ['open1-headless', 'open2-headless']);
    assert.deepEqual(await bashComplete(['svcdig', 'explain', '--kubeconfig', kubeconfig, '-n', 'd']), ['default', 'dev']);
    assert.ok(server.requests.every((r) => r.method === 'GET'));
});

test("kubectl svcdig completion: kubectl_complete-svcdig answers in cobra's protocol (candidates, then :directive)", async () => {
    const run = async (...words: string[]) =>
        (await promisify(execFile)(process.execPath, [join(root, 'bin/kubectl_complete-svcdig'), ...words], { encoding: 'utf8' })).stdout;
    assert.equal(await run('ex'), 'explain\n:4\n');
    assert.equal(await run('explain', '--demo', 'ngi'), 'nginx\nnginx-public\n:4\n');
    assert.equal(await run('resolve', '--stub', ''), 'glibc\nmusl\n:4\n');
    assert.equal(await run('resolve', '-f', ''), ':0\n');
});
