/**
 * Objects left out of the input (malformed) or merged (defined twice) make `check` exit 2 with a note each on stderr;
 * the report says them too (`objectNotes`), so a pipeline that reads only the JSON, the JUnit file or the GitHub
 * annotations sees why the run failed: `-o json` / `-o yaml` list them, the JUnit file has one errored testcase "read
 * objects" (what renderJunit prints of the whole report), `-o github` one ::error each. From files and from a live
 * cluster read namespace by namespace (fake API server), where the pass over every pod sees them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { load } from 'js-yaml';
import { runCli } from '../helpers/run-cli.js';
import { scenarioClusterPath } from '../helpers/scenarios.js';
import { startFakeApiServer } from '../kit/fake-apiserver/index.js';
import { readObjectFiles } from '../../src/adapters/files/load-objects.js';
import { renderJunit } from '../../src/render/junit.js';
import type { CheckReport } from '../../src/core/check-report.js';

const BAD_PORT = /Service shop\/broken: spec\.ports\[0\]\.port is a string; left out/;
const broken = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'broken', namespace: 'shop' },
    spec: { clusterIP: '10.96.9.9', ports: [{ port: 'http' }] },
};

function dumpWith(t: import('node:test').TestContext, extra: object[]): string {
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-object-notes-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const items = [...readObjectFiles([scenarioClusterPath('seed-004-web-statefulset')], () => ''), ...extra];
    const file = join(dir, 'cluster.json');
    writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 4));
    return dir;
}

test('check -A -f with a malformed Service: exit 2, and JSON, YAML, JUnit and github all say what was left out', async (t) => {
    const dir = dumpWith(t, [broken]);
    const file = join(dir, 'cluster.json');
    const junit = join(dir, 'junit.xml');
    const json = await runCli(['check', '-A', '-f', file, '-o', 'json', '--junit', junit]);
    assert.equal(json.code, 2, json.stderr);
    assert.match(json.stderr, BAD_PORT);
    const report = JSON.parse(json.stdout) as CheckReport;
    assert.equal(report.objectNotes?.length, 1);
    assert.match(report.objectNotes![0]!, BAD_PORT);
    assert.ok(report.services.length > 0, 'the rest of the cluster is checked');
    assert.deepEqual(Object.keys(report).slice(-3), ['errors', 'objectNotes', 'timing'], 'after errors, as the contract lists it');

    const xml = readFileSync(junit, 'utf8');
    assert.equal(xml, renderJunit(report, { hostname: hostname() || 'localhost' }), 'written as it goes = the whole printer');
    assert.match(
        xml,
        /<testcase classname="svcdig check" name="read objects" time="0\.000"><error message="1 object of the input left out or merged" type="input">[^<]*spec\.ports\[0\]\.port is a string; left out<\/error><\/testcase>/,
    );

    const yaml = await runCli(['check', '-A', '-f', file, '-o', 'yaml']);
    assert.equal(yaml.code, 2);
    assert.deepEqual((load(yaml.stdout) as CheckReport).objectNotes, report.objectNotes);

    const github = await runCli(['check', '-A', '-f', file, '-o', 'github']);
    assert.equal(github.code, 2);
    const input = github.stdout.split('\n').filter((l) => l.startsWith('::error title=svcdig input::'));
    assert.equal(input.length, 1, github.stdout);
    assert.match(input[0]!, BAD_PORT);
});

test('without objects left out the report has no objectNotes (the field is only added) and the JUnit file no extra suite', async (t) => {
    const dir = dumpWith(t, []);
    const junit = join(dir, 'junit.xml');
    const r = await runCli(['check', '-A', '-f', join(dir, 'cluster.json'), '-o', 'json', '--junit', junit]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal('objectNotes' in JSON.parse(r.stdout), false);
    assert.doesNotMatch(readFileSync(junit, 'utf8'), /read objects/);
});

test('more than 20: the first 20 annotated and one more for the rest, all of them in the JSON', async (t) => {
    const many = Array.from({ length: 25 }, (_, i) => ({ ...broken, metadata: { name: `broken-${i}`, namespace: 'shop' } }));
    const file = join(dumpWith(t, many), 'cluster.json');
    const json = JSON.parse((await runCli(['check', '-A', '-f', file, '-o', 'json'])).stdout) as CheckReport;
    assert.equal(json.objectNotes?.length, 25);
    const input = (await runCli(['check', '-A', '-f', file, '-o', 'github'])).stdout.split('\n').filter((l) => l.startsWith('::error title=svcdig input::'));
    assert.equal(input.length, 21);
    assert.equal(input.at(-1), '::error title=svcdig input::… and 5 more objects left out or merged');
});

test('live, namespace by namespace: a pod the API serves malformed is in objectNotes', async (t) => {
    const objects = readObjectFiles([scenarioClusterPath('seed-004-web-statefulset')], () => '') as unknown as Record<string, unknown>[];
    const pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'odd', namespace: 'default' },
        spec: { containers: [{ name: 'c', ports: [{ containerPort: 'x' }] }] },
        status: { podIP: '10.244.9.9' },
    };
    const api = await startFakeApiServer({ objects: [...objects, pod] as never });
    t.after(() => api.close());
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-object-notes-live-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const r = await runCli(['check', '-A', '--kubeconfig', api.kubeconfigPath(dir), '--expected-only', '-o', 'json']);
    assert.equal(r.code, 2, r.stderr);
    const report = JSON.parse(r.stdout) as CheckReport;
    assert.match(String(report.objectNotes), /Pod default\/odd: spec\.containers\[0\]\.ports\[0\]\.containerPort is a string; left out/);
});

test('across contexts: the context whose API serves a malformed pod has its errored "read objects" testcase, the other none', async (t) => {
    const objects = readObjectFiles([scenarioClusterPath('seed-004-web-statefulset')], () => '') as unknown as Record<string, unknown>[];
    const pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'odd', namespace: 'default' },
        spec: { containers: [{ name: 'c', ports: [{ containerPort: 'x' }] }] },
        status: { podIP: '10.244.9.9' },
    };
    const bad = await startFakeApiServer({ objects: [...objects, pod] as never });
    const good = await startFakeApiServer({ objects: objects as never });
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-object-notes-contexts-'));
    t.after(async () => {
        await bad.close();
        await good.close();
        rmSync(dir, { recursive: true, force: true });
    });
    const env = { KUBECONFIG: [bad.kubeconfigPath(dir, { contextName: 'bad' }), good.kubeconfigPath(dir, { contextName: 'good' })].join(delimiter) };
    const junit = join(dir, 'report.xml');
    const r = await runCli(['check', '-A', '--all-contexts', '--expected-only', '-o', 'json', '--junit', junit], { env });
    assert.equal(r.code, 2, r.stderr);
    const list = JSON.parse(r.stdout) as { contexts: { context: string; report: CheckReport }[] };
    assert.deepEqual(
        list.contexts.map((c) => [c.context, c.report.objectNotes?.length ?? 0]),
        [
            ['bad', 1],
            ['good', 0],
        ],
    );
    const xml = readFileSync(junit, 'utf8');
    assert.match(xml, /<testcase classname="bad" name="read objects" time="0\.000"><error message="1 object of the input left out or merged" type="input">/);
    assert.equal(xml.match(/name="read objects"/g)?.length, 1);
});
