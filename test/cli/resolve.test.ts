import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/run-cli.js';
import { scenarioClusterPath } from '../helpers/scenarios.js';
import { assertGolden } from '../helpers/golden.js';
import { startTestDnsServer } from '../kit/dns/test-server.js';

const seed004 = scenarioClusterPath('seed-004-web-statefulset');
const seed002 = scenarioClusterPath('seed-002-nginx-headless-dashed-ip');

test('the demo shows a real side-by-side: a drifted DNS answer is a mismatch with its reason, exit 1', async () => {
    const r = await runCli(['resolve', 'nginx', 'web-0.nginx', 'web-2.nginx', '--demo']);
    assert.equal(r.code, 1, r.stderr);
    const blocks = r.stdout.split(/\n(?=\S)/);
    assert.match(
        blocks.find((b) => b.startsWith('nginx A'))!,
        /MISMATCH/,
    );
    assert.match(
        blocks.find((b) => b.startsWith('web-0.nginx A'))!,
        /MATCH/,
    );
    assert.doesNotMatch(
        blocks.find((b) => b.startsWith('web-0.nginx A'))!,
        /MISMATCH/,
    );
    assert.match(r.stdout, /unexpected nginx\.default\.svc\.cluster\.local A 10\.44\.0\.4 — 10\.44\.0\.4 belongs to no pod or Service in the API/);
    assert.match(r.stdout, /web-2 \(10\.44\.0\.6\) is not Ready/);
});

