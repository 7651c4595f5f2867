/**
 * `check -A` on a live cluster holds about one namespace at a time (src/commands/check/check-groups.ts), so a cluster
 * far larger than the heap still gets checked: the built bin runs under a fixed `--max-old-space-size`, which
 * reading the whole cluster at once exceeds (it died with "JavaScript heap out of memory" at 100 MB for 5,000
 * Services / 50,000 pods), and must finish with a report. No timing is asserted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeApiServer } from '../kit/fake-apiserver/index.js';
import { generateCluster } from '../kit/generate-cluster.js';
import { runBin } from '../helpers/run-bin.js';

const HEAP_MB = 100;

const run = (args: string[]) => runBin(args, { nodeArgs: [`--max-old-space-size=${HEAP_MB}`] });

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
});
