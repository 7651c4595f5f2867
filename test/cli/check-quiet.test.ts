import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/run-cli.js';
import { scenarioClusterPath } from '../helpers/scenarios.js';

test('check --quiet prints the summary line only: the last line of the table, no rows, no details', async () => {
    const full = await runCli(['check', '-A', '--demo']);
    const quiet = await runCli(['check', '-A', '--demo', '--quiet']);
    assert.equal(quiet.code, full.code);
    assert.equal(quiet.code, 1);
    assert.equal(quiet.stdout.split('\n').length, 2, quiet.stdout);
    assert.match(quiet.stdout, /^4 Services, \d+\/\d+ records ok, 0 DNS errors; findings: 0 errors, 1 warning; 1 failed: 1 with differences; /);
    // each run has its own demo DNS port
    const samePort = (s: string) => s.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT');
    assert.ok(samePort(full.stdout).endsWith(samePort(quiet.stdout)), full.stdout);
    assert.doesNotMatch(quiet.stdout, /NAMESPACE|diff |warn /);
});

test('check -q -o wide, and with nothing queried: the summary and how to query, nothing else', async () => {
    const r = await runCli(['check', '-A', '-f', scenarioClusterPath('seed-004-web-statefulset'), '-q', '-o', 'wide']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2, r.stdout);
    assert.match(lines[0]!, /0 of 23 records queried/);
    assert.match(lines[1]!, /--server HOST\[:PORT\]/);
});

for (const format of ['json', 'yaml', 'github']) {
    test(`check --quiet -o ${format} is a usage error (exit 2), found before any file is read`, async () => {
        const r = await runCli(['check', '--quiet', '-o', format, '-f', '/nonexistent/cluster.yaml']);
        assert.equal(r.code, 2);
        assert.equal(r.stdout, '');
        assert.match(r.stderr, new RegExp(`--quiet is for -o table and wide .*-o ${format} has no summary-only form`));
        assert.doesNotMatch(r.stderr, /nonexistent/);
    });
}
