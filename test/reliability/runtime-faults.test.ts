/**
 * Runtime faults that must end in a clean result, never a crash (issue 12): port-forward streams torn down by tiny
 * timeouts or a thousand queries at once, and a DNS server that never answers (`check --deadline`).
 * The fake API server port-forwards CoreDNS's port 53 to the in-process fault server on loopback.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { CheckReport } from '../../src/core/check-report.js';
import { runCli } from '../helpers/run-cli.js';
import { startTestDnsServer, type Fault } from '../kit/dns/test-server.js';
import { clusterObjects, liveFixture, STACK, type LiveFixture } from '../kit/live-cluster.js';

type T = Parameters<typeof liveFixture>[0];

const COREDNS = 'kube-system/coredns-5d78c9869d-abcde:53';

/** The fixture cluster with CoreDNS's port 53 forwarded to a fault server answering the api Service's A record. */
async function forwardedTo(t: T, fault: Fault = 'none'): Promise<LiveFixture> {
    const f = await liveFixture(t);
    const dns = await startTestDnsServer({ records: [{ name: 'api.dev.svc.cluster.local', type: 'A', ttl: 30, data: '10.96.5.5' }], fault });
    t.after(() => dns.stop());
    f.server.portForwards.set(COREDNS, { host: '127.0.0.1', port: dns.port });
    return f;
}

/** An 'error' event nobody listens to ends the process; the test runner reports it as a failure of this test too. */
function noUncaught(t: T): { errors: unknown[] } {
    const seen = { errors: [] as unknown[] };
    const onError = (err: unknown) => void seen.errors.push(err);
    process.on('uncaughtException', onError);
    t.after(() => void process.off('uncaughtException', onError));
    return seen;
}

describe('port-forward faults end each query cleanly', () => {
    it('resolve --via port-forward with timeouts of a few milliseconds: one-line errors, never exit 70', async (t) => {
        const f = await forwardedTo(t);
        const uncaught = noUncaught(t);
        for (const ms of [1, 2, 4, 6, 8, 10, 12, 15, 20, 30]) {
            const r = await f.run(['resolve', 'api', '--via', 'port-forward', '--timeout', `${ms}ms`]);
            assert.ok(r.code === 0 || r.code === 5, `--timeout ${ms}ms: exit ${r.code}\n${r.stderr}`);
            assert.doesNotMatch(r.stderr, /internal error|unhandled/i);
            assert.doesNotMatch(r.stdout + r.stderr, STACK);
            if (r.code === 5) assert.match(r.stdout, /^ {2}error: no reply from 10\.244\.0\.2:53 within \d+ ms \(TCP, 2 tries\)$/m);
        }
        // the streams of abandoned attempts close after the run; give them a moment to fail loudly if they would
        await new Promise((r) => setTimeout(r, 200));
        assert.deepEqual(uncaught.errors, []);
    });

    it('check --via port-forward --concurrency 1024: the run finishes, failed queries are counted as DNS errors', async (t) => {
        const f = await forwardedTo(t);
        const uncaught = noUncaught(t);
        for (const timeout of ['15ms', '2s']) {
            const r = await f.run(['check', '-A', '--via', 'port-forward', '--concurrency', '1024', '--timeout', timeout, '-o', 'json']);
            assert.ok(r.code === 0 || r.code === 1 || r.code === 5, `--timeout ${timeout}: exit ${r.code}\n${r.stderr}`);
            assert.doesNotMatch(r.stderr, /internal error|unhandled/i);
            const report = JSON.parse(r.stdout) as { services: { records: { verdict: string; error?: string }[] }[] };
            const records = report.services.flatMap((s) => s.records);
            assert.ok(records.length > 10);
            for (const rec of records.filter((x) => x.verdict === 'error')) assert.match(rec.error!, /^[^\n]+$/, 'one line');
        }
        await new Promise((r) => setTimeout(r, 200));
        assert.deepEqual(uncaught.errors, []);
    });
});

describe('check --deadline', () => {
    it('a DNS server that never answers: the run stops at the deadline, says how far it got, exit 5', async (t) => {
        const dir = mkdtempSync(join(tmpdir(), 'svcdig-deadline-'));
        t.after(() => rmSync(dir, { recursive: true, force: true }));
        const file = join(dir, 'cluster.json');
        writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: clusterObjects() }));
        const silent = await startTestDnsServer({ records: [], fault: 'drop' });
        t.after(() => silent.stop());
        // Without a deadline: 2 records in flight, 30 s per query: many minutes.
        const argv = ['check', '-A', '-f', file, '--server', `127.0.0.1:${silent.port}`, '--timeout', '30s', '--retries', '0', '--concurrency', '2'];
        const junit = join(dir, 'junit.xml');
        const started = Date.now();
        const table = await runCli([...argv, '--deadline', '700ms', '--junit', junit]);
        const took = Date.now() - started;
        assert.equal(table.code, 5, table.stderr);
        assert.ok(took < 10_000, `stopped at the deadline (took ${took} ms)`);
        const m = /check: --deadline 700ms reached: checked (\d+) of (\d+) records; the rest are reported as not checked/.exec(table.stderr);
        assert.ok(m, table.stderr);
        assert.ok(Number(m[2]) > 10 && Number(m[1]) < Number(m[2]));
        assert.match(table.stdout, new RegExp(`--deadline 700ms reached: checked ${m[1]} of ${m[2]} records, ${Number(m[2]) - Number(m[1])} not checked\\n$`));
        assert.match(table.stdout, /incomplete/);
        assert.match(readFileSync(junit, 'utf8'), /<skipped message="not checked: --deadline 700ms reached"\/>/);

        const json = await runCli([...argv, '--deadline', '500ms', '-o', 'json']);
        assert.equal(json.code, 5);
        const report = JSON.parse(json.stdout) as CheckReport;
        const records = report.services.flatMap((s) => s.records);
        assert.equal(report.summary.notChecked, records.filter((r) => r.verdict === 'not-checked').length);
        assert.ok(report.summary.notChecked > 0);
        assert.deepEqual(report.deadline, { limit: '500ms', checked: records.length - report.summary.notChecked, records: records.length });
        assert.deepEqual(report.errors, [], 'records the deadline cut off are not DNS errors');
    });

    it('--wait longer than --deadline: the last complete round is the report', async () => {
        // the demo's DNS drift never goes away: rounds (each well under a second) start 2 s apart until the deadline,
        // which falls in the pause after round 2
        const r = await runCli(['check', 'nginx', '--demo', '--wait', '1m', '--deadline', '3s', '-o', 'json']);
        assert.equal(r.code, 1, r.stderr);
        assert.match(r.stderr, /check: round \d+: 1 Service still differs; --deadline 3s reached before --wait ran out/);
        const report = JSON.parse(r.stdout) as CheckReport;
        assert.ok(report.summary.records > 0);
        assert.equal(report.summary.notChecked, 0);
        assert.equal(report.deadline, undefined);
    });

    it('--deadline takes a duration', async () => {
        const r = await runCli(['check', '--demo', '--deadline', 'soon']);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /--deadline takes a duration/);
    });
});
