/**
 * DNS faults through the CLI: `resolve NAME -f cluster.yaml --server 127.0.0.1:PORT` against the test kit's DNS
 * server (test/kit/dns/test-server.ts), one fault at a time, and `check` against a server that answers only part of the
 * questions. The resolver's rules (RFC 1035 §4.2.1 and RFC 7766 for TC → TCP, RFC 5452 §9.1 for ignoring replies whose
 * ID, question or source port do not match): each fault ends with the documented exit code (1 = the DNS answered
 * differently, 5 = no usable answer), a one-line reason in the report, and never a stack trace; `check` keeps the
 * results it did get.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { snapshotFromObjects } from '../../src/core/snapshot-from-objects.js';
import type { CheckReport } from '../../src/core/check-report.js';
import { dnsConfigFor } from '../../src/core/dns/corefile.js';
import type { ResolveReport } from '../../src/core/resolve-report.js';
import { runCli } from '../helpers/run-cli.js';
import { startTestDnsServer, type Fault } from '../kit/dns/test-server.js';
import { scenarioRecords } from '../kit/dns/scenario-zone.js';
import { clusterObjects, STACK } from '../kit/live-cluster.js';

type T = { after: (fn: () => Promise<void> | void) => void };

const NAME = 'web-0.web.dev.svc.cluster.local';
const RECORDS = [{ name: NAME, type: 'A', ttl: 30, data: '10.244.1.10' }];

function clusterFile(t: T): string {
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-dns-faults-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'cluster.yaml');
    writeFileSync(
        file,
        clusterObjects()
            .map((o) => stringify(o))
            .join('---\n'),
    );
    return file;
}

const resolveArgs = (file: string, port: number, output: string) => [
    'resolve',
    `${NAME}.`,
    '-f',
    file,
    '--server',
    `127.0.0.1:${port}`,
    '--timeout',
    '300ms',
    '--retries',
    '0',
    '-o',
    output,
];

/** Expected outcome of each fault: exit code, verdict and the reason the report gives (one line). */
const MATRIX: { fault: Fault; code: number; verdict: string; reason: RegExp; transport?: 'udp' | 'tcp' }[] = [
    { fault: 'none', code: 0, verdict: 'match', reason: /^$/, transport: 'udp' },
    { fault: 'drop', code: 5, verdict: 'error', reason: /^no reply from 127\.0\.0\.1:\d+ within 300 ms$/ },
    { fault: 'delay', code: 5, verdict: 'error', reason: /^no reply from 127\.0\.0\.1:\d+ within 300 ms$/ },
    // TC=1 over UDP: the stub retries over TCP and gets the full answer.
    { fault: 'tc-empty', code: 0, verdict: 'match', reason: /^$/, transport: 'tcp' },
    { fault: 'tc-partial', code: 0, verdict: 'match', reason: /^$/, transport: 'tcp' },
    // RFC 5452: replies that do not match the query are ignored, so the query times out, saying what it ignored.
    { fault: 'wrong-id', code: 5, verdict: 'error', reason: /within 300 ms \(ignored 1 reply: wrong id\)$/ },
    { fault: 'wrong-question', code: 5, verdict: 'error', reason: /within 300 ms \(ignored 1 reply: wrong question\)$/ },
    { fault: 'not-response', code: 5, verdict: 'error', reason: /within 300 ms \(ignored 1 reply: not a response\)$/ },
    { fault: 'other-port', code: 5, verdict: 'error', reason: /^no reply from 127\.0\.0\.1:\d+ within 300 ms$/ },
    { fault: 'spoof-then-answer', code: 0, verdict: 'match', reason: /^$/, transport: 'udp' },
    // An answer, just not the expected one: a mismatch (exit 1) with the rcode's meaning.
    {
        fault: 'servfail',
        code: 1,
        verdict: 'mismatch',
        reason: /rcode: expected NOERROR, got SERVFAIL — SERVFAIL: CoreDNS has not synced with the API yet, or cannot reach it/,
    },
    { fault: 'refused', code: 1, verdict: 'mismatch', reason: /rcode: expected NOERROR, got REFUSED — REFUSED: the server does not serve this zone/ },
    { fault: 'garbage', code: 5, verdict: 'error', reason: /^malformed reply from 127\.0\.0\.1:\d+: a name has an unknown label type 0x40$/ },
    { fault: 'short-garbage', code: 5, verdict: 'error', reason: /\(ignored 1 reply: shorter than a DNS header\)$/ },
    { fault: 'truncated-rdata', code: 5, verdict: 'error', reason: /^malformed reply from .*declares 4 bytes of data but only 2 remain$/ },
    { fault: 'bad-rdlength', code: 5, verdict: 'error', reason: /^malformed reply from .*has 3 bytes of data; an IPv4 address takes 4$/ },
    { fault: 'trailing-garbage', code: 5, verdict: 'error', reason: /^malformed reply from .*5 unexpected bytes after the last record$/ },
    {
        fault: 'tcp-cut',
        code: 5,
        verdict: 'error',
        reason: /^the UDP reply was truncated \(TC\) and the retry over TCP failed: .*closed the TCP connection mid-message \(got \d+ of \d+ bytes\)$/,
    },
    // TC over UDP, then silence over TCP: not just "no reply", since the server did answer over UDP.
    {
        fault: 'tc-then-silent',
        code: 5,
        verdict: 'error',
        reason: /^the UDP reply was truncated \(TC\) and TCP did not answer: no reply from 127\.0\.0\.1:\d+ within 300 ms$/,
    },
];

