/**
 * `check -A -f` reads a dump a piece at a time and cuts each item to the fields svcdig reads as it is parsed
 * (src/adapters/files/load-objects.ts parseByParts), so a dump far larger than the heap still gets checked: the built
 * bin runs under a fixed `--max-old-space-size` on a generated cluster dumped as `kubectl get -o json` and `-o yaml`
 * print it, each object carrying managedFields as the API server sends them (most of a real dump, none of it read).
 * Reading the file whole (one string, then js-yaml's whole-document parse) died there with "JavaScript heap out of
 * memory", both dumps. No timing is asserted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { generateCluster } from '../kit/generate-cluster.js';
import { runBin } from '../helpers/run-bin.js';

const HEAP_MB = 100;
const SERVICES = 1000;

const run = (args: string[]) => runBin(args, { nodeArgs: [`--max-old-space-size=${HEAP_MB}`] });

/** managedFields as a server-side apply leaves them: one entry per manager, fieldsV1 naming every field set. */
function managedFields(o: object): object[] {
    const fields = (v: unknown): unknown =>
        v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [`f:${k}`, fields(x)])) : {};
    return ['kubectl-client-side-apply', 'kube-controller-manager', 'kubelet'].map((manager) => ({
        manager,
        operation: 'Update',
        apiVersion: 'v1',
        time: '2026-01-01T00:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: fields(o),
    }));
}

test(`check -A -f of a ${SERVICES}-Service dump (JSON and YAML) finishes under --max-old-space-size=${HEAP_MB}`, { timeout: 900_000 }, async (t) => {
    const generated = generateCluster({ services: SERVICES, pods: SERVICES * 10 });
    const items = generated.objects.map((o) => ({ ...o, metadata: { ...o.metadata, managedFields: managedFields(o) } }));
    const list = { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-files-memory-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const json = join(dir, 'cluster.json');
    const yaml = join(dir, 'cluster.yaml');
    writeFileSync(json, JSON.stringify(list, null, 4));
    writeFileSync(yaml, dump(list, { noRefs: true, lineWidth: -1, seqNoIndent: true }));
    for (const file of [json, yaml]) {
        const r = await run(['check', '-A', '-f', file, '--no-color', '-q']);
        assert.doesNotMatch(r.stderr, /heap out of memory/i, file);
        assert.ok(r.code === 0 || r.code === 1, `${file}: exit ${r.code}: ${r.stderr.slice(-500)}`);
        assert.match(r.stdout, new RegExp(`^${generated.counts.services + 2} Services, `, 'm'), file);
    }
});
