import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { runCli } from '../helpers/run-cli.js';
import { scenarioClusterPath, scenarioNames } from '../helpers/scenarios.js';

for (const scenario of scenarioNames()) {
    for (const [failOn, code] of [
        ['error', 0],
        ['warning', 0],
        ['never', 0],
    ] as const) {
        test(`check -A --expected-only on ${scenario} with --fail-on ${failOn} exits ${code} (healthy cluster)`, async () => {
            const r = await runCli(['check', '-A', '-f', scenarioClusterPath(scenario), '--expected-only', '--fail-on', failOn, '-o', 'json']);
            assert.equal(r.code, code, r.stderr + r.stdout.slice(0, 2000));
            const report = JSON.parse(r.stdout);
            assert.equal(report.kind, 'CheckReport');
            assert.ok(report.services.length > 0);
            assert.ok(report.summary.records > 0);
        });
    }
}

test('check --fail-on decides the exit code for the same findings', async () => {
    // the demo's nginx has a warning (a pod not Ready) and its DNS serves a stale address.
    const strict = await runCli(['check', '--demo', '--fail-on', 'warning', '--expected-only']);
    const lenient = await runCli(['check', '--demo', '--fail-on', 'error', '--expected-only']);
    const never = await runCli(['check', '--demo', '--fail-on', 'never']);
    assert.equal(strict.code, 1, strict.stdout);
    assert.equal(lenient.code, 0, lenient.stdout);
    assert.equal(never.code, 0, never.stdout);
});

test('check against the demo DNS finds the drifted records and fails, exit 1', async () => {
    const r = await runCli(['check', '--demo', '-o', 'json']);
    assert.equal(r.code, 1);
    const report = JSON.parse(r.stdout);
    const nginx = report.services.find((s: { name: string }) => s.name === 'nginx');
    assert.equal(nginx.failed, true);
    const bad = nginx.records.filter((x: { verdict: string }) => x.verdict === 'mismatch').map((x: { type: string; name: string }) => `${x.type} ${x.name}`);
    assert.ok(bad.includes('A nginx.default.svc.cluster.local'), bad.join(', '));
    const publicSvc = report.services.find((s: { name: string }) => s.name === 'nginx-public');
    assert.equal(publicSvc.failed, false);
});

test('-o json keeps both replies of every record; the table, which shows verdicts only, counts the same records', async () => {
    const json = await runCli(['check', '--demo', '-o', 'json']);
    const report = JSON.parse(json.stdout) as {
        summary: { records: number; recordsOk: number };
        services: { records: { verdict: string; expected?: { rcode: string }; actual?: unknown }[] }[];
    };
    const records = report.services.flatMap((s) => s.records);
    assert.ok(records.length > 0);
    for (const r of records) {
        assert.ok(r.expected && typeof r.expected.rcode === 'string', 'expected reply kept');
        assert.ok(r.actual !== undefined, 'actual reply (or null) kept');
    }
    const table = await runCli(['check', '--demo', '--no-color']);
    assert.match(table.stdout, new RegExp(`${report.summary.recordsOk}/${report.summary.records} records ok`));
});

test('--junit writes a JUnit file that parses as XML: a testcase per Service and record', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-junit-'));
    try {
        const file = join(dir, 'report.xml');
        const r = await runCli(['check', '--demo', '--junit', file]);
        assert.equal(r.code, 1);
        const xml = readFileSync(file, 'utf8');
        assert.equal(XMLValidator.validate(xml), true);
        const doc = new XMLParser({ ignoreAttributes: false }).parse(xml);
        const suites = [doc.testsuites.testsuite].flat();
        const nginx = suites.find((s: Record<string, string>) => s['@_name'] === 'default/nginx');
        assert.ok(nginx, 'a testsuite for default/nginx');
        const cases = [nginx.testcase].flat();
        assert.ok(
            cases.some((c: Record<string, unknown>) => c['@_name'] === 'A nginx.default.svc.cluster.local' && c.failure),
            'the drifted record fails',
        );
        assert.ok(cases.some((c: Record<string, unknown>) => c['@_name'] === 'findings'));
        assert.ok(suites.reduce((n: number, s: Record<string, string>) => n + Number(s['@_failures']), 0) >= 1);
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});

test('check names a missing Service with a suggestion, exit 4', async () => {
    const r = await runCli(['check', 'ngnix', '--demo', '--expected-only']);
    assert.equal(r.code, 4);
    assert.match(r.stderr, /service "ngnix" not found in namespace "default"/);
    assert.match(r.stderr, /did you mean nginx/);
});

test('-l filters Services by label', async () => {
    const r = await runCli(['check', '-A', '--demo', '--expected-only', '-l', 'app=nginx', '-o', 'json']);
    const names = JSON.parse(r.stdout).services.map((s: { name: string }) => s.name);
    assert.deepEqual(names, ['nginx', 'nginx-public']);
});

test('--wait re-checks and reports progress on stderr until time runs out', async () => {
    const r = await runCli(['check', 'nginx', '--demo', '--wait', '1s']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /check: round 1: 1 Service still differs \(/);
    assert.match(r.stderr, /--wait ran out/);
});
