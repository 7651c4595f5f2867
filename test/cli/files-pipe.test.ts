/**
 * `-f` of what can be read only once — a pipe, as bash's process substitution `-f <(kubectl get … -o json)` gives —
 * is read whole once, never a piece at a time and then again (src/adapters/files/load-objects.ts parseFile): a single
 * object (not a list, so not read by parts) and a list both give the objects the file itself gives. Built bin, real bash.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

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
