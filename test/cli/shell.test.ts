/**
 * svcdig shell off a terminal: lines from stdin, plain output, exit status = the worst line's. Every verb is driven
 * here against the built-in demo (whose own responder disagrees on purpose in places) and against a real loopback DNS
 * server from the test kit serving exactly svcdig's expectation of the demo cluster (so everything matches, exit 0).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { demoClusterYaml } from '../../src/demo/demo-cluster.js';
import { parseObjectsStrict } from '../../src/adapters/files/load-objects.js';
import { snapshotFromObjects } from '../../src/core/snapshot-from-objects.js';
import { dnsConfigFor } from '../../src/core/dns/corefile.js';
import { buildDnsIndex, expectedReply } from '../../src/core/dns/index.js';
import type { ResolveReport } from '../../src/core/resolve-report.js';
import { startTestDnsServer, type TestDnsServer } from '../kit/dns/test-server.js';
import { runCli } from '../helpers/run-cli.js';

const shell = (lines: string[], args: string[] = ['--demo']) => runCli(['shell', ...args], { stdin: lines.join('\n') + '\n' });

/** -o json: one report per line. */
function jsonLines(stdout: string): ResolveReport[] {
    const lines = stdout.split('\n').filter(Boolean);
    return lines.map((l) => JSON.parse(l) as ResolveReport);
}

let expectation: TestDnsServer;
let dropping: TestDnsServer;
let server: string;

before(async () => {
    const snapshot = snapshotFromObjects(parseObjectsStrict(await demoClusterYaml(), 'demo'), 'demo');
    const index = buildDnsIndex(snapshot, dnsConfigFor(snapshot.corednsConfigMap?.data?.Corefile, {}));
    expectation = await startTestDnsServer({ answer: (name, type) => expectedReply(index, name, type) });
    dropping = await startTestDnsServer({ records: [], fault: 'drop' });
    server = `127.0.0.1:${expectation.port}`;
});
after(async () => {
    await expectation.stop();
    await dropping.stop();
});

