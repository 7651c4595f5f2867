import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { startTestDnsServer } from '../kit/dns/test-server.js';

/** The demo checked against a test DNS server that drops every query: each record's query times out alike. */
async function checkAgainstSilentServer(t: { after(fn: () => Promise<void>): void }, ...extra: string[]) {
    const silent = await startTestDnsServer({ fault: 'drop' });
    t.after(() => silent.stop());
    const r = await runCli(['check', '--demo', '--server', `127.0.0.1:${silent.port}`, '--timeout', '50ms', '--retries', '0', ...extra]);
    return { r, server: `127.0.0.1:${silent.port}` };
}

test('check against a server that answers nothing: one error line with the count, not one per record', async (t) => {
    const { r, server } = await checkAgainstSilentServer(t);
    assert.equal(r.code, 5, r.stderr);
    const errorLines = r.stdout.split('\n').filter((l) => l.startsWith('error '));
    assert.deepEqual(errorLines, [
        `error 21 queries (3 Services: default/kubernetes, default/nginx, default/nginx-public): no reply from ${server} within 50 ms`,
    ]);
    // -o github: one annotation for them too (GitHub shows only a few per step)
    const github = (await checkAgainstSilentServer(t, '-o', 'github')).r.stdout.split('\n').filter((l) => l.startsWith('::error '));
    assert.equal(github.length, 1, github.join('\n'));
    assert.match(github[0]!, /^::error title=svcdig 21 queries failed::21 queries failed alike: no reply from 127\.0\.0\.1:\d+ within 50 ms$/);
    // JSON keeps every record's own error
    const json = JSON.parse((await checkAgainstSilentServer(t, '-o', 'json')).r.stdout);
    const failed = json.services.flatMap((s: { records: { verdict: string; error?: string }[] }) => s.records.filter((x) => x.verdict === 'error'));
    assert.equal(failed.length, 21);
    for (const x of failed) assert.match(x.error, /^no reply from 127\.0\.0\.1:\d+ within 50 ms$/);
});

test("check counts DNS errors apart from findings: a DNS-ERRORS column, the summary, JSON's summary.dnsErrors and JUnit", async (t) => {
    const { r } = await checkAgainstSilentServer(t);
    const lines = r.stdout.split('\n');
    assert.match(lines[0]!, /^NAMESPACE\s+SERVICE\s+RECORDS\s+DNS-ERRORS\s+ERRORS\s+WARNINGS\s+RESULT$/);
    // nginx: 7 records, all failed; its one finding is a warning, so ERRORS (findings) stays 0
    assert.match(r.stdout, /^default\s+nginx\s+0\/7\s+7\s+0\s+1\s+FAIL$/m);
    assert.match(r.stdout, /^3 Services, 0\/21 records ok, 21 DNS errors; findings: 0 errors, 1 warning; 3 failed: 3 with DNS errors; /m);
    assert.doesNotMatch(r.stdout, /failed \(--fail-on/, 'the failures are DNS errors: --fail-on, which judges findings, is not their cause');
    const json = JSON.parse((await checkAgainstSilentServer(t, '-o', 'json')).r.stdout);
    assert.equal(json.summary.dnsErrors, 21);
    assert.equal(json.summary.errors, 0, 'errors counts error findings only');
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-junit-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    await checkAgainstSilentServer(t, '--junit', join(dir, 'out.xml'));
    const xml = readFileSync(join(dir, 'out.xml'), 'utf8');
    const suiteErrors = [...xml.matchAll(/<testsuite [^>]*errors="(\d+)"/g)].map((m) => Number(m[1]));
    assert.equal(
        suiteErrors.reduce((a, b) => a + b, 0),
        21,
    );
    assert.equal([...xml.matchAll(/<error message="no reply from/g)].length, 21, 'each record keeps its own error');
});

test('check: an error met once is still a line naming its record', async (t) => {
    // only the nginx Service's own A record goes unanswered
    const dns = await startTestDnsServer({ fault: 'none', records: [], drop: (name, type) => name === 'nginx.default.svc.cluster.local' && type === 'A' });
    t.after(() => dns.stop());
    const r = await runCli(['check', '--demo', 'nginx', '--server', `127.0.0.1:${dns.port}`, '--timeout', '50ms', '--retries', '0']);
    const errorLines = r.stdout.split('\n').filter((l) => l.startsWith('error '));
    assert.deepEqual(errorLines, [`error default/nginx: A nginx.default.svc.cluster.local: no reply from 127.0.0.1:${dns.port} within 50 ms`]);
    assert.match(r.stdout, /, 1 DNS error; findings:/);
});

test('--fail-on info: an info finding fails the run, is listed in the table and counted in the summary', async () => {
    // the demo's nginx-public has only info findings (PODS_PREDATE_SERVICE, NDOTS_COST); its records all match
    const lenient = await runCli(['check', '--demo', 'nginx-public', '--fail-on', 'warning']);
    assert.equal(lenient.code, 0, lenient.stdout);
    assert.doesNotMatch(lenient.stdout, /^info /m, 'info findings are left to -o wide');
    const strict = await runCli(['check', '--demo', 'nginx-public', '--fail-on', 'info']);
    assert.equal(strict.code, 1, strict.stdout);
    assert.match(strict.stdout, /^default\s+nginx-public\s+8\/8\s+0\s+0\s+0\s+FAIL$/m);
    assert.match(strict.stdout, /^info {2}default\/nginx-public: PODS_PREDATE_SERVICE: /m);
    assert.match(strict.stdout, /findings: 0 errors, 0 warnings, 2 info; 1 failed: 1 with findings at or above --fail-on info;/);
    const github = await runCli(['check', '--demo', 'nginx-public', '--fail-on', 'info', '-o', 'github']);
    assert.match(github.stdout, /^::notice title=svcdig default\/nginx-public PODS_PREDATE_SERVICE::/m);
    const json = JSON.parse((await runCli(['check', '--demo', 'nginx-public', '--fail-on', 'info', '-o', 'json'])).stdout);
    assert.equal(json.failOn, 'info');
    assert.equal(json.services[0].failed, true);
});
