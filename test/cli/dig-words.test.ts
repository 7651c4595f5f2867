/**
 * resolve reads dig's words: `NAME TYPE` (a type word before the first name for every name, after a name for that
 * name, as dig 9.18 reads them), `@SERVER` and `-p PORT`, `-t` comma lists, `+short`, `+tcp`; real DNS servers on loopback.
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
/** The demo's ClusterIP Service, as an absolute name (no search list) and its address. */
const PUBLIC = 'nginx-public.default.svc.cluster.local';
const PUBLIC_IP = '10.96.120.15';

function clusterFile(t: { after(fn: () => void): void }): string {
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-digwords-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'cluster.yaml');
    writeFileSync(file, DEMO_CLUSTER_YAML);
    return file;
}

const queriesOf = (stdout: string) =>
    (JSON.parse(stdout) as { results: { query: { name: string; type: string } }[] }).results.map((r) => `${r.query.name} ${r.query.type}`);

test("NAME TYPE: a type word after a name is that name's type; before the first name, every name's (as dig reads them)", async (t) => {
    const file = clusterFile(t);
    const after = await runCli(['resolve', 'nginx', 'SRV', '-f', file, '--expected-only', '-o', 'json']);
    assert.equal(after.code, 0, after.stderr);
    assert.deepEqual(queriesOf(after.stdout), ['nginx SRV']);
    const before = await runCli(['resolve', 'SRV', 'nginx', 'web-0.nginx', '-f', file, '--expected-only', '-o', 'json']);
    assert.deepEqual(queriesOf(before.stdout), ['nginx SRV', 'web-0.nginx SRV']);
    // dig foo bar MX baz: foo A, bar MX, baz A; -t is the type of every name without its own
    const mixed = await runCli(['resolve', 'web-0.nginx', 'nginx', 'SRV', 'TXT', 'web-1.nginx', '-t', 'AAAA', '-f', file, '--expected-only', '-o', 'json']);
    assert.equal(mixed.code, 0, mixed.stderr);
    assert.deepEqual(queriesOf(mixed.stdout), ['web-0.nginx AAAA', 'nginx SRV', 'nginx TXT', 'web-1.nginx AAAA']);
    assert.equal(mixed.stderr, '', 'an upper-case type word is no Service name: no note');
});

