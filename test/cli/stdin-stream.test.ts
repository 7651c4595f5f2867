/**
 * `kubectl get … -o yaml | svcdig … -f -` and `--batch -`: stdin is a real pipe whose writer is slower than svcdig
 * (kubectl still listing). svcdig reads it as a stream to its end; a synchronous read of fd 0 fails with EAGAIN there.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoClusterYaml } from '../../src/demo/demo-cluster.js';

const DEMO_CLUSTER_YAML = await demoClusterYaml();
import { BIN, lateAndSlow, runBin } from '../helpers/run-bin.js';

function demoFile(t: { after(fn: () => void): void }): string {
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-stdin-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'cluster.yaml');
    writeFileSync(file, DEMO_CLUSTER_YAML);
    return file;
}

test('check -A -f - reads a late, slow writer to its end: the same report as from the file', async (t) => {
    const file = demoFile(t);
    const fromFile = await runBin(['check', '-A', '--expected-only', '-f', file]);
    const piped = await runBin(['check', '-A', '--expected-only', '-f', '-'], { stdin: lateAndSlow(DEMO_CLUSTER_YAML) });
    assert.doesNotMatch(piped.stderr, /EAGAIN|internal error/);
    assert.equal(piped.code, fromFile.code, piped.stderr);
    assert.ok(fromFile.code < 2, fromFile.stderr);
    assert.equal(piped.stdout, fromFile.stdout);
    assert.match(piped.stdout, /nginx-public/);
});

test('a shell pipeline whose writer starts late and writes slowly: check -A -f - answers (bash)', (t) => {
    const file = demoFile(t);
    const r = spawnSync(
        'bash',
        [
            '-c',
            `(sleep 0.5; head -c 100 "$1"; sleep 0.5; tail -c +101 "$1" | head -c 5000; sleep 0.5; tail -c +5101 "$1") | "${process.execPath}" "${BIN}" check -A --expected-only -f - -o json`,
            'pipeline',
            file,
        ],
        {
            encoding: 'utf8',
            env: { ...process.env, NO_COLOR: '1' },
        },
    );
    assert.doesNotMatch(r.stderr, /EAGAIN|internal error/);
    assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
    const report = JSON.parse(r.stdout) as { kind: string; services: { name: string }[] };
    assert.equal(report.kind, 'CheckReport');
    assert.ok(
        report.services.some((s) => s.name === 'nginx-public'),
        'the Services of the whole file were read',
    );
});

test('explain SERVICE -f - from a late, slow writer explains the Service', async () => {
    // 1,001 bytes first: the cut falls wherever it falls, inside a line (and a UTF-8 sequence, if any is there).
    const r = await runBin(['explain', 'nginx-public', '-f', '-', '-o', 'json'], { stdin: lateAndSlow(DEMO_CLUSTER_YAML, 1001) });
    assert.doesNotMatch(r.stderr, /EAGAIN|internal error/);
    assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
    assert.equal((JSON.parse(r.stdout) as { service: { name: string } }).service.name, 'nginx-public');
});

test('a UTF-8 character split across two writes arrives whole', async () => {
    const marker = '  name: web-0\n  namespace: default\n';
    const at = DEMO_CLUSTER_YAML.indexOf('  containers:\n  - image: nginx:1.9.1\n', DEMO_CLUSTER_YAML.indexOf(marker));
    const yaml = `${DEMO_CLUSTER_YAML.slice(0, at)}  containers:\n  - env:\n    - name: GREETING\n      value: café → ok\n    image: nginx:1.9.1\n${DEMO_CLUSTER_YAML.slice(at + '  containers:\n  - image: nginx:1.9.1\n'.length)}`;
    const cut = Buffer.from(yaml, 'utf8').indexOf('é') + 1;
    const r = await runBin(['env', '--pod', 'web-0', '-f', '-', '-o', 'json'], { stdin: lateAndSlow(yaml, cut) });
    assert.equal(r.code, 0, r.stderr);
    const vars = (JSON.parse(r.stdout) as { variables: { name: string; value: string }[] }).variables;
    assert.equal(vars.find((v) => v.name === 'GREETING')?.value, 'café → ok');
});

test('resolve --batch - from a late, slow writer resolves every line', async (t) => {
    const file = demoFile(t);
    const batch = '# names\nnginx-public A\nweb-0.nginx\n_web._tcp.nginx SRV\n';
    const r = await runBin(['resolve', '--batch', '-', '-f', file, '--expected-only', '-o', 'json'], { stdin: lateAndSlow(batch, 10) });
    assert.doesNotMatch(r.stderr, /EAGAIN|internal error/);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { results: { query: { name: string; type: string } }[] };
    assert.deepEqual(
        report.results.map((x) => `${x.query.name} ${x.query.type}`),
        ['nginx-public A', 'web-0.nginx A', '_web._tcp.nginx SRV'],
    );
});

test('--batch - and -f - cannot both read stdin: a usage error, exit 2', async () => {
    const r = await runBin(['resolve', '--batch', '-', '-f', '-', '--expected-only'], { stdin: [{ afterMs: 0, text: 'nginx A\n' }] });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^error: --batch - and -f - both read stdin/);
});
