/**
 * `-f` of what can be read only once — a pipe, as bash's process substitution `-f <(kubectl get … -o json)` gives, or
 * stdin with `-f -` — is read once and held packed (src/adapters/files/packed-input.ts), then parsed a piece at a time
 * or, for other shapes, whole from what was held (load-objects.ts parseInput): a single object (not a list, so not
 * read by parts) and a list both give the objects the file itself gives, and so does a dump of several megabytes from
 * a writer that starts late and writes slowly. Built bin, real bash.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateCluster } from '../kit/generate-cluster.js';

const bin = resolve(import.meta.dirname, '../../bin/svcdig.js');
const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { clusterIP: '10.96.0.20', ports: [{ port: 80 }] } };

function check(fileArg: string): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${bin}" check -A --no-color -q -f ${fileArg}`], { encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('-f <(…): a single object and a list read from a pipe, as from the file', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-pipe-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const files = {
        object: join(dir, 'svc.json'),
        list: join(dir, 'list.yaml'),
    };
    writeFileSync(files.object, JSON.stringify(service, null, 4));
    writeFileSync(files.list, `apiVersion: v1\nitems:\n- ${JSON.stringify(service)}\nkind: List\n`);
    for (const [label, path] of Object.entries(files)) {
        const direct = check(`"${path}"`);
        const piped = check(`<(cat "${path}")`);
        assert.match(direct.stdout, /^1 Services?, /m, `${label}: ${direct.stderr}`);
        assert.deepEqual(piped, direct, label);
    }
});

test('a multi-megabyte dump from a writer that starts late and writes slowly: -f <(…) and -f - check as the file does', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-pipe-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'cluster.json');
    const items = generateCluster({ services: 150, pods: 1500 }).objects;
    const text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items, metadata: { resourceVersion: '' } }, null, 4);
    assert.ok(text.length > 3 * 2 ** 20, `${text.length} bytes: more than one packed block`);
    writeFileSync(file, text);
    // nothing for 300 ms, the first 100 kB, then the rest after another 300 ms
    const late = `(sleep 0.3; head -c 100000 "${file}"; sleep 0.3; tail -c +100001 "${file}")`;
    const direct = check(`"${file}"`);
    assert.match(direct.stdout, /^152 Services, /m, direct.stderr);
    assert.deepEqual(check(`<${late}`), direct, '-f <(…)');
    const r = spawnSync('bash', ['-c', `${late} | "${process.execPath}" "${bin}" check -A --no-color -q -f -`], { encoding: 'utf8' });
    assert.deepEqual({ status: r.status, stdout: r.stdout, stderr: r.stderr }, direct, '-f -');
});
