/**
 * `check -A` on a live cluster holds about one namespace at a time (src/commands/check/check-groups.ts), so a cluster
 * far larger than the heap still gets checked: the built bin runs under a fixed `--max-old-space-size`, which
 * reading the whole cluster at once exceeds (it died with "JavaScript heap out of memory" at 100 MB for 5,000
 * Services / 50,000 pods), and must finish with a report. With -o json the report is written as the check goes
 * (src/commands/check/check-output.ts): holding it whole, every record with its expected reply, did not fit either.
 * No timing is asserted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startFakeApiServer } from '../kit/fake-apiserver/index.js';
import { generateCluster } from '../kit/generate-cluster.js';

const bin = resolve(import.meta.dirname, '../../bin/svcdig.js');
const HEAP_MB = 100;

/** The built bin under the fixed heap; stdout is counted (its last 200 characters kept), not held. */
function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; bytes: number }> {
    return new Promise((done) => {
        const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        let bytes = 0;
        child.stdout.on('data', (d: Buffer) => {
            bytes += d.length;
            stdout = (stdout + d.toString()).slice(-200);
        });
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', (code) => done({ code, stdout, stderr, bytes }));
    });
}

test(`check -A of a 4,000-Service / 40,000-pod cluster finishes under --max-old-space-size=${HEAP_MB}`, { timeout: 600_000 }, async (t) => {
    const generated = generateCluster({ services: 4000, pods: 40000 });
    const server = await startFakeApiServer({ objects: generated.objects });
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-check-memory-'));
    t.after(async () => {
        await server.close();
        rmSync(dir, { recursive: true, force: true });
    });
    const r = await run(['check', '-A', '--expected-only', '--no-color', '-q', '--kubeconfig', server.kubeconfigPath(dir)]);
    assert.doesNotMatch(r.stderr, /heap out of memory/i);
    assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr.slice(-500)}`);
    assert.match(r.stdout, new RegExp(`^${generated.counts.services + 2} Services, `, 'm'));
    const json = await run(['check', '-A', '--expected-only', '-o', 'json', '--kubeconfig', server.kubeconfigPath(dir)]);
    assert.doesNotMatch(json.stderr, /heap out of memory/i);
    assert.ok(json.code === 0 || json.code === 1, `exit ${json.code}: ${json.stderr.slice(-500)}`);
    assert.match(json.stdout, /"dnsErrors": 0\n {2}},\n {2}"errors": \[\],\n {2}"timing": \{[^}]*\}\n\}\n$/, 'the JSON report is complete');
    assert.ok(json.bytes > HEAP_MB * 1024 * 1024, `a JSON report (${json.bytes} bytes) larger than the whole heap`);
});
