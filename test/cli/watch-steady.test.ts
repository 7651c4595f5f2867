/**
 * --watch re-renders when the answers or the cluster change, not when only a round-trip time, a query ID or the port a
 * reply comes from does (the demo's responder listens on a new port every round).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RR } from '../../src/core/dns/reply.js';
import { demoClusterYaml } from '../../src/demo/demo-cluster.js';
import { startTestDnsServer } from '../kit/dns/test-server.js';

const DEMO_CLUSTER_YAML = await demoClusterYaml();
import { runBin } from '../helpers/run-bin.js';

test('resolve --watch --demo, three rounds: one rendering, no "changed" (new RTT, query ID and responder port each round)', async () => {
    const formats = ['table', 'dig', 'json'];
    const runs = await Promise.all(
        formats.map((o) => runBin(['resolve', 'web-0.nginx', 'nginx-public', '--demo', '--watch', '-o', o], { interruptAfterMs: 6500 })),
    );
    runs.forEach((r, i) => {
        assert.equal(r.code, 0, `${formats[i]}: ${r.stderr}`);
        assert.doesNotMatch(r.stdout, /changed|»/, `${formats[i]}:\n${r.stdout}`);
    });
    assert.match(runs[0]!.stdout, /\(127\.0\.0\.1:\d+ UDP, [\d.]+ ms\)/, 'the table still shows where the answer came from and how fast');
    assert.match(runs[1]!.stdout, /;; Query time: \d+ msec/);
});

test('resolve --watch against a server whose answer changes: one "changed" round, marking the changed answer and not the RTT line', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-watch-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'cluster.yaml');
    writeFileSync(file, DEMO_CLUSTER_YAML);
    const records: RR[] = [{ name: 'nginx-public.default.svc.cluster.local', type: 'A', ttl: 30, data: '10.96.120.15' }];
    const server = await startTestDnsServer({ records });
    t.after(() => server.stop());
    // rounds at about 2, 4 and 6 s: the answer changes once, between the first and the second
    const change = setTimeout(() => (records[0] = { ...records[0]!, data: '10.96.120.99' }), 3000);
    t.after(() => clearTimeout(change));
    const r = await runBin(['resolve', 'nginx-public', '-f', file, '--server', `127.0.0.1:${server.port}`, '--watch'], { interruptAfterMs: 7000 });
    assert.equal(r.code, 1, r.stderr);
    const rounds = r.stdout.split(/^— changed .*$/m);
    assert.equal(rounds.length, 2, `one change:\n${r.stdout}`);
    const changed = rounds[1]!;
    assert.match(changed, /^» nginx-public A → .* MISMATCH$/m);
    assert.match(changed, /^» .*10\.96\.120\.99\s+unexpected$/m);
    assert.match(
        changed,
        /^ {4}expected: NOERROR, 1 record {3}actual: NOERROR, 1 record {3}\(127\.0\.0\.1:\d+ UDP, [\d.]+ ms\)$/m,
        'the line with the RTT is not marked',
    );
});
