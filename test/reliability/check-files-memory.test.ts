/**
 * `check -A -f` reads a dump a piece at a time, cuts each item to the fields svcdig reads as it is parsed
 * (src/adapters/files/load-objects.ts parseByParts), keeps it as packed JSON text (packed-texts.ts) and checks a
 * namespace at a time (file-objects.ts), so memory holds about one namespace's objects, not the cluster: the built bin
 * runs under a fixed `--max-old-space-size` far below both the dump and the trimmed cluster as objects, on a generated
 * cluster dumped as `kubectl get -o json` and `-o yaml` print it. Holding the whole trimmed cluster for the check
 * died there with "JavaScript heap out of memory", both dumps, and still at 45 MB (reading the file whole died at
 * 100 MB); this path needs about 30 MB. The JSON dump is also piped to `-f -`. No timing is asserted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { generateCluster } from '../kit/generate-cluster.js';
import { runBin } from '../helpers/run-bin.js';

const HEAP_MB = 40;
const SERVICES = 2000;

const run = (args: string[]) => runBin(args, { nodeArgs: [`--max-old-space-size=${HEAP_MB}`] });

test(`check -A -f of a ${SERVICES}-Service dump (JSON and YAML) finishes under --max-old-space-size=${HEAP_MB}`, { timeout: 900_000 }, async (t) => {
    const generated = generateCluster({ services: SERVICES, pods: SERVICES * 10 });
    const list = { apiVersion: 'v1', items: generated.objects, kind: 'List', metadata: { resourceVersion: '' } };
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
    // the same JSON through a pipe on stdin (`kubectl get … -o json | svcdig check -A -f -`), written in 8 pieces: held
    // packed as it arrives and parsed a piece at a time (packed-input.ts); its peak RSS is figure 9 of `npm run bench`
    const text = readFileSync(json);
    const size = Math.ceil(text.length / 8);
    const pieces = Array.from({ length: 8 }, (_, i) => ({ afterMs: 50, text: text.subarray(i * size, (i + 1) * size) }));
    const piped = await runBin(['check', '-A', '-f', '-', '--no-color', '-q'], { nodeArgs: [`--max-old-space-size=${HEAP_MB}`], stdin: pieces });
    assert.doesNotMatch(piped.stderr, /heap out of memory/i, 'stdin');
    assert.ok(piped.code === 0 || piped.code === 1, `stdin: exit ${piped.code}: ${piped.stderr.slice(-500)}`);
    assert.match(piped.stdout, new RegExp(`^${generated.counts.services + 2} Services, `, 'm'), 'stdin');
});
