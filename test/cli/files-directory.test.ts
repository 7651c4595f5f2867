/** `-f DIR` and `-R` as kubectl reads them (k8s.io/cli-runtime pkg/resource/visitor.go): today's main said "is a directory". */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { service as serviceOf } from '../kit/cluster-builder.js';
import { scenarioClusterPath } from '../helpers/scenarios.js';

const docs = readFileSync(scenarioClusterPath('seed-004-web-statefulset'), 'utf8').split(/^---$/m);

/** The scenario split over a directory: Services in one file, the rest in another, and files kubectl would not read. */
function manifestDir(t: { after: (fn: () => void) => void }): string {
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-f-dir-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const isService = (d: string) => /^kind: Service$/m.test(d);
    writeFileSync(join(dir, 'services.yaml'), docs.filter(isService).join('---'));
    writeFileSync(join(dir, 'rest.yml'), docs.filter((d) => !isService(d)).join('---'));
    // Not a manifest: read, it would be a parse error (a YAML string is no object).
    writeFileSync(join(dir, 'README.md'), 'how to use these manifests\n');
    writeFileSync(join(dir, '.extra.yaml'), JSON.stringify(service('hidden-too')));
    mkdirSync(join(dir, 'more'));
    writeFileSync(join(dir, 'more', 'deep.json'), JSON.stringify({ kind: 'List', apiVersion: 'v1', items: [service('deep')] }));
    return dir;
}

/** A selector-less Service (so it has no endpoints). */
function service(name: string) {
    return serviceOf(name, { ns: 'default', clusterIP: '10.96.7.8', ports: [{ port: 80 }], selector: null });
}

test("-f DIR reads the directory's *.yaml, *.yml and *.json files (hidden ones too) and nothing else, like one file", async (t) => {
    const dir = manifestDir(t);
    const fromDir = await runCli(['explain', 'nginx', '-f', dir, '-o', 'json']);
    const fromFile = await runCli(['explain', 'nginx', '-f', scenarioClusterPath('seed-004-web-statefulset'), '-o', 'json']);
    assert.equal(fromDir.code, 0, fromDir.stderr);
    assert.equal(fromDir.stderr, '');
    assert.equal(fromDir.stdout, fromFile.stdout);
    const hidden = await runCli(['explain', 'hidden-too', '-f', dir, '-o', 'json']);
    // A Service with no selector and no endpoints has error-level findings: exit 1 is a finding, not a failure to read.
    assert.equal(hidden.code, 1, hidden.stderr);
    assert.equal((JSON.parse(hidden.stdout) as { service: { name: string } }).service.name, 'hidden-too');
});

test('-R descends into subdirectories; without it their files are not read', async (t) => {
    const dir = manifestDir(t);
    const flat = await runCli(['explain', 'deep', '-f', dir]);
    assert.equal(flat.code, 4);
    assert.match(flat.stderr, /^error: service "deep" not found in namespace "default"/);
    for (const argv of [
        ['explain', 'deep', '-f', dir, '-R', '-o', 'json'],
        ['-R', '-f', dir, 'explain', 'deep', '--recursive', '-o', 'json'],
    ]) {
        const r = await runCli(argv);
        assert.equal(r.code, 1, r.stderr);
        assert.equal((JSON.parse(r.stdout) as { service: { name: string } }).service.name, 'deep');
    }
});

test('an empty directory: exit 2, one line saying what a directory gives', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-f-empty-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const r = await runCli(['env', '-f', dir]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `error: ${dir}: no manifests to read (a directory gives its *.json, *.yaml, *.yml files)\n`);
});
