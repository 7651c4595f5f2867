/**
 * CI verdicts (issue 10, item 3): a `check` that selects no Service fails (exit 4) instead of passing with
 * "0 Services", `env` of a missing namespace is exit 4, and records no DNS server was asked about are "not queried",
 * never "ok" — in the table, the summary, JSON and JUnit. From files, the demo and the live fake API server (which
 * these commands read without sending a DNS packet: they stop before any DNS is opened, or ask none).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { runCli, type CliRun } from '../helpers/run-cli.js';
import { scenarioClusterPath } from '../helpers/scenarios.js';
import { liveFixture } from '../reliability/fixture.js';

const SEED004 = scenarioClusterPath('seed-004-web-statefulset');

/** One error line (plus an optional hint line) on stderr, nothing on stdout. */
function assertOneLineError(r: CliRun, code: number, message: RegExp): void {
    assert.equal(r.code, code, r.stdout + r.stderr);
    assert.equal(r.stdout, '', 'stdout holds no report when nothing was checked');
    const lines = r.stderr.trimEnd().split('\n');
    assert.match(lines[0]!, message);
    assert.ok(lines.length === 1 || (lines.length === 2 && lines[1]!.startsWith('hint: ')), r.stderr);
}

function withTmp<T>(fn: (dir: string) => Promise<T>): Promise<T> {
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-verdicts-'));
    return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

describe('check that selects no Service fails, exit 4', () => {
    it('check -n nope: a namespace that does not exist (files, demo)', async () => {
        assertOneLineError(await runCli(['check', '-n', 'nope', '-f', SEED004]), 4, /^error: namespace "nope" not found \(in file .*cluster\.yaml\)$/);
        assertOneLineError(await runCli(['check', '-n', 'nope', '--demo']), 4, /^error: namespace "nope" not found \(in the built-in demo cluster\)$/);
        // A close name is suggested, as explain does.
        const r = await runCli(['check', '-n', 'defualt', '--demo']);
        assert.equal(r.code, 4);
        assert.match(r.stderr, /^hint: did you mean -n default\?$/m);
    });

    it('check -l app=typo: no Service matched the selector, named in the error with the labels that exist', async () => {
        const r = await runCli(['check', '-l', 'app=typo', '--demo']);
        assertOneLineError(r, 4, /^error: no Service in namespace "default" matches -l app=typo: nothing to check$/);
        assert.match(r.stderr, /^hint: labels on Services in namespace "default": .*app=nginx/m);
        assertOneLineError(await runCli(['check', '-A', '-l', 'app=typo', '-f', SEED004]), 4, /^error: no Service in any namespace matches -l app=typo: nothing to check$/);
    });

    it('a namespace with no Services', async () => {
        const r = await runCli(['check', '-n', 'kube-public', '--demo']);
        assertOneLineError(r, 4, /^error: no Services in namespace "kube-public" \(the built-in demo cluster\): nothing to check$/);
        assert.match(r.stderr, /^hint: Services exist in namespaces default, kube-system \(use -n NS or -A\)$/m);
    });

    it('--junit is not a passing tests="0" file: one errored testcase says why', async () => {
        await withTmp(async (dir) => {
            const file = join(dir, 'report.xml');
            writeFileSync(file, '<testsuites tests="0"/>'); // an old, passing report must not survive
            const r = await runCli(['check', '-l', 'app=typo', '--demo', '--junit', file]);
            assert.equal(r.code, 4);
            const xml = readFileSync(file, 'utf8');
            assert.equal(XMLValidator.validate(xml), true);
            const doc = new XMLParser({ ignoreAttributes: false }).parse(xml);
            assert.equal(doc.testsuites['@_tests'], '1');
            assert.equal(doc.testsuites['@_errors'], '1');
            const testcase = doc.testsuites.testsuite.testcase;
            assert.match(testcase.error['@_message'], /no Service in namespace "default" matches -l app=typo/);
        });
    });

    it('live: check -n nope, check -l app=typo and a namespace without Services against the fake API server', async (t) => {
        const c = await liveFixture(t);
        c.server.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'empty' } });
        assertOneLineError(await c.run(['check', '-n', 'nope']), 4, /^error: namespace "nope" not found \(in context .*\)$/);
        assertOneLineError(await c.run(['check', '-l', 'app=typo']), 4, /^error: no Service in namespace "dev" matches -l app=typo: nothing to check$/);
        assertOneLineError(await c.run(['check', '-n', 'empty']), 4, /^error: no Services in namespace "empty" \(.*\): nothing to check$/);
        assert.equal(c.server.requests.filter((q) => q.subresource === 'portforward').length, 0, 'no DNS was opened');
    });
});

describe('env of a namespace that does not exist, exit 4', () => {
    it('env -n nope: demo, files and live', async (t) => {
        assertOneLineError(await runCli(['env', '-n', 'nope', '--demo']), 4, /^error: namespace "nope" not found \(in the built-in demo cluster\)$/);
        assertOneLineError(await runCli(['env', '-n', 'nope', '-f', SEED004]), 4, /^error: namespace "nope" not found/);
        const c = await liveFixture(t);
        assertOneLineError(await c.run(['env', '-n', 'nope']), 4, /^error: namespace "nope" not found/);
        // A namespace that exists still gets its variables.
        const ok = await c.run(['env', '-n', 'dev']);
        assert.equal(ok.code, 0, ok.stderr);
        assert.match(ok.stdout, /^API_SERVICE_HOST=10\.96\.5\.5$/m);
    });
});
