/**
 * Several --server: each is asked and their answers are shown side by side, disagreements flagged the way
 * --all-replicas flags replicas (--server-mode each, the default); --server-mode failover asks the next only when one
 * fails. Real DNS servers on loopback.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoClusterYaml } from '../../src/demo/demo-cluster.js';
import { startTestDnsServer } from '../kit/dns/test-server.js';
import { runCli } from '../helpers/run-cli.js';

const DEMO_CLUSTER_YAML = await demoClusterYaml();
const PUBLIC = 'nginx-public.default.svc.cluster.local';
const PUBLIC_IP = '10.96.120.15';

function clusterFile(t: { after(fn: () => void): void }): string {
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-servers-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'cluster.yaml');
    writeFileSync(file, DEMO_CLUSTER_YAML);
    return file;
}

async function serverAnswering(t: { after(fn: () => Promise<void>): void }, ip: string) {
    const s = await startTestDnsServer({ records: [{ name: PUBLIC, type: 'A', ttl: 30, data: ip }] });
    t.after(() => s.stop());
    return `127.0.0.1:${s.port}`;
}

test('two servers that disagree: both answers side by side, the one that differs from the others and the cluster flagged, exit 1', async (t) => {
    const file = clusterFile(t);
    const right = await serverAnswering(t, PUBLIC_IP);
    const stale = await serverAnswering(t, '10.96.99.99');
    const r = await runCli(['resolve', 'nginx-public', '--server', stale, '--server', right, '-f', file]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /MISMATCH/);
    assert.match(r.stdout, new RegExp(`^ {2}each server, asked ${PUBLIC.replace(/\./g, '\\.')}:$`, 'm'));
    assert.match(r.stdout, new RegExp(`^ {4}${stale}\\s+NOERROR, 1 record: 10\\.96\\.99\\.99\\s+DISAGREES$`, 'm'));
    assert.match(r.stdout, new RegExp(`^ {4}${right}\\s+NOERROR, 1 record: 10\\.96\\.120\\.15\\s+agrees$`, 'm'));
    // a tie goes to the server that matches the cluster: the stale one is named
    assert.match(r.stdout, new RegExp(`diff: server ${stale} lacks ${PUBLIC} A 10\\.96\\.120\\.15 — server ${stale} disagrees with ${right}$`, 'm'));
    assert.match(r.stdout, new RegExp(`diff: server ${stale} also answers ${PUBLIC} A 10\\.96\\.99\\.99 — server ${stale} disagrees with ${right}$`, 'm'));

    const json = await runCli(['resolve', 'nginx-public', '--server', stale, '--server', right, '-f', file, '-o', 'json']);
    const report = JSON.parse(json.stdout);
    assert.equal(report.dns.serverMode, 'each');
    assert.deepEqual(
        report.results[0].servers.map((s: { server: string; agrees: boolean; reply: { answers: { data: string }[] } }) => [
            s.server,
            s.agrees,
            s.reply.answers[0]!.data,
        ]),
        [
            [stale, false, '10.96.99.99'],
            [right, true, PUBLIC_IP],
        ],
    );
});

test('servers that agree: each one listed as agreeing, exit 0; failover asks the second only when the first fails', async (t) => {
    const file = clusterFile(t);
    const a = await serverAnswering(t, PUBLIC_IP);
    const b = await serverAnswering(t, PUBLIC_IP);
    const r = await runCli(['resolve', 'nginx-public', '--server', a, '--server', b, '-f', file]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.stdout.match(/\sagrees$/gm)?.length, 2, r.stdout);
    const stale = await serverAnswering(t, '10.96.99.99');
    const failover = await runCli(['resolve', 'nginx-public', '--server', a, '--server', stale, '--server-mode', 'failover', '-f', file, '-o', 'json']);
    assert.equal(failover.code, 0, failover.stderr);
    const report = JSON.parse(failover.stdout);
    assert.equal(report.dns.serverMode, 'failover');
    assert.equal(report.results[0].servers, undefined, 'failover: one answer, no per-server list');
    assert.equal(report.results[0].server, a);
});

test('a dead server and a live one: failover answers from the live one (exit 0); each shows both and exits 5', async (t) => {
    const file = clusterFile(t);
    const deadServer = await startTestDnsServer({ records: [], fault: 'drop' });
    t.after(() => deadServer.stop());
    const dead = `127.0.0.1:${deadServer.port}`;
    const live = await serverAnswering(t, PUBLIC_IP);
    const quick = ['--timeout', '200ms', '--retries', '0'];
    const failover = await runCli(['resolve', `${PUBLIC}.`, '--server', dead, '--server', live, '--server-mode', 'failover', ...quick, '-f', file]);
    assert.equal(failover.code, 0, failover.stdout + failover.stderr);
    assert.match(failover.stdout, new RegExp(`\\(${live} UDP`));
    const each = await runCli(['resolve', `${PUBLIC}.`, '--server', dead, '--server', live, ...quick, '-f', file]);
    assert.equal(each.code, 5, each.stdout + each.stderr);
    assert.match(each.stdout, new RegExp(`^ {4}${dead}\\s+error: no reply from ${dead} within 200 ms\\s+error$`, 'm'));
    assert.match(each.stdout, new RegExp(`^ {4}${live}\\s+NOERROR, 1 record: 10\\.96\\.120\\.15\\s+agrees$`, 'm'));
    const live2 = await serverAnswering(t, PUBLIC_IP);
    const secondDead = await runCli(['resolve', `${PUBLIC}.`, '--server', live, '--server', dead, '--server', live2, ...quick, '-f', file, '-o', 'json']);
    assert.equal(secondDead.code, 5, 'worst across servers: one unreachable is exit 5 though the others match');
    const report = JSON.parse(secondDead.stdout);
    assert.equal(report.results[0].verdict, 'match');
    assert.deepEqual(
        report.errors.map((e: { server: string }) => e.server),
        [dead],
    );
});

test('check: each record is checked on every server (worst verdict, every server named in JSON); failover asks the first that answers', async (t) => {
    const file = clusterFile(t);
    const right = await serverAnswering(t, PUBLIC_IP);
    const stale = await serverAnswering(t, '10.96.99.99');
    const aRecord = (stdout: string) =>
        (
            JSON.parse(stdout) as {
                services: { records: { name: string; type: string; verdict: string; servers?: { server: string; verdict: string }[] }[] }[];
            }
        ).services[0]!.records.find((r) => r.name === PUBLIC && r.type === 'A')!;
    const each = await runCli(['check', 'nginx-public', '--server', right, '--server', stale, '-f', file, '-o', 'json']);
    assert.equal(each.code, 1, each.stderr);
    assert.equal(JSON.parse(each.stdout).dns.serverMode, 'each');
    const record = aRecord(each.stdout);
    assert.equal(record.verdict, 'mismatch');
    assert.deepEqual(record.servers, [
        { server: right, verdict: 'match' },
        { server: stale, verdict: 'mismatch' },
    ]);
    const table = await runCli(['check', 'nginx-public', '--server', right, '--server', stale, '-f', file]);
    assert.match(table.stdout, new RegExp(`^diff  default/nginx-public: A ${PUBLIC}: server ${stale}: unexpected ${PUBLIC} A 10\\.96\\.99\\.99`, 'm'));
    const failover = await runCli(['check', 'nginx-public', '--server', right, '--server', stale, '--server-mode', 'failover', '-f', file, '-o', 'json']);
    assert.equal(aRecord(failover.stdout).verdict, 'match');
    assert.equal(aRecord(failover.stdout).servers, undefined);
});

test("check, each mode, one server down: one collapsed error line for it, and the other server's differences still listed", async (t) => {
    const file = clusterFile(t);
    const deadServer = await startTestDnsServer({ records: [], fault: 'drop' });
    t.after(() => deadServer.stop());
    const dead = `127.0.0.1:${deadServer.port}`;
    const stale = await serverAnswering(t, '10.96.99.99');
    const r = await runCli(['check', 'nginx-public', '--server', stale, '--server', dead, '--timeout', '200ms', '--retries', '0', '-f', file]);
    assert.equal(r.code, 5, r.stdout + r.stderr);
    const errorLines = r.stdout.split('\n').filter((l) => l.startsWith('error '));
    assert.equal(errorLines.length, 1, `one error, said once with its count:\n${r.stdout}`);
    assert.match(errorLines[0]!, new RegExp(`^error 8 queries \\(default/nginx-public\\): no reply from ${dead} within 200 ms$`));
    assert.doesNotMatch(r.stdout, /differs from the expected records/);
    // what the live server got wrong is still a diff line naming it
    assert.match(
        r.stdout,
        new RegExp(
            `^diff  default/nginx-public: A ${PUBLIC}: server ${stale}: changed|^diff  default/nginx-public: A ${PUBLIC}: server ${stale}: (missing|unexpected)`,
            'm',
        ),
    );
    const github = await runCli([
        'check',
        'nginx-public',
        '--server',
        stale,
        '--server',
        dead,
        '--timeout',
        '200ms',
        '--retries',
        '0',
        '-f',
        file,
        '-o',
        'github',
    ]);
    assert.match(github.stdout, new RegExp(`^::error title=svcdig default/nginx-public A ${PUBLIC}::A ${PUBLIC} differs: server ${stale}: `, 'm'));
    assert.match(github.stdout, new RegExp(`^::error title=svcdig 8 queries failed::8 queries failed alike: no reply from ${dead} within 200 ms$`, 'm'));
});

test('several servers: the ACTUAL column says whose answers it holds, +short prints each server under a ;; SERVER line, a server given twice is asked once', async (t) => {
    const file = clusterFile(t);
    const stale = await serverAnswering(t, '10.96.99.99');
    const right = await serverAnswering(t, PUBLIC_IP);
    const table = await runCli(['resolve', `${PUBLIC}.`, `@${stale}`, `@${right}`, '-f', file]);
    assert.equal(table.code, 1, table.stderr);
    assert.match(table.stdout, new RegExp(`^ {2}NAME\\s+TYPE\\s+EXPECTED\\s+ACTUAL \\(${stale}, first of 2 servers\\)\\s+VERDICT$`, 'm'));
    const short = await runCli(['resolve', `${PUBLIC}.`, `@${stale}`, `@${right}`, '+short', '-f', file]);
    assert.equal(short.code, 1);
    assert.equal(short.stdout, `;; SERVER: ${stale}\n10.96.99.99\n;; SERVER: ${right}\n${PUBLIC_IP}\n`);
    // one server: dig's plain +short, nothing added
    const one = await runCli(['resolve', `${PUBLIC}.`, `@${right}`, '+short', '-f', file]);
    assert.equal(one.stdout, `${PUBLIC_IP}\n`);
    const twice = await runCli(['resolve', `${PUBLIC}.`, `@${right}`, '--server', right, '-f', file, '-o', 'json']);
    assert.equal(twice.code, 0, twice.stderr);
    const report = JSON.parse(twice.stdout);
    assert.equal(report.dns.serverMode, undefined, 'one server, asked once');
    assert.equal(report.results[0].servers, undefined);
});

test('the first of several servers down: the header says which server gave no answer, and that the others answered', async (t) => {
    const file = clusterFile(t);
    const deadServer = await startTestDnsServer({ records: [], fault: 'drop' });
    t.after(() => deadServer.stop());
    const dead = `127.0.0.1:${deadServer.port}`;
    const live = await serverAnswering(t, PUBLIC_IP);
    const r = await runCli(['resolve', 'nginx-public', '--server', dead, '--server', live, '--timeout', '200ms', '--retries', '0', '-f', file]);
    assert.equal(r.code, 5, r.stdout + r.stderr);
    assert.match(
        r.stdout,
        new RegExp(`· actual: no answer from ${dead}, the first server \\(1 of the others answered, below\\) \\(1 query, the last failed\\)`),
    );
    assert.match(r.stdout, new RegExp(`^ {4}${live}\\s+NOERROR, 1 record: 10\\.96\\.120\\.15\\s+agrees$`, 'm'));
});