describe('svcdig shell: names', () => {
    it('a bare name is the resolve view; the demo responder disagrees on the SRV weights (exit 1)', async () => {
        const r = await shell(['web-0.nginx', 'set type=SRV', '_web._tcp.nginx']);
        assert.match(r.stdout, /^web-0\.nginx A → .*web-0\.nginx\.default\.svc\.cluster\.local .*MATCH$/m);
        assert.match(r.stdout, /^_web\._tcp\.nginx SRV → .*MISMATCH$/m);
        assert.equal(r.code, 1, r.stderr);
    });

    it('against a server that serves the expectation everything matches: exit 0; an address is its PTR', async () => {
        const r = await shell(['web-0.nginx', '10.44.0.5', 'set type=SRV', '_web._tcp.nginx'], ['--demo', '--server', server]);
        assert.equal(r.code, 0, r.stdout + r.stderr);
        assert.match(r.stdout, /^5\.0\.44\.10\.in-addr\.arpa\. PTR → .*MATCH$/m);
        assert.match(r.stdout, /^_web\._tcp\.nginx SRV → .*MATCH$/m);
        assert.ok(r.stdout.includes(`(${server} UDP`), r.stdout);
    });

    it('NAME SERVER asks SERVER for that line only', async () => {
        const r = await shell(['web-0.nginx ' + server, 'web-0.nginx'], ['--demo', '-o', 'json']);
        const [first, second] = jsonLines(r.stdout);
        assert.equal(first!.dns.server, server);
        assert.match(second!.dns.server!, /demo's DNS responder/);
    });

    it('-o json prints one report per line (JSON Lines), acknowledgements on stderr', async () => {
        const r = await shell(['web-0.nginx', 'server ' + server, 'set type=AAAA', 'web-0.nginx', 'set q=A', 'nginx'], ['--demo', '-o', 'json']);
        const reports = jsonLines(r.stdout);
        assert.deepEqual(
            reports.map((x) => `${x.results[0]!.query.name} ${x.results[0]!.query.type}`),
            ['web-0.nginx A', 'web-0.nginx AAAA', 'nginx A'],
        );
        assert.match(r.stderr, /Default server: 127\.0\.0\.1:\d+/);
        assert.equal(r.code, 0, r.stderr);
    });
});

describe('svcdig shell: -o', () => {
    it('-o yaml: one YAML document per view; -o dig: the exchanges of resolve, the describe view of explain', async () => {
        const yaml = await shell(['web-0.nginx', 'explain nginx'], ['--demo', '--server', server, '-o', 'yaml']);
        assert.equal(yaml.stdout.match(/^---$/gm)?.length, 2);
        assert.match(yaml.stdout, /^kind: ResolveReport$/m);
        assert.match(yaml.stdout, /^kind: ServiceExplanation$/m);
        const dig = await shell(['web-0.nginx', 'explain nginx'], ['--demo', '--server', server, '-o', 'dig']);
        assert.match(dig.stdout, /;; ANSWER SECTION:/);
        assert.match(dig.stdout, /^Name: +nginx$/m);
    });
});

describe('svcdig shell: nslookup verbs', () => {
    it('server HOST[:PORT] changes the server, server alone shows it, lserver alone goes back to the first', async () => {
        const r = await shell(['server ' + server, 'server', 'web-0.nginx', 'lserver', 'web-0.nginx'], ['--demo', '-o', 'json']);
        assert.deepEqual(r.stderr.match(/^Default server: .*$/gm), [
            `Default server: ${server}`,
            `Default server: ${server}`,
            "Default server: the demo's DNS responder",
        ]);
        assert.equal(r.stderr.match(new RegExp(`^Address: 127\\.0\\.0\\.1#${expectation.port}$`, 'gm'))?.length, 2, "nslookup's Address line");
        const [asked, back] = jsonLines(r.stdout);
        assert.equal(asked!.dns.server, server);
        assert.match(back!.dns.server!, /demo's DNS responder/);
    });

    it('set port=N is the port of a server given without one', async () => {
        const r = await shell(['set port=' + expectation.port, 'server 127.0.0.1', 'web-0.nginx'], ['--demo', '-o', 'json']);
        assert.equal(jsonLines(r.stdout)[0]!.dns.server, server);
    });

    it('set vc asks over TCP, set novc over UDP again', async () => {
        const r = await shell(['set vc', 'web-0.nginx', 'set novc', 'web-0.nginx'], ['--demo', '--server', server, '-o', 'json']);
        assert.deepEqual(
            jsonLines(r.stdout).map((x) => x.results[0]!.transport),
            ['tcp', 'udp'],
        );
    });

    it("set domain= and set search= replace the search list; set search= (empty) restores the pod's", async () => {
        const r = await shell(
            [
                'ns kube-system',
                'set domain=default.svc.cluster.local',
                'nginx',
                'set search=nope.example/default.svc.cluster.local',
                'nginx',
                'set search=',
                'nginx',
            ],
            ['--demo', '--server', server, '-o', 'json'],
        );
        const [domain, search, restored] = jsonLines(r.stdout);
        assert.deepEqual(domain!.dns.search, ['default.svc.cluster.local']);
        assert.equal(domain!.results[0]!.answeredBy, 'nginx.default.svc.cluster.local');
        assert.deepEqual(search!.dns.search, ['nope.example', 'default.svc.cluster.local']);
        assert.equal(search!.results[0]!.answeredBy, 'nginx.default.svc.cluster.local');
        assert.deepEqual(restored!.dns.search, ['kube-system.svc.cluster.local', 'svc.cluster.local', 'cluster.local']);
        assert.equal(r.code, 0, r.stderr);
    });

    it('set ndots=N: a name with as many dots is tried as it is first', async () => {
        const r = await shell(['web-0.nginx', 'set ndots=1', 'web-0.nginx'], ['--demo', '--server', server, '-o', 'json']);
        const [five, one] = jsonLines(r.stdout);
        assert.equal(five!.dns.ndots, 5);
        assert.equal(five!.results[0]!.candidates[0]!.name, 'web-0.nginx.default.svc.cluster.local');
        assert.equal(one!.dns.ndots, 1);
        assert.equal(one!.results[0]!.candidates[0]!.name, 'web-0.nginx');
    });

    it('set timeout= and set retry= bound a server that never answers (exit 5), and set all shows them', async () => {
        const started = Date.now();
        const r = await shell(['server 127.0.0.1:' + dropping.port, 'set timeout=200ms', 'set retry=0', 'web-0.nginx', 'set all']);
        assert.equal(r.code, 5, r.stderr);
        assert.match(r.stdout, /^web-0\.nginx A .*ERROR/m);
        assert.match(r.stdout, /timeout = 200ms\tretry = 0/);
        assert.ok(Date.now() - started < 30_000);
    });

    it('set debug shows the exchange as dig does; set nodebug the table again', async () => {
        const r = await shell(['set debug', 'web-0.nginx', 'set nodebug', 'web-0.nginx'], ['--demo', '--server', server]);
        const [debug, table] = r.stdout.split(/^(?=web-0\.nginx A →)/m);
        assert.match(debug!, /;; ANSWER SECTION:/);
        assert.match(table!, /VERDICT/);
        assert.doesNotMatch(table!, /;; ANSWER SECTION:/);
    });

    it('set debug keeps the verdict and lists every query of the search-list walk, both sides', async () => {
        const r = await shell(['set debug', 'x', 'nginx']);
        assert.match(r.stdout, /^x A → .*MATCH$/m, 'the verdict is still there');
        for (const candidate of ['x.default.svc.cluster.local', 'x.svc.cluster.local', 'x.cluster.local'])
            assert.match(r.stdout, new RegExp(`^ +${candidate.replaceAll('.', '\\.')} +NXDOMAIN +NXDOMAIN$`, 'm'), candidate);
        assert.match(r.stdout, /^nginx A → .*MISMATCH$/m);
        assert.match(r.stdout, /^ {2}diff: /m);
        assert.match(r.stdout, /^;; QUESTION SECTION:$/m, 'the deciding exchange as dig prints it');
        assert.equal(r.code, 1);
    });

    it("set all shows nslookup's options and svcdig's", async () => {
        const r = await shell(['set vc', 'set debug', 'set type=SRV', 'ns kube-system', 'stub musl', 'via direct', 'set all']);
        assert.match(r.stdout, /^Default server: the demo's DNS responder$/m);
        assert.match(r.stdout, /^ {2}vc\t\tdebug$/m);
        assert.match(r.stdout, /querytype = SRV/);
        assert.match(r.stdout, /namespace = kube-system\tstub = musl\tas-pod = off/);
        assert.match(r.stdout, /via = direct\texpected-only = off/);
        assert.equal(r.code, 0);
    });

    it("set all says the demo responder's port is its own, which set port= leaves to a named server", async () => {
        const r = await shell(['set all', 'set port=5353', 'set all', 'server 127.0.0.1', 'set all']);
        const ports = [...r.stdout.matchAll(/\tport = ([^\t]*)\t/g)].map((m) => m[1]);
        assert.deepEqual(ports, ["the demo responder's own", '5353 (for a server named with server; the demo responder keeps its own)', '5353']);
        assert.equal(r.code, 0, r.stderr);
    });

    it('-p PORT is the port of --server HOST, as set port= is', async () => {
        const r = await shell(['set all', 'web-0.nginx'], ['--demo', '--server', '127.0.0.1', '-p', String(expectation.port)]);
        assert.match(r.stdout, new RegExp(`port = ${expectation.port}\t`));
        assert.match(r.stdout, /^web-0\.nginx A → .*MATCH$/m);
        assert.equal(r.code, 0, r.stderr);
    });

    it('server HOST#PORT and NAME HOST#PORT keep the port (# is a comment only at a word start)', async () => {
        const hashed = `127.0.0.1#${expectation.port}`;
        const r = await shell(
            [`server ${hashed}`, 'web-0.nginx # a comment', 'lserver', `web-0.nginx ${hashed}`, '#server 10.96.0.10'],
            ['--demo', '-o', 'json'],
        );
        assert.match(r.stderr, new RegExp(`^Address: ${hashed}$`, 'm'));
        const [first, second] = jsonLines(r.stdout);
        assert.equal(first!.dns.server, server);
        assert.equal(second!.dns.server, server);
        assert.equal(r.code, 0, r.stderr);
    });

    it('an address is always its PTR, whatever set type says (nslookup)', async () => {
        const r = await shell(['set type=SRV', 'set type=A', '10.44.0.5', 'set type=SRV', '10.44.0.5'], ['--demo', '--server', server]);
        assert.equal(r.stdout.match(/^5\.0\.44\.10\.in-addr\.arpa\. PTR → .*MATCH$/gm)?.length, 2, r.stdout);
        assert.equal(r.code, 0, r.stderr);
    });

    it('\\NAME looks up a name that is also a verb', async () => {
        const r = await shell(['\\server'], ['--demo', '--expected-only']);
        assert.match(r.stdout, /^server A → /m);
        assert.doesNotMatch(r.stdout, /\\server/);
    });

    it('a name with non-ASCII characters is refused at once (2), no query is sent', async () => {
        const before = expectation.load.queries;
        const r = await shell(['café', 'a\u202eb'], ['--demo', '--server', server]);
        assert.equal(r.code, 2);
        assert.equal(r.stderr.match(/^error: invalid name .*non-ASCII/gm)?.length, 2, r.stderr);
        assert.doesNotMatch(r.stderr, /\u202e/, 'escaped');
        assert.equal(expectation.load.queries, before);
    });

    it('a pasted nslookup script runs: options with no effect here are notes, not errors (exit 0)', async () => {
        const r = await shell(
            ['set norecurse', 'set class=IN', 'set nosearch', 'set all', 'set search', 'set query=A', 'web-0.nginx'],
            ['--demo', '--server', server],
        );
        assert.match(r.stderr, /^note: set norecurse changes nothing here: /m);
        assert.match(r.stderr, /^note: set class=IN: /m);
        assert.match(r.stdout, /srchlist = none \(nosearch\)/);
        assert.match(r.stdout, /^web-0\.nginx A → .*MATCH$/m);
        assert.equal(r.code, 0, r.stderr);
    });

    it("server NAME is the Service's ClusterIP from the cache, never the machine's resolver; a mistyped address is refused", async () => {
        const r = await shell(['server kube-dns.kube-system:5353', 'server example.com', 'server nginx', 'server 999.1.1.1']);
        assert.match(r.stdout, /^Address: 10\.96\.0\.10#5353$/m);
        const errors = r.stderr.split('\n').filter((l) => l.startsWith('error: '));
        assert.match(errors[0]!, /server example\.com: no Service com\/example in the cluster; give an IP address/);
        assert.match(errors[1]!, /Service default\/nginx is headless/);
        assert.match(errors[2]!, /"999\.1\.1\.1" is not a valid IPv4 address/);
        assert.equal(r.code, 2);
    });

    it('set all shows the timeout as used (5 → 5s, 1.5 → 1.5s); a line longer than any name is refused without being quoted', async () => {
        const r = await shell(['set timeout=5', 'set all', 'set ti=1.5', 'set all', 'x'.repeat(200_000)]);
        assert.match(r.stdout, /timeout = 5s\t/);
        assert.match(r.stdout, /timeout = 1\.5s\t/);
        assert.match(r.stderr, /^error: a line of 200000 characters is longer than any verb or name takes/m);
        assert.ok(r.stderr.length < 1000, 'the line is not echoed');
        assert.equal(r.code, 2);
    });

    it('shell --help offers only the flags the shell honours', async () => {
        const r = await runCli(['shell', '--help']);
        assert.doesNotMatch(r.stdout, /--server-mode|repeatable: every one is asked|- = stdin/);
        assert.match(r.stdout, /-p, --port <port>/);
    });

    it('exit ends the session: later lines are not read', async () => {
        const r = await shell(['web-0.nginx', 'exit', 'no-such-verb with args'], ['--demo', '--server', server]);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stderr, '');
    });
});

describe("svcdig shell: svcdig's verbs", () => {
    it('ns NAME and set namespace= change where names are resolved from; an unknown namespace is noted', async () => {
        const r = await shell(['ns kube-system', 'kube-dns', 'set namespace=default', 'nginx', 'ns nowhere'], ['--demo', '--server', server, '-o', 'json']);
        const [dns, nginx] = jsonLines(r.stdout);
        assert.equal(dns!.namespace, 'kube-system');
        assert.equal(dns!.results[0]!.answeredBy, 'kube-dns.kube-system.svc.cluster.local');
        assert.equal(nginx!.namespace, 'default');
        assert.match(r.stderr, /note: namespace "nowhere" not found/);
    });

    it("stub musl follows musl's rules", async () => {
        const r = await shell(['stub musl', 'web-0.nginx'], ['--demo', '--server', server, '-o', 'json']);
        assert.equal(jsonLines(r.stdout)[0]!.dns.stub, 'musl');
    });

    it('as-pod NS/POD resolves as that pod does; as-pod off stops', async () => {
        const r = await shell(['ns kube-system', 'as-pod default/web-0', 'nginx', 'as-pod off', 'nginx'], ['--demo', '--server', server, '-o', 'json']);
        const [asPod, own] = jsonLines(r.stdout);
        assert.equal(asPod!.results[0]!.answeredBy, 'nginx.default.svc.cluster.local', r.stderr);
        assert.equal(own!.results[0]!.verdict, 'match');
        assert.notEqual(own!.results[0]!.answeredBy, 'nginx.default.svc.cluster.local');
    });

    it('as-pod is checked when typed: an unknown pod is not found (4), a bad name a usage error (2), escaped; POD is pinned to its namespace', async () => {
        const r = await shell(['as-pod default/nope', 'as-pod default/w\u001b[31meb', 'as-pod web-0', 'ns kube-system', 'set all']);
        const errors = r.stderr.split('\n').filter((l) => l.startsWith('error: '));
        assert.match(errors[0]!, /^error: pod "nope" not found in namespace "default"$/);
        assert.match(errors[1]!, /^error: as-pod: invalid pod name "w\\x1b\[31meb"/);
        assert.doesNotMatch(r.stdout + r.stderr, /\u001b/);
        assert.match(r.stdout, /as-pod = default\/web-0/);
        assert.equal(r.code, 4);
    });

    it('--as-pod naming no pod stops the session before its first line (4)', async () => {
        const r = await shell(['web-0.nginx'], ['--demo', '--as-pod', 'default/nope']);
        assert.match(r.stderr, /^error: pod "nope" not found in namespace "default"$/m);
        assert.equal(r.stdout, '');
        assert.equal(r.code, 4);
    });

    it("the session's hints speak its verbs, and NS/NAME (what they suggest) names an object in another namespace", async () => {
        const r = await shell(['explain kube-dns', 'explain kube-system/kube-dns']);
        assert.match(r.stderr, /hint: did you mean kube-system\/kube-dns \(ns kube-system\)\?/);
        assert.doesNotMatch(r.stderr, /-n kube-system|does not match/);
        assert.match(r.stdout, /^Namespace: +kube-system$/m);
        assert.equal(r.code, 4);
    });

    it("explain SVC, env [POD] and check [SVC…] print those commands' views of the cached cluster", async () => {
        const r = await shell(['explain nginx', 'env', 'env web-0', 'check nginx'], ['--demo', '--server', server]);
        assert.match(r.stdout, /^Name: +nginx\nNamespace: +default$/m);
        assert.match(r.stdout, /^KUBERNETES_SERVICE_HOST +10\.96\.0\.1/m);
        // web-0's container started before nginx-public was created: svcdig says its variables are missing there
        assert.match(r.stdout, /nginx-public was created .* after container nginx started/);
        assert.match(r.stdout, /^default +nginx +\d+\/\d+/m);
        assert.equal(r.code, 0, r.stderr);
    });

    it('check without names checks the namespace, asking the server', async () => {
        const r = await shell(['check'], ['--demo', '--server', server, '-o', 'json']);
        const report = JSON.parse(r.stdout) as { kind: string; services: unknown[]; summary: { failed: number } };
        assert.equal(report.kind, 'CheckReport');
        assert.ok(report.services.length > 1);
    });

    it('via and expected-only: expected-only on asks nothing', async () => {
        const r = await shell(['via port-forward', 'expected-only on', 'web-0.nginx', 'server', 'expected-only off', 'web-0.nginx'], ['--demo', '-o', 'json']);
        const [expected, asked] = jsonLines(r.stdout);
        assert.equal(expected!.results[0]!.verdict, 'expected-only');
        assert.equal(expected!.results[0]!.actual, null);
        assert.match(r.stderr, /Default server: none \(expected only\)/);
        assert.equal(asked!.results[0]!.verdict, 'match');
    });

    it('help lists every verb', async () => {
        const r = await shell(['help']);
        for (const verb of [
            'server',
            'lserver',
            'set type=T',
            'set vc',
            'set ndots',
            'ns NAME',
            'stub',
            'as-pod',
            'explain',
            'env',
            'check',
            'via',
            'expected-only',
            'exit',
        ])
            assert.ok(r.stdout.includes(verb), verb);
    });
});

describe('svcdig shell: bad lines', () => {
    it('an unknown verb or a bad value is one error line; the session goes on and exits 2', async () => {
        const bad = [
            'frobnicate the thing',
            'set type=BOGUS',
            'set ndots=99',
            'set nosuch',
            'server bad_host!',
            'set timeout=0',
            'stub bsd',
            'via carrier-pigeon',
            'expected-only maybe',
            'as-pod a/b/c',
            'ns Bad_NS',
            'explain',
        ];
        const r = await shell([...bad, 'web-0.nginx'], ['--demo', '--server', server]);
        const errors = r.stderr.split('\n').filter((l) => l.startsWith('error: '));
        assert.equal(errors.length, bad.length, r.stderr);
        assert.match(r.stdout, /^web-0\.nginx A .*MATCH$/m);
        assert.equal(r.code, 2);
    });

    it('a Service that does not exist: not found (4), the session goes on', async () => {
        const r = await shell(['explain nope', 'web-0.nginx'], ['--demo', '--server', server]);
        assert.match(r.stderr, /error: service "nope" not found/);
        assert.match(r.stdout, /MATCH/);
        assert.equal(r.code, 4);
    });

    it('bad flags are refused before anything is read', async () => {
        for (const args of [
            ['--demo', '-t', 'BOGUS'],
            ['--demo', '--retries', 'x'],
            ['-f', '-'],
            ['--demo', '--server', 'a b'],
        ]) {
            const r = await runCli(['shell', ...args], { stdin: 'web-0.nginx\n' });
            assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
            assert.equal(r.stdout, '');
        }
    });
});

describe('svcdig shell: from files', () => {
    it('-f FILE: expected only until a server is set', async () => {
        const { writeFileSync, mkdtempSync, rmSync } = await import('node:fs');
        const { join } = await import('node:path');
        const { tmpdir } = await import('node:os');
        const dir = mkdtempSync(join(tmpdir(), 'svcdig-shell-'));
        try {
            const file = join(dir, 'cluster.yaml');
            writeFileSync(file, await demoClusterYaml());
            const r = await shell(
                ['expected-only off', 'via direct', 'set all', 'web-0.nginx', 'server', 'server ' + server, 'web-0.nginx'],
                ['-f', file, '-o', 'json'],
            );
            const [expected, asked] = jsonLines(r.stdout);
            assert.equal(expected!.results[0]!.verdict, 'expected-only');
            assert.match(r.stderr, /files name no DNS server/);
            assert.match(r.stderr, /^note: expected-only stays on: files name no DNS server; give one with server HOST$/m);
            assert.match(r.stderr, /^note: via changes nothing here: /m);
            assert.match(r.stderr, /expected-only = on/, 'set all agrees with the Default server line');
            assert.equal(asked!.results[0]!.verdict, 'match');
            assert.equal(r.code, 0, r.stderr);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe('svcdig shell: README', () => {
    it("the README's verb table is the one help prints (core/shell/verbs.ts)", async () => {
        const { readFileSync } = await import('node:fs');
        const { SHELL_VERBS } = await import('../../src/core/shell/verbs.js');
        const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
        const section = readme.slice(readme.indexOf('## Interactive session'));
        for (const v of SHELL_VERBS) assert.ok(section.includes(`| \`${v.usage.replaceAll('|', '\\|')}\` | ${v.meaning} |`), v.usage);
    });
});

describe('svcdig shell: the built bin, stdin a pipe', () => {
    it('answers each line as it arrives, before stdin ends', { timeout: 30_000 }, async () => {
        const { spawn } = await import('node:child_process');
        const { BIN } = await import('../helpers/run-bin.js');
        const child = spawn(process.execPath, [BIN, 'shell', '--demo', '--server', server], {
            stdio: ['pipe', 'pipe', 'pipe'],
            env: { ...process.env, NO_COLOR: '1' },
        });
        let stdout = '';
        const exited = new Promise<number | null>((done) => child.on('close', done));
        const answered = new Promise<void>((done) => child.stdout.on('data', (d: Buffer) => ((stdout += d.toString()), /MATCH/.test(stdout) && done())));
        child.stdin.write('web-0.nginx\n');
        await answered; // stdin is still open: the line was answered on its own
        assert.match(stdout, /^web-0\.nginx A → .*MATCH$/m);
        child.stdin.end('exit\n');
        assert.equal(await exited, 0);
    });

    it('stdout closed early (| head -1): the status is the worst so far, not 0', { timeout: 30_000 }, async () => {
        const { spawn } = await import('node:child_process');
        const { BIN } = await import('../helpers/run-bin.js');
        const child = spawn(process.execPath, [BIN, 'shell', '--demo'], { stdio: ['pipe', 'pipe', 'pipe'] });
        const exited = new Promise<number | null>((done) => child.on('close', done));
        child.stdout.once('data', () => child.stdout.destroy());
        child.stdin.end('nginx\n'.repeat(200));
        assert.equal(await exited, 1, 'nginx is a MISMATCH in the demo');
    });

    it('exit ends the session while the writer keeps stdin open', { timeout: 30_000 }, async (t) => {
        const { spawn } = await import('node:child_process');
        const { BIN } = await import('../helpers/run-bin.js');
        const child = spawn(process.execPath, [BIN, 'shell', '--demo', '--server', server], { stdio: ['pipe', 'pipe', 'pipe'] });
        t.after(() => child.kill());
        const exited = new Promise<number | null>((done) => child.on('close', done));
        child.stdin.write('web-0.nginx\nexit\n');
        const first = await Promise.race([exited, new Promise<'open'>((done) => setTimeout(() => done('open'), 20_000))]);
        assert.equal(first, 0, 'svcdig exited with stdin still open');
        child.stdin.end();
    });
});