test('resolve --expected-only prints the JSON contract: ResolveReport with candidates in search order', async () => {
    const r = await runCli(['resolve', 'web-0.nginx', '-f', seed004, '--expected-only', '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.apiVersion, 'svcdig/v1alpha1');
    assert.equal(report.kind, 'ResolveReport');
    assert.deepEqual(report.errors, []);
    const [res] = report.results;
    assert.deepEqual(res.query, { name: 'web-0.nginx', type: 'A' });
    assert.equal(res.verdict, 'expected-only');
    assert.equal(res.actual, null);
    assert.equal(res.answeredBy, 'web-0.nginx.default.svc.cluster.local');
    assert.equal(res.candidates[0].name, 'web-0.nginx.default.svc.cluster.local');
    assert.deepEqual(res.expected.answers, [{ name: 'web-0.nginx.default.svc.cluster.local', type: 'A', ttl: 30, data: '10.44.0.5' }]);
    assert.deepEqual(report.dns.search, ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local']);
    assert.equal(report.dns.ndots, 5);
});

test('a name from another namespace walks the search list and reports every candidate tried', async () => {
    const r = await runCli(['resolve', 'web-0.nginx', '-n', 'kube-system', '-f', seed004, '--expected-only', '-o', 'json']);
    const res = JSON.parse(r.stdout).results[0];
    assert.deepEqual(
        res.candidates.map((c: { name: string; expected: { rcode: string } }) => [c.name, c.expected.rcode]),
        [
            ['web-0.nginx.kube-system.svc.cluster.local', 'NXDOMAIN'],
            ['web-0.nginx.svc.cluster.local', 'NXDOMAIN'],
            ['web-0.nginx.cluster.local', 'NXDOMAIN'],
            ['web-0.nginx', 'NOERROR'],
        ],
    );
    assert.equal(res.queries, 4);
});

test('a trailing dot is absolute: one candidate, one query', async () => {
    const r = await runCli(['resolve', 'web-0.nginx.default.svc.cluster.local.', '-f', seed004, '--expected-only', '-o', 'json']);
    const res = JSON.parse(r.stdout).results[0];
    assert.equal(res.candidates.length, 1);
    assert.equal(res.queries, 1);
});

test('an IP address means its PTR, as dig -x does', async () => {
    const r = await runCli(['resolve', '10.44.0.5', '-f', seed004, '--expected-only', '-o', 'json']);
    const res = JSON.parse(r.stdout).results[0];
    // absolute, as dig -x asks it: one candidate, no search list
    assert.deepEqual(res.query, { name: '5.0.44.10.in-addr.arpa.', type: 'PTR' });
    assert.deepEqual(
        res.candidates.map((c: { name: string }) => c.name),
        ['5.0.44.10.in-addr.arpa'],
    );
    assert.equal(res.expected.answers[0].data, 'web-0.nginx.default.svc.cluster.local');
});

test('--batch reads "NAME [TYPE]" lines from stdin, skipping comments and blank lines', async () => {
    const r = await runCli(['resolve', '--batch', '-', '-f', seed002, '--expected-only', '-o', 'json'], {
        stdin: '# headless service\nnginx-service A\n\n10.2.39.2\n_http._tcp.nginx-service SRV ; no such port name\n',
    });
    assert.equal(r.code, 0, r.stderr);
    const results = JSON.parse(r.stdout).results;
    assert.deepEqual(
        results.map((x: { query: { name: string; type: string } }) => `${x.query.name} ${x.query.type}`),
        ['nginx-service A', '2.39.2.10.in-addr.arpa. PTR', '_http._tcp.nginx-service SRV'],
    );
    assert.equal(results[0].expected.answers.length, 3);
    assert.equal(results[1].expected.answers[0].data, '10-2-39-2.nginx-service.default.svc.cluster.local');
});

test('a malformed --batch line names the line, exit 2', async () => {
    const r = await runCli(['resolve', '--batch', '-', '-f', seed002, '--expected-only'], { stdin: 'nginx-service A\nnginx-service A +short\n' });
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'error: --batch line 2: +short applies to the whole run, not one line: give it on the command line\n');
});

test('a name with non-ASCII characters is a usage error before any query, exit 2 (Kubernetes names are ASCII)', async () => {
    const server = await startTestDnsServer({ records: [] });
    try {
        const r = await runCli(['resolve', 'café', '--demo', '--server', `127.0.0.1:${server.port}`]);
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, /^error: invalid name "café": holds non-ASCII characters/m);
        assert.equal(server.load.queries, 0);
    } finally {
        await server.stop();
    }
});

test('an unknown record type is a usage error, exit 2', async () => {
    const r = await runCli(['resolve', 'nginx', '-t', 'BOGUS', '--demo']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown record type "BOGUS"/);
});

test('-o dig prints the expected reply and the received one the way dig does', async () => {
    const r = await runCli(['resolve', 'web-0.nginx', '--demo', '-o', 'dig']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /svcdig expected/);
    assert.match(r.stdout, /;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: \d+/);
    assert.match(r.stdout, /;; ANSWER SECTION:\nweb-0\.nginx\.default\.svc\.cluster\.local\.\s+30\s+IN\s+A\s+10\.44\.0\.5/);
    assert.match(r.stdout, /;; SERVER: 127\.0\.0\.1#\d+/);
});

test('files without --server show expected records only and say so on stderr', async () => {
    const r = await runCli(['resolve', 'web-0.nginx', '-f', seed004]);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /no DNS server to ask/);
    assert.match(r.stdout, /EXPECTED ONLY/);
});

test('musl stops at NODATA where glibc goes on (--stub)', async () => {
    // web-0.nginx.default.svc.cluster.local has no AAAA: NODATA at the first candidate.
    const glibc = JSON.parse((await runCli(['resolve', 'web-0.nginx', '-t', 'AAAA', '-f', seed004, '--expected-only', '-o', 'json'])).stdout).results[0];
    const musl = JSON.parse((await runCli(['resolve', 'web-0.nginx', '-t', 'AAAA', '-f', seed004, '--expected-only', '-o', 'json', '--stub', 'musl'])).stdout)
        .results[0];
    assert.equal(musl.queries, 1);
    assert.ok(glibc.queries > 1, `glibc tried ${glibc.queries}`);
});

test('an IPv4-only ClusterIP Service asked for AAAA (what every glibc client sends) is a MATCH, relative and absolute, both stubs', async () => {
    for (const name of ['nginx-public', 'nginx-public.default', 'nginx-public.default.svc.cluster.local.']) {
        for (const stub of ['glibc', 'musl']) {
            const r = await runCli(['resolve', name, '-t', 'AAAA', '--stub', stub, '--demo', '-o', 'json']);
            assert.equal(r.code, 0, `${name} ${stub}: ${r.stdout}`);
            const [res] = JSON.parse(r.stdout).results;
            assert.equal(res.verdict, 'match', `${name} ${stub}: ${JSON.stringify(res.differences)}`);
            assert.deepEqual(res.differences, []);
            // the lookup gets NODATA from the Service's own name, and both sides say the walk ends in the same place
            // (glibc: no candidate answers; musl: it stops at the first NOERROR)
            assert.equal(res.actual.rcode, 'NOERROR');
            assert.equal(res.actual.answers.length, 0);
            assert.equal(res.answeredBy, res.actualAnsweredBy ?? null, `${name} ${stub}`);
            if (stub === 'glibc') assert.equal(res.answeredBy, null);
        }
    }
});

test('a drifted name reports where each side answered, not a made-up difference of its own', async () => {
    const r = await runCli(['resolve', 'web-2.nginx', '--demo', '-o', 'json']);
    assert.equal(r.code, 1);
    const [res] = JSON.parse(r.stdout).results;
    assert.equal(res.actualAnsweredBy, 'web-2.nginx.default.svc.cluster.local');
    assert.equal(res.answeredBy, 'web-2.nginx');
    // what differs is the stale record and the rcode at the candidate that answered, nothing else
    assert.deepEqual(
        res.differences.filter((d: { noteOnly: boolean }) => !d.noteOnly).map((d: { kind: string; candidate: string }) => [d.kind, d.candidate]),
        [
            ['rcode', 'web-2.nginx.default.svc.cluster.local'],
            ['unexpected', 'web-2.nginx.default.svc.cluster.local'],
        ],
    );
    assert.equal(res.expectedQueries, 4, 'the expected walk asks all four candidates');
    assert.equal(res.queries, 1, 'the actual walk stopped at the first');
    // each side: the candidate it ended at and the queries it cost, never one side's candidate with the other's count
    const table = await runCli(['resolve', 'web-2.nginx', '--demo']);
    assert.match(
        table.stdout,
        /^web-2\.nginx A → expected: candidate 4 web-2\.nginx \(4 queries\) · actual: candidate 1 web-2\.nginx\.default\.svc\.cluster\.local \(1 query\) {3}MISMATCH$/m,
    );
});

test('resolve header: where both sides end at one candidate, it is named first with the cost on each side; expected-only shows the expected side', async () => {
    const both = await runCli(['resolve', 'web-0.nginx', 'nope', '--demo']);
    assert.match(both.stdout, /^web-0\.nginx A → web-0\.nginx\.default\.svc\.cluster\.local \(search list: candidate 1, 1 query on each side\) {3}MATCH$/m);
    assert.match(both.stdout, /^nope A → no candidate answers \(4 queries on each side\)/m);
    const expectedOnly = await runCli(['resolve', 'web-0.nginx', '--demo', '--expected-only']);
    assert.match(expectedOnly.stdout, /^web-0\.nginx A → web-0\.nginx\.default\.svc\.cluster\.local \(search list: candidate 1, 1 query\) {3}EXPECTED ONLY$/m);
    const absolute = await runCli(['resolve', 'web-0.nginx.default.svc.cluster.local.', '--demo']);
    assert.match(absolute.stdout, /^web-0\.nginx\.default\.svc\.cluster\.local\. A → web-0\.nginx\.default\.svc\.cluster\.local {3}MATCH$/m);
});

test('a walk where no candidate answers costs every candidate, NODATA first or not: the header counts what the table lists', async () => {
    // nginx has no AAAA (NODATA at candidate 1): glibc goes on through all four, and so does the expected walk
    for (const type of ['AAAA', 'ANY']) {
        const r = await runCli(['resolve', 'nginx', type, '--demo']);
        assert.match(r.stdout, new RegExp(`^nginx ${type} → no candidate answers \\(4 queries on each side\\)`, 'm'), r.stdout);
        const [res] = JSON.parse((await runCli(['resolve', 'nginx', type, '--demo', '-o', 'json'])).stdout).results;
        assert.equal(res.expectedQueries, 4);
        assert.equal(res.queries, 4);
    }
    const musl = await runCli(['resolve', 'nginx', 'AAAA', '--demo', '--stub', 'musl']);
    assert.match(musl.stdout, /^nginx AAAA → nginx\.default\.svc\.cluster\.local \(search list: candidate 1, 1 query on each side\)/m);
});

test('the candidate table on a mismatch: shown when the walk went past one candidate or the sides ended apart, not to repeat one row', async () => {
    const oneRow = await runCli(['resolve', 'nginx', '--demo']);
    assert.match(oneRow.stdout, /^nginx A → nginx\.default\.svc\.cluster\.local \(search list: candidate 1, 1 query on each side\) {3}MISMATCH$/m);
    assert.doesNotMatch(oneRow.stdout, /CANDIDATE/, oneRow.stdout);
    assert.match(oneRow.stdout, /^ {2}expected: NOERROR, 2 records {3}actual: NOERROR, 3 records/m);
    const apart = await runCli(['resolve', 'web-2.nginx', '--demo']);
    assert.match(apart.stdout, /^ {2}CANDIDATE\s+EXPECTED\s+ACTUAL$/m);
    const wide = await runCli(['resolve', 'nginx', '--demo', '-o', 'wide']);
    assert.match(wide.stdout, /^ {2}CANDIDATE\s+EXPECTED\s+ACTUAL$/m, '-o wide shows it always');
});

test('resolve against a server that answers nothing: the shared error once, with its count, after the results', async (t) => {
    const silent = await startTestDnsServer({ fault: 'drop' });
    t.after(() => silent.stop());
    const server = `127.0.0.1:${silent.port}`;
    const args = [
        'resolve',
        'nginx',
        'web-0.nginx',
        'web-1.nginx',
        '-t',
        'A',
        '-t',
        'SRV',
        '--demo',
        '--server',
        server,
        '--timeout',
        '50ms',
        '--retries',
        '0',
    ];
    const r = await runCli(args);
    assert.equal(r.code, 5, r.stderr);
    const errorLines = r.stdout.split('\n').filter((l) => /error:/.test(l));
    assert.deepEqual(errorLines, [
        ...Array(6).fill('  error: see below: 6 queries failed alike'),
        `error: 6 queries (nginx A, nginx SRV, web-0.nginx A, … 3 more): no reply from ${server} within 50 ms`,
    ]);
    // the header says which side failed and what it cost
    assert.match(
        r.stdout,
        /^nginx A → expected: candidate 1 nginx\.default\.svc\.cluster\.local \(1 query\) · actual: no answer \(1 query, the last failed\) {3}ERROR$/m,
    );
    const json = JSON.parse((await runCli([...args, '-o', 'json'])).stdout);
    assert.equal(json.results.length, 6);
    for (const res of json.results) assert.equal(res.error, `no reply from ${server} within 50 ms`);
});

test('every record type of the table is a query type: HTTPS, SVCB, DNAME and TYPEnnn are asked, not refused', async () => {
    for (const type of ['HTTPS', 'SVCB', 'DNAME', 'CAA', 'TYPE65', 'type99']) {
        const r = await runCli(['resolve', 'nginx-public', '-t', type, '--demo', '-o', 'json']);
        assert.equal(r.code, 0, `${type}: ${r.stderr}`);
        const [res] = JSON.parse(r.stdout).results;
        assert.equal(res.verdict, 'match', type);
    }
    const bad = await runCli(['resolve', 'nginx-public', '-t', 'TYPE70000', '--demo']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown record type "TYPE70000": TYPEnnn takes a type code from 1 to 65535/);
});

test('diffs a person reads at a glance: records are paired before they are judged (goldens of the demo drift)', async () => {
    // the query's source port and round-trip time change from run to run
    const steady = (text: string) => text.replace(/\(127\.0\.0\.1:\d+ (UDP|TCP), [\d.]+ ms\)/g, '(127.0.0.1:PORT $1, RTT)');
    const srv = await runCli(['resolve', 'nginx', '-t', 'SRV', '--demo', '-o', 'wide']);
    assert.equal(srv.code, 1);
    // two targets whose weight drifted are two changed rows, the stale third target one unexpected row
    assert.deepEqual(
        srv.stdout
            .split('\n')
            .filter((l) => /^\s+diff:/.test(l))
            .map((l) => l.trim().split(' ')[1]),
        ['changed', 'changed', 'unexpected'],
    );
    assertGolden('resolve/demo.nginx.SRV.wide.txt', steady(srv.stdout));
    const a = await runCli(['resolve', 'nginx', 'web-2.nginx', '--demo', '-o', 'wide']);
    assertGolden('resolve/demo.nginx.A.wide.txt', steady(a.stdout));
});
