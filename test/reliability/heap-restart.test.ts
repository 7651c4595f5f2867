/**
 * src/heap-restart.ts: the `check` that bin/svcdig.js restarted under its heap cap (SVCDIG_HEAP_CAP) ends with 75,
 * before parsing, a file it would parse whole and that would not fit under the cap (bin/svcdig.js then starts it
 * again without the cap), and prints nothing; without the cap the same file is checked. The file is a YAML List
 * whose first item's anchor is used by its last one (an alias reaching across items: yaml-list.ts leaves such a text
 * to the whole parse, js-yaml's ~20× its size).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { generateCluster } from '../kit/generate-cluster.js';
import { runBin } from '../helpers/run-bin.js';

test('a file parsed whole that would not fit under the heap cap ends the capped run with 75 and nothing printed; uncapped it is checked', async (t) => {
    const generated = generateCluster({ services: 200, pods: 2000 });
    let yaml = dump({ apiVersion: 'v1', kind: 'List', items: generated.objects }, { noRefs: true, lineWidth: -1 });
    const first = yaml.indexOf('creationTimestamp: ');
    yaml = yaml.slice(0, first) + yaml.slice(first).replace('creationTimestamp: ', 'creationTimestamp: &created ');
    const last = yaml.lastIndexOf('creationTimestamp: ');
    yaml = yaml.slice(0, last) + yaml.slice(last).replace(/creationTimestamp: [^\n]*/, 'creationTimestamp: *created');
    assert.ok(yaml.length > 3_000_000, `${yaml.length} characters`);
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-heap-restart-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'cluster.yaml');
    writeFileSync(file, yaml);
    const args = ['check', '-A', '-f', file, '-q'];
    // the restarted run itself, as bin/svcdig.js starts it under its cap (here a smaller one)
    const capped = await runBin(args, {
        env: { SVCDIG_RESTARTED: '1', SVCDIG_HEAP_CAP: '1' },
        nodeArgs: ['--max-semi-space-size=8', '--max-old-space-size=40'],
    });
    assert.equal(capped.code, 75, capped.stderr);
    assert.equal(capped.stdout, '');
    assert.equal(capped.stderr, '');
    const uncapped = await runBin(args, { env: { SVCDIG_RESTARTED: '1' } });
    assert.ok(uncapped.code === 0 || uncapped.code === 1, `exit ${uncapped.code}: ${uncapped.stderr}`);
    assert.match(uncapped.stdout, new RegExp(`^${generated.counts.services + 2} Services, `, 'm'));
});