describe('DNS faults through `svcdig resolve --server`', () => {
    for (const m of MATRIX) {
        it(`${m.fault}: exit ${m.code}, verdict ${m.verdict}`, async (t) => {
            const file = clusterFile(t);
            const fs = await startTestDnsServer({ records: RECORDS, fault: m.fault });
            t.after(() => fs.stop());

            const json = await runCli(resolveArgs(file, fs.port, 'json'));
            assert.equal(json.code, m.code, json.stdout + json.stderr);
            assert.doesNotMatch(json.stderr, STACK);
            const report = JSON.parse(json.stdout) as ResolveReport;
            const result = report.results[0]!;
            assert.equal(result.verdict, m.verdict);
            if (m.transport) assert.equal(result.transport, m.transport);
            if (m.verdict === 'error') {
                assert.match(result.error ?? '', m.reason);
                assert.equal(report.errors.length, 1);
                assert.doesNotMatch(report.errors[0]!.message, /\n/);
            } else if (m.verdict === 'mismatch') {
                assert.equal(result.actual?.rcode, m.fault === 'servfail' ? 'SERVFAIL' : 'REFUSED');
            }

            const table = await runCli(resolveArgs(file, fs.port, 'table'));
            assert.equal(table.code, m.code);
            assert.doesNotMatch(table.stderr, STACK);
            if (m.verdict === 'error') {
                const line = table.stdout.split('\n').find((l) => l.startsWith('  error: '));
                assert.match(line?.slice('  error: '.length) ?? '', m.reason, table.stdout);
            }
            if (m.verdict === 'mismatch') assert.match(table.stdout, m.reason);
        });
    }

    it('TC loop: a server that sets TC over TCP as well → one UDP try, one TCP try, no loop; the empty answer is a mismatch', async (t) => {
        const file = clusterFile(t);
        // TC=1 with no records over UDP and TCP alike (the name exists: NOERROR, as the old loop server answered)
        const srv = await startTestDnsServer({ records: RECORDS, fault: 'tc-always' });
        t.after(() => srv.stop());
        const started = Date.now();
        const r = await runCli(resolveArgs(file, srv.port, 'json'));
        assert.ok(Date.now() - started < 3000, 'bounded');
        assert.doesNotMatch(r.stderr, STACK);
        assert.deepEqual(
            { udp: srv.stats.udp, tcp: srv.stats.tcp },
            { udp: 1, tcp: 1 },
            'TC over TCP is not retried again (RFC 7766: TCP has no truncation to escape)',
        );
        const result = (JSON.parse(r.stdout) as ResolveReport).results[0]!;
        assert.equal(result.transport, 'tcp');
        assert.equal(result.verdict, 'mismatch', 'the expected A record is missing from what the server gave');
        assert.equal(r.code, 1);
    });
});

describe('DNS faults through `svcdig check --server`: partial results are kept', () => {
    async function partialServer(t: T, drop: (name: string) => boolean) {
        const snap = snapshotFromObjects(clusterObjects(), 'fixture');
        const { records, questions } = scenarioRecords(snap, dnsConfigFor(snap.corednsConfigMap?.data?.Corefile, {}));
        const srv = await startTestDnsServer({ records: [...records.values()].flat(), delayMs: 1, drop });
        t.after(() => srv.stop());
        return { srv, questions };
    }
    const checkArgs = (file: string, port: number) => [
        'check',
        '-A',
        '-f',
        file,
        '--server',
        `127.0.0.1:${port}`,
        '--timeout',
        '300ms',
        '--retries',
        '0',
        '-o',
        'json',
    ];

    it("the server ignores the web Service's names: those records are errors, the rest still match (exit 1)", async (t) => {
        const file = clusterFile(t);
        const { srv } = await partialServer(t, (n) => n.includes('web.dev.svc'));
        const r = await runCli(checkArgs(file, srv.port));
        assert.equal(r.code, 1, r.stderr);
        assert.doesNotMatch(r.stderr, STACK);
        const report = JSON.parse(r.stdout) as CheckReport;
        assert.equal(report.services.length, 4);
        for (const s of report.services) {
            for (const rec of s.records) {
                const dropped = rec.name.includes('web.dev.svc');
                assert.equal(rec.verdict, dropped ? 'error' : 'match', `${rec.name} ${rec.type}`);
                if (dropped) assert.match(rec.error ?? '', /^no reply from 127\.0\.0\.1:\d+ within 300 ms$/);
            }
        }
        assert.ok(report.services.find((s) => s.name === 'api')!.records.length > 0);
        assert.ok(report.errors.length >= 1 && report.errors.every((e) => !e.message.includes('\n')));
    });

    it('the server answers nothing: every record is an error, the report is still printed (exit 5)', async (t) => {
        const file = clusterFile(t);
        const { srv, questions } = await partialServer(t, () => true);
        const r = await runCli(checkArgs(file, srv.port));
        assert.equal(r.code, 5, r.stderr);
        assert.doesNotMatch(r.stderr, STACK);
        const report = JSON.parse(r.stdout) as CheckReport;
        const records = report.services.flatMap((s) => s.records);
        assert.equal(records.length, questions.length, 'every expected record is reported');
        assert.ok(records.every((x) => x.verdict === 'error'));
    });
});
