import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { runCli } from '../helpers/run-cli.js';

/** The schemas and where they come from: test/fixtures/junit/README.md. */
const SCHEMAS = join(import.meta.dirname, '..', 'fixtures', 'junit');

/** xmllint's verdict (libxml2-utils, installed by .ci/run): the error lines, [] when the file is valid. */
function xmllint(schema: 'ant' | 'jenkins', file: string): string[] {
    const r = spawnSync('xmllint', ['--noout', '--schema', join(SCHEMAS, `${schema}-junit.xsd`), file], { encoding: 'utf8' });
    assert.ok(!r.error, `xmllint must be installed (apt-get install libxml2-utils): ${r.error?.message}`);
    if (r.status === 0) return [];
    return r.stderr.split('\n').filter((l) => l.includes('validity error'));
}

const RUNS: [string, string[], number][] = [
    ['a failing demo check (mismatches, findings)', ['check', '-A', '--demo'], 1],
    ['a check with no DNS server asked (every record skipped)', ['check', '-A', '--demo', '--expected-only'], 0],
    ['a check that could not run (nothing selected)', ['check', '-l', 'app=typo', '--demo'], 4],
];

for (const [what, argv, code] of RUNS) {
    test(`--junit of ${what} validates against the Jenkins and Ant JUnit schemas (xmllint), with time and timestamp`, async () => {
        const dir = mkdtempSync(join(tmpdir(), 'svcdig-junit-xsd-'));
        try {
            const file = join(dir, 'report.xml');
            const r = await runCli([...argv, '--junit', file]);
            assert.equal(r.code, code, r.stderr);
            assert.deepEqual(xmllint('jenkins', file), []);
            assert.deepEqual(xmllint('ant', file), []);
            const doc = new XMLParser({ ignoreAttributes: false }).parse(readFileSync(file, 'utf8'));
            for (const s of [doc.testsuites.testsuite].flat()) {
                // runCli's clock says 2026-11-23T00:00:00Z; the Ant schema wants no timezone
                assert.equal(s['@_timestamp'], '2026-11-23T00:00:00');
                assert.match(s['@_time'], /^\d+\.\d{3}$/);
                assert.ok(s['@_hostname']);
                for (const c of [s.testcase].flat()) assert.match(c['@_time'], /^\d+\.\d{3}$/);
            }
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
}

test('--junit times are measured: a queried record took time, the file the whole run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-junit-time-'));
    try {
        const file = join(dir, 'report.xml');
        await runCli(['check', '-A', '--demo', '--junit', file]);
        const doc = new XMLParser({ ignoreAttributes: false }).parse(readFileSync(file, 'utf8'));
        const cases = [doc.testsuites.testsuite].flat().flatMap((s) => [s.testcase].flat());
        const recordTimes = cases.filter((c) => c['@_name'] !== 'findings').map((c) => Number(c['@_time']));
        assert.ok(
            recordTimes.some((t) => t > 0),
            'a DNS query takes more than 0 s',
        );
        const suiteTimes = [doc.testsuites.testsuite].flat().map((s) => Number(s['@_time']));
        assert.ok(suiteTimes.reduce((a, b) => a + b, 0) >= Math.max(...recordTimes));
        const json = JSON.parse((await runCli(['check', '-A', '--demo', '-o', 'json'])).stdout);
        assert.equal(json.timing.startedAt, '2026-11-23T00:00:00.000Z');
        assert.equal(typeof json.timing.elapsedMs, 'number');
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});
