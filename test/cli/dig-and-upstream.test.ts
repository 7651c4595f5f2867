/**
 * `-o dig` writes every name with exactly one trailing dot, and answers svcdig cannot predict (names outside the
 * cluster, the upstream part of an ExternalName) are marked as such in `-o dig` and in the tables.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoClusterYaml } from '../../src/demo/demo-cluster.js';
import { startTestDnsServer } from '../kit/dns/test-server.js';

const DEMO_CLUSTER_YAML = await demoClusterYaml();
import { runCli } from '../helpers/run-cli.js';

const EXTERNAL_NAME = `
---
apiVersion: v1
kind: Service
metadata:
  name: ext
  namespace: default
spec:
  type: ExternalName
  externalName: db.example.net
`;

function clusterFile(t: { after(fn: () => void): void }): string {
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-dig-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'cluster.yaml');
    writeFileSync(file, DEMO_CLUSTER_YAML + EXTERNAL_NAME);
    return file;
}

/** Every name field of dig's record and question lines. */
const digNames = (out: string) =>
    out
        .split('\n')
        .filter((l) => l && (!l.startsWith(';') || /^;[^;\s]/.test(l)))
        .map((l) => l.replace(/^;/, '').split(/\s+/)[0]!);

for (const name of ['nginx-public', 'nginx-public.default.svc.cluster.local.', 'web-0.nginx', '_web._tcp.nginx', 'ext', 'example.com.']) {
    test(`-o dig: ${name} is written with one trailing dot, in the expected block and the received one`, async () => {
        const r = await runCli(['resolve', name, '-t', name.startsWith('_') ? 'SRV' : 'A', '--demo', '-o', 'dig']);
        assert.ok(r.code <= 1, r.stderr);
        assert.doesNotMatch(r.stdout, /\.\./, 'no name ends in two dots');
        const names = digNames(r.stdout);
        assert.ok(names.length >= 2, r.stdout);
        for (const n of names) assert.match(n, /[^.]\.$/, `${n} in\n${r.stdout}`);
    });
}

test('-o dig: the expected reply of a name outside the cluster is marked as decided upstream', async () => {
    const r = await runCli(['resolve', 'example.com.', '--demo', '--expected-only', '-o', 'dig']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
        r.stdout,
        /^; <<>> svcdig expected <<>> example\.com\. A .*\n;; not predicted \(decided upstream\): the status and the records come from the upstream resolver\n;; ->>HEADER<</,
    );
    const inCluster = await runCli(['resolve', 'nginx-public', '--demo', '--expected-only', '-o', 'dig']);
    assert.doesNotMatch(inCluster.stdout, /not predicted/, 'a name the cluster decides is not marked');
});

test('-o dig and the table: an ExternalName is the CNAME svcdig predicts, then what upstream answers', async (t) => {
    const file = clusterFile(t);
    const dig = await runCli(['resolve', 'ext', '-f', file, '--expected-only', '-o', 'dig']);
    assert.match(
        dig.stdout,
        /;; not predicted \(decided upstream\): only the records below are the cluster's; the rest of the answer comes from the upstream resolver\n/,
    );
    assert.match(dig.stdout, /^ext\.default\.svc\.cluster\.local\.\s+30\s+IN\s+CNAME\s+db\.example\.net\.$/m);
    const table = await runCli(['resolve', 'ext', '-f', file, '--expected-only']);
    assert.match(table.stdout, /^ {2}expected: 1 record, then not predicted \(decided upstream\)$/m);
    const explain = await runCli(['explain', 'ext', '-f', file]);
    assert.match(explain.stdout, /^ {2}ext\.default\.svc\.cluster\.local\s+A\s+db\.example\.net\n\s+A\s+not predicted \(decided upstream\)$/m);
});

test('table: against a real server, the upstream records of a name outside the cluster are "not predicted", not "unexpected"', async (t) => {
    const file = clusterFile(t);
    const server = await startTestDnsServer({ records: [{ name: 'example.com', type: 'A', ttl: 300, data: '192.0.2.80' }] });
    t.after(() => server.stop());
    const r = await runCli(['resolve', 'example.com.', '-f', file, '--server', `127.0.0.1:${server.port}`]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^ {2}expected: not predicted \(decided upstream\) {3}actual: NOERROR, 1 record/m);
    assert.match(r.stdout, /^ {2}example\.com\s+A\s+—\s+192\.0\.2\.80\s+not predicted$/m);
    assert.doesNotMatch(r.stdout, /unexpected/);
    // the same record where the cluster decides is a mismatch
    const inCluster = await startTestDnsServer({ records: [{ name: 'nginx-public.default.svc.cluster.local', type: 'A', ttl: 30, data: '192.0.2.80' }] });
    t.after(() => inCluster.stop());
    const mismatch = await runCli(['resolve', 'nginx-public', '-f', file, '--server', `127.0.0.1:${inCluster.port}`]);
    assert.equal(mismatch.code, 1);
    assert.match(mismatch.stdout, /192\.0\.2\.80\s+unexpected$/m);
});
