/**
 * CI verdicts: a `check` that selects no Service fails (exit 4) instead of passing with
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
import type { CheckReport } from '../../src/core/check-report.js';
import { runCli, type CliRun } from '../helpers/run-cli.js';
import { scenarioClusterPath } from '../helpers/scenarios.js';
import { liveFixture } from '../kit/live-cluster.js';

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
        assertOneLineError(
            await runCli(['check', '-A', '-l', 'app=typo', '-f', SEED004]),
            4,
            /^error: no Service in any namespace matches -l app=typo: nothing to check$/,
        );
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
            assert.equal(doc.testsuites.testsuite['@_tests'], '1');
            assert.equal(doc.testsuites.testsuite['@_errors'], '1');
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

describe('records no DNS server was asked about are "not queried", never ok', () => {
    it('check -A -f dump.yaml (no --server): table and summary say 0 of N queried and how to query them', async () => {
        const r = await runCli(['check', '-A', '-f', SEED004]);
        assert.equal(r.code, 0, 'linting manifests: only findings decide the exit code (README)');
        assert.doesNotMatch(r.stdout, /records ok/);
        assert.doesNotMatch(r.stdout, /; passed \(--fail-on/, 'only the findings passed');
        assert.match(
            r.stdout,
            /^3 Services, 0 of 23 records queried \(DNS not queried: files without --server\), 0 errors, 0 warnings; findings passed \(--fail-on error\)$/m,
        );
        assert.match(r.stdout, /add --server HOST\[:PORT\] .* or read a live cluster \(a kubeconfig context\)/);
        assert.match(r.stdout, /^default\s+nginx\s+7 not queried\s+0\s+0\s+0\s+not queried$/m);
    });

    it('-o json: verdict "not-queried", summary.notQueried counts them, recordsOk does not; stderr says so', async () => {
        const r = await runCli(['check', '-A', '-f', SEED004, '-o', 'json']);
        assert.equal(r.code, 0);
        const report = JSON.parse(r.stdout) as CheckReport;
        const records = report.services.flatMap((s) => s.records);
        assert.ok(records.length > 0);
        assert.ok(records.every((x) => x.verdict === 'not-queried'));
        assert.equal(report.summary.recordsOk, 0);
        assert.equal(report.summary.notQueried, records.length);
        assert.equal(report.dns.notQueried, 'files without --server');
        assert.match(r.stderr, /^note: no DNS server asked \(files without --server\): 0 of 23 records queried; to query them, add --server HOST\[:PORT\]/m);
    });

    it('--expected-only: the same, said as --expected-only (asked for, so no note on stderr)', async () => {
        const r = await runCli(['check', '--demo', '--expected-only', '-o', 'json']);
        const report = JSON.parse(r.stdout) as CheckReport;
        assert.equal(report.dns.notQueried, '--expected-only');
        assert.equal(report.summary.recordsOk, 0);
        assert.equal(report.summary.notQueried, report.summary.records);
        assert.equal(r.stderr, '');
        const table = await runCli(['check', '--demo', '--expected-only']);
        assert.match(table.stdout, /0 of \d+ records queried \(DNS not queried: --expected-only\)/);
        assert.match(table.stdout, /^drop --expected-only to query them \(reading files, add --server HOST\[:PORT\] too\)$/m);
    });

    it('JUnit: each record not queried is a <skipped message="not queried: …"/> testcase, counted as skipped', async () => {
        await withTmp(async (dir) => {
            const file = join(dir, 'report.xml');
            const r = await runCli(['check', '-A', '-f', SEED004, '--junit', file]);
            assert.equal(r.code, 0);
            const xml = readFileSync(file, 'utf8');
            assert.equal(XMLValidator.validate(xml), true);
            const doc = new XMLParser({ ignoreAttributes: false }).parse(xml);
            const suites = [doc.testsuites.testsuite].flat();
            assert.equal(
                suites.reduce((n: number, s: Record<string, string>) => n + Number(s['@_skipped'] ?? 0), 0),
                23,
            );
            const cases = suites.flatMap((s: { testcase: unknown }) => [s.testcase].flat()) as { '@_name': string; skipped?: { '@_message': string } }[];
            const records = cases.filter((c) => c['@_name'] !== 'findings');
            assert.equal(records.length, 23);
            for (const c of records) assert.equal(c.skipped?.['@_message'], 'not queried: files without --server');
            assert.ok(suites.every((s: Record<string, string>) => Number(s['@_skipped']) > 0));
        });
    });

    it('--wait with nothing to query stops at once and says why', async () => {
        const r = await runCli(['check', '-A', '-f', SEED004, '--wait', '5s']);
        assert.equal(r.code, 0);
        assert.match(r.stderr, /check: no DNS server asked \(files without --server\): nothing to wait for/);
        assert.doesNotMatch(r.stderr, /every record matches/);
    });
});
