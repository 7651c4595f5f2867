import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { runCli } from '../helpers/run-cli.js';
import { scenarioClusterPath } from '../helpers/scenarios.js';

const seed004 = scenarioClusterPath('seed-004-web-statefulset');
const objects = parse(
    readFileSync(seed004, 'utf8')
        .split(/^---$/m)
        .map((d) => `- ${d.trim().replace(/\n/g, '\n  ')}`)
        .join('\n'),
) as { kind: string }[];

test('a kubectl List in JSON (kubectl get ... -o json) reads like the YAML documents', async () => {
    const list = JSON.stringify({ apiVersion: 'v1', kind: 'List', metadata: {}, items: objects });
    const fromJson = await runCli(['explain', 'nginx', '-f', '-', '-o', 'json'], { stdin: list });
    const fromYaml = await runCli(['explain', 'nginx', '-f', seed004, '-o', 'json']);
    assert.equal(fromJson.code, 0, fromJson.stderr);
    assert.equal(fromJson.stdout, fromYaml.stdout);
});

test('unknown kinds and objects without kind are ignored', async () => {
    const extra = `${readFileSync(seed004, 'utf8')}\n---\napiVersion: example.com/v1\nkind: Frobnicator\nmetadata:\n  name: x\n---\njust: data\n`;
    const r = await runCli(['explain', 'nginx', '-f', '-', '-o', 'table'], { stdin: extra });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^nginx\s+Headless/m);
});

test('several -f files are merged', async () => {
    const text = readFileSync(seed004, 'utf8');
    const docs = text.split(/^---$/m);
    const services = docs.filter((d) => /^kind: (Service|Namespace|ConfigMap)$/m.test(d)).join('---');
    const rest = docs.filter((d) => !/^kind: (Service|Namespace|ConfigMap)$/m.test(d)).join('---');
    const r = await runCli(['resolve', 'web-0.nginx', '-f', '-', '-f', seed004, '--expected-only', '-o', 'json'], { stdin: services + '\n---\n' + rest });
    assert.equal(r.code, 0, r.stderr);
});

test('without a Corefile svcdig assumes kubeadm defaults and says so', async () => {
    const noCoredns = readFileSync(seed004, 'utf8')
        .split(/^---$/m)
        .filter((d) => !/^kind: ConfigMap$/m.test(d))
        .join('---');
    const r = await runCli(['explain', 'nginx', '-f', '-'], { stdin: noCoredns });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /no Corefile read: assuming kubeadm defaults \(zone cluster\.local, ttl 30/);
});

test('--ttl, --zone and --endpoint-pod-names override the Corefile', async () => {
    const r = await runCli([
        'resolve',
        'open1-headless.dev.svc.test.local.',
        '-f',
        scenarioClusterPath('seed-000-dev-open-headless'),
        '--zone',
        'test.local',
        '--ttl',
        '7',
        '--expected-only',
        '-o',
        'json',
    ]);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(report.dns.zones[0], 'test.local');
    assert.equal(report.dns.ttl, 7);
    assert.ok(report.results[0].expected.answers.length === 3 && report.results[0].expected.answers.every((a: { ttl: number }) => a.ttl === 7));
    assert.ok(report.dns.notes.some((n: string) => n.startsWith('flags override the Corefile')));
    const pods = await runCli([
        'resolve',
        '_http._tcp.open1-headless.dev.svc.cluster.local.',
        '-t',
        'SRV',
        '-f',
        scenarioClusterPath('seed-000-dev-open-headless'),
        '--endpoint-pod-names',
        '--expected-only',
        '-o',
        'json',
    ]);
    assert.equal(pods.code, 0, pods.stderr);
});

test('--ttl outside 0–3600 is a usage error', async () => {
    const r = await runCli(['resolve', 'x', '--demo', '--ttl', '99999']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--ttl must be a whole number of seconds from 0 to 3600/);
});

test('--no-headers drops the header line; -o wide adds columns', async () => {
    const plain = await runCli(['explain', 'nginx', '--demo', '-o', 'table']);
    const bare = await runCli(['explain', 'nginx', '--demo', '-o', 'table', '--no-headers']);
    const wide = await runCli(['explain', 'nginx', '--demo', '-o', 'wide']);
    assert.match(plain.stdout, /^NAME\s+TYPE/);
    assert.doesNotMatch(bare.stdout, /NAME/);
    assert.match(wide.stdout, /SELECTOR/);
    assert.doesNotMatch(plain.stdout, /SELECTOR/);
});

test('on a narrow terminal, tables shrink to fit its width', async () => {
    const r = await runCli(['explain', 'nginx', '--demo'], { tty: true, columns: 80, env: { NO_COLOR: '1' } });
    const long = r.stdout.split('\n').filter((l) => l.startsWith('  ') && l.length > 82);
    assert.deepEqual(long, []);
});