test('a lower-case type word could be a Service name: read as a type with a note saying how to name such a Service', async (t) => {
    const file = clusterFile(t);
    const r = await runCli(['resolve', 'nginx', 'srv', '-f', file, '--expected-only', '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(queriesOf(r.stdout), ['nginx SRV']);
    assert.match(
        r.stderr,
        /^note: read "srv" as the query type SRV, as dig does; to resolve a Service named srv, write srv\.NAMESPACE \(e\.g\. srv\.default\)$/m,
    );
    const alone = await runCli(['resolve', 'https', '-f', file, '--expected-only']);
    assert.equal(alone.code, 2);
    assert.match(
        alone.stderr,
        /^error: resolve needs a NAME: "https" was read as the query type HTTPS, as dig reads it\nhint: to resolve a Service named https, write https\.NAMESPACE/m,
    );
});

test('-t takes a comma list (each name asked for each type); a bad item is a usage error naming it', async (t) => {
    const file = clusterFile(t);
    const r = await runCli(['resolve', 'nginx', 'web-0.nginx', '-t', 'A,AAAA', '-t', 'srv', '-f', file, '--expected-only', '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(queriesOf(r.stdout), ['nginx A', 'nginx AAAA', 'nginx SRV', 'web-0.nginx A', 'web-0.nginx AAAA', 'web-0.nginx SRV']);
    const bad = await runCli(['resolve', 'nginx', '-t', 'A,BOGUS', '-f', file, '--expected-only']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^error: -t A,BOGUS: unknown record type "BOGUS" \(try A, AAAA, SRV/m);
    assert.equal(bad.stdout, '');
});

test("@SERVER is --server, -p PORT its port (dig's), +tcp is --tcp; a bad server or -p without a server is a usage error", async (t) => {
    const file = clusterFile(t);
    const server = await startTestDnsServer({ records: [{ name: PUBLIC, type: 'A', ttl: 30, data: PUBLIC_IP }] });
    t.after(() => server.stop());
    const at = await runCli(['resolve', `@127.0.0.1:${server.port}`, `${PUBLIC}.`, '-f', file, '-o', 'json']);
    assert.equal(at.code, 0, at.stderr);
    const report = JSON.parse(at.stdout);
    assert.equal(report.dns.server, `127.0.0.1:${server.port}`);
    assert.equal(report.results[0].verdict, 'match');
    assert.equal(report.results[0].server, `127.0.0.1:${server.port}`);
    const udpBefore = server.stats.udp;
    const withP = await runCli(['resolve', `${PUBLIC}.`, '@127.0.0.1', '-p', String(server.port), '+tcp', '-f', file]);
    assert.equal(withP.code, 0, withP.stderr);
    assert.match(withP.stdout, new RegExp(`\\(127\\.0\\.0\\.1:${server.port} TCP, `));
    assert.equal(server.stats.udp, udpBefore, '+tcp: nothing over UDP');
    for (const server of ['@[::1]:53', '@::1', '@127.0.0.1', '@dns.example:5353']) {
        const r = await runCli(['resolve', server, 'nginx', '-f', file, '--expected-only']);
        assert.equal(r.code, 0, `${server} is a server address: ${r.stderr}`);
        assert.doesNotMatch(r.stdout, /@/, `${server} is not a name`);
    }
    for (const [argv, message] of [
        [['@[::1', 'nginx'], /invalid DNS server "\[::1"/],
        [['@', 'nginx'], /"@" names no server/],
        [['nginx', '-p', '5353'], /-p PORT is the port of --server HOST \(or @SERVER\)/],
        [['@127.0.0.1', '-p', '0', 'nginx'], /-p takes a port from 1 to 65535, got "0"/],
    ] as const) {
        const r = await runCli(['resolve', ...argv, '-f', file, '--expected-only']);
        assert.equal(r.code, 2, `${argv.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, message);
    }
});

test('+short (= -o short) prints the answers only, one per line as dig +short; expected-only prints the expected ones', async (t) => {
    const file = clusterFile(t);
    const server = await startTestDnsServer({
        records: [
            { name: PUBLIC, type: 'A', ttl: 30, data: PUBLIC_IP },
            {
                name: '_web._tcp.nginx.default.svc.cluster.local',
                type: 'SRV',
                ttl: 30,
                data: { priority: 0, weight: 100, port: 80, target: 'web-0.nginx.default.svc.cluster.local' },
            },
        ],
    });
    t.after(() => server.stop());
    const short = await runCli(['resolve', `${PUBLIC}.`, '_web._tcp.nginx', 'SRV', `@127.0.0.1:${server.port}`, '+short', '-f', file]);
    assert.equal(short.stdout, `${PUBLIC_IP}\n0 100 80 web-0.nginx.default.svc.cluster.local.\n`);
    assert.equal(short.code, 1, 'the SRV set differs from the expected one: the exit code says so, as with every output');
    const same = await runCli(['resolve', `${PUBLIC}.`, `@127.0.0.1:${server.port}`, '-o', 'short', '-f', file]);
    assert.deepEqual([same.code, same.stdout], [0, `${PUBLIC_IP}\n`]);
    const expectedOnly = await runCli(['resolve', 'web-0.nginx', '+short', '-f', file, '--expected-only']);
    assert.deepEqual([expectedOnly.code, expectedOnly.stdout], [0, '10.44.0.5\n']);
    const clash = await runCli(['resolve', 'nginx', '+short', '-o', 'json', '-f', file, '--expected-only']);
    assert.equal(clash.code, 2);
    assert.match(clash.stderr, /\+short prints answers only; it cannot be combined with -o json/);
    const unknown = await runCli(['resolve', 'nginx', '+noall', '-f', file, '--expected-only']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^error: unknown dig option "\+noall": svcdig reads \+short, \+tcp, \+notcp$/m);
});

test("NAME IN TYPE: IN (CLASS1) is dig's class word, asked as IN; another class is a usage error, never a name", async (t) => {
    const file = clusterFile(t);
    for (const argv of [
        ['nginx', 'IN', 'SRV'],
        ['nginx', 'in', 'SRV'],
        ['nginx', 'SRV', 'IN'],
        ['IN', 'SRV', 'nginx'],
        ['nginx', 'CLASS1', 'SRV'],
    ]) {
        const r = await runCli(['resolve', ...argv, '-f', file, '--expected-only', '-o', 'json']);
        assert.equal(r.code, 0, `${argv.join(' ')}: ${r.stderr}`);
        assert.deepEqual(queriesOf(r.stdout), ['nginx SRV'], argv.join(' '));
    }
    for (const word of ['CH', 'chaos', 'HS', 'CLASS3']) {
        const r = await runCli(['resolve', 'nginx', word, 'TXT', '-f', file, '--expected-only']);
        assert.equal(r.code, 2, `${word}: ${r.stdout}`);
        assert.match(r.stderr, new RegExp(`^error: "${word}" is a DNS class: the cluster DNS answers class IN only`, 'm'));
        assert.equal(r.stdout, '');
    }
    // a lower-case "in" could be a Service: read as the class, with the note the type words get
    const lower = await runCli(['resolve', 'nginx', 'in', 'SRV', '-f', file, '--expected-only', '-o', 'json']);
    assert.match(lower.stderr, /^note: read "in" as the class IN, as dig does; to resolve a Service named in, write in\.NAMESPACE/m);
    const alone = await runCli(['resolve', 'in', '-f', file, '--expected-only']);
    assert.equal(alone.code, 2);
    assert.match(alone.stderr, /^error: resolve needs a NAME: "in" was read as the class IN, as dig reads it$/m);
    // ANY is a type first, as dig reads it
    const any = await runCli(['resolve', 'nginx', 'ANY', '-f', file, '--expected-only', '-o', 'json']);
    assert.deepEqual(queriesOf(any.stdout), ['nginx ANY']);
});

test('--batch lines are read by the same reader as the command line: the same words mean the same, run-wide words are refused', async (t) => {
    const file = clusterFile(t);
    const batch = await runCli(['resolve', '--batch', '-', '-f', file, '--expected-only', '-o', 'json'], {
        stdin: 'SRV nginx\nnginx IN A ; class word\nweb-0.nginx SRV web-1.nginx\n_web._tcp.nginx srv\n',
    });
    assert.equal(batch.code, 0, batch.stderr);
    assert.deepEqual(queriesOf(batch.stdout), ['nginx SRV', 'nginx A', 'web-0.nginx SRV', 'web-1.nginx A', '_web._tcp.nginx SRV']);
    // each line means what the same words mean on the command line
    for (const line of ['SRV nginx', 'nginx IN A', 'web-0.nginx SRV web-1.nginx']) {
        const args = await runCli(['resolve', ...line.split(' '), '-f', file, '--expected-only', '-o', 'json']);
        const fromBatch = await runCli(['resolve', '--batch', '-', '-f', file, '--expected-only', '-o', 'json'], { stdin: `${line}\n` });
        assert.deepEqual(queriesOf(fromBatch.stdout), queriesOf(args.stdout), line);
    }
    for (const [line, message] of [
        ['@127.0.0.1:5353 nginx', /^error: --batch line 2: @127\.0\.0\.1:5353 applies to the whole run, not one line: give it on the command line$/m],
        ['nginx +short', /^error: --batch line 2: \+short applies to the whole run/m],
        ['nginx CH TXT', /^error: --batch line 2: "CH" is a DNS class/m],
        ['nginx +noall', /^error: --batch line 2: unknown dig option "\+noall"/m],
        ['SRV', /^error: --batch line 2: no NAME in "SRV"$/m],
    ] as const) {
        const r = await runCli(['resolve', '--batch', '-', '-f', file, '--expected-only'], { stdin: `nginx\n${line}\n` });
        assert.equal(r.code, 2, `${line}: ${r.stdout}`);
        assert.match(r.stderr, message);
    }
});

test('a type given twice for a name is asked once; TYPEnnn out of range says why', async (t) => {
    const file = clusterFile(t);
    for (const argv of [
        ['nginx', '-t', 'A', '-t', 'A'],
        ['nginx', '-t', 'A,a'],
        ['nginx', 'A', 'A'],
    ]) {
        const r = await runCli(['resolve', ...argv, '-f', file, '--expected-only', '-o', 'json']);
        assert.deepEqual(queriesOf(r.stdout), ['nginx A'], argv.join(' '));
    }
    const srv = await runCli(['resolve', 'nginx', '-t', 'srv,a,srv', '-f', file, '--expected-only', '-o', 'json']);
    assert.deepEqual(queriesOf(srv.stdout), ['nginx SRV', 'nginx A']);
    for (const argv of [['-t', 'TYPE99999'], ['TYPE99999'], ['TYPE0']]) {
        const r = await runCli(['resolve', 'nginx', ...argv, '-f', file, '--expected-only']);
        assert.equal(r.code, 2, argv.join(' '));
        assert.match(r.stderr, /unknown record type "TYPE\d+": TYPEnnn takes a type code from 1 to 65535$/m);
    }
});

test("dig's -x ADDR is the PTR of ADDR; of --tcp, +tcp and +notcp the last one wins", async (t) => {
    const file = clusterFile(t);
    const x = await runCli(['resolve', '-x', '10.44.0.5', '-f', file, '--expected-only', '-o', 'json']);
    assert.equal(x.code, 0, x.stderr);
    const bare = await runCli(['resolve', '10.44.0.5', '-f', file, '--expected-only', '-o', 'json']);
    assert.deepEqual(queriesOf(x.stdout), ['5.0.44.10.in-addr.arpa. PTR']);
    assert.deepEqual(queriesOf(x.stdout), queriesOf(bare.stdout));
    const notIp = await runCli(['resolve', '-x', 'nginx', '-f', file, '--expected-only']);
    assert.equal(notIp.code, 2);
    assert.match(notIp.stderr, /^error: -x takes an IP address .*got "nginx"$/m);

    const server = await startTestDnsServer({ records: [{ name: PUBLIC, type: 'A', ttl: 30, data: PUBLIC_IP }] });
    t.after(() => server.stop());
    const at = `@127.0.0.1:${server.port}`;
    for (const [words, transport] of [
        [['+notcp', '--tcp'], 'TCP'],
        [['--tcp', '+notcp'], 'UDP'],
        [['+tcp', '+notcp'], 'UDP'],
        [['+notcp', '+tcp'], 'TCP'],
    ] as const) {
        const r = await runCli(['resolve', `${PUBLIC}.`, at, ...words, '-f', file]);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, new RegExp(`\\(127\\.0\\.0\\.1:${server.port} ${transport}, `), words.join(' '));
    }
});

test('a server given with --expected-only, or --via given with a server: a note says what is not used', async (t) => {
    const file = clusterFile(t);
    const expectedOnly = await runCli(['resolve', 'nginx', '@127.0.0.1:5353', '-f', file, '--expected-only']);
    assert.equal(expectedOnly.code, 0, expectedOnly.stderr);
    assert.equal(expectedOnly.stderr, 'note: --expected-only asks no DNS server: 127.0.0.1:5353 is not asked\n');
    const check = await runCli(['check', '--server', '127.0.0.1:5353', '-f', file, '--expected-only', '-q']);
    assert.match(check.stderr, /^note: --expected-only asks no DNS server: 127\.0\.0\.1:5353 is not asked$/m);
    const server = await startTestDnsServer({ records: [{ name: PUBLIC, type: 'A', ttl: 30, data: PUBLIC_IP }] });
    t.after(() => server.stop());
    const via = await runCli(['resolve', `${PUBLIC}.`, `@127.0.0.1:${server.port}`, '--via', 'port-forward', '-f', file]);
    assert.equal(via.code, 0, via.stderr);
    assert.equal(
        via.stderr,
        `note: --via port-forward says how to reach the cluster DNS; --server 127.0.0.1:${server.port} is asked instead, so --via has no effect\n`,
    );
    const plain = await runCli(['resolve', `${PUBLIC}.`, `@127.0.0.1:${server.port}`, '-f', file]);
    assert.equal(plain.stderr, '', 'nothing unused, nothing said');
});

test("nslookup's -type=T, -querytype=T, -query=T and -q=T read as -t T (was: -t ype=SRV, an unknown type)", async (t) => {
    const file = clusterFile(t);
    for (const flag of ['-type=SRV', '-querytype=SRV', '-query=SRV', '-q=srv', '-TYPE=SRV']) {
        const r = await runCli(['resolve', 'nginx', flag, '-f', file, '--expected-only', '-o', 'json']);
        assert.equal(r.code, 0, `${flag}: ${r.stderr}`);
        assert.deepEqual(queriesOf(r.stdout), ['nginx SRV'], flag);
    }
    const bad = await runCli(['resolve', 'nginx', '-type=BOGUS', '-f', file, '--expected-only']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /-t BOGUS: unknown record type "BOGUS"/);
});
