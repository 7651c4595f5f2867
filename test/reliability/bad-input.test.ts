/**
 * The bad input matrix: names the API server would reject (apimachinery's DNS-label rules, src/core/name-rules.ts),
 * unknown record types, malformed --batch lines, empty, binary, malformed and huge files, an unknown kubeconfig
 * context and conflicting flags. Each ends with exit 2 (usage), 3 (kubeconfig) or 4 (not found) and one clear
 * `error:` line on stderr (plus at most a `hint:` line), never a stack trace and never exit 70.
 * Its objects are written out literally, not with test/kit/cluster-builder.ts: the bad names and shapes are the point.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { runBin } from '../helpers/run-bin.js';
import { runCli, type CliRun } from '../helpers/run-cli.js';
import { liveFixture, STACK } from '../kit/live-cluster.js';

type T = { after: (fn: () => Promise<void> | void) => void };

function tempDir(t: T): string {
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-bad-input-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
}

function assertClearError(r: CliRun, code: number, message: RegExp): void {
    assert.equal(r.code, code, `exit ${r.code}, stderr:\n${r.stderr}`);
    assert.doesNotMatch(r.stderr, STACK);
    const lines = r.stderr.trimEnd().split('\n');
    assert.ok(lines.length === 1 || (lines.length === 2 && lines[1]!.startsWith('hint: ')), `one error line (and a hint):\n${r.stderr}`);
    assert.match(lines[0]!, /^error: /);
    assert.match(lines[0]!, message);
    assert.equal(r.stdout, '');
}

const LONG = 'a'.repeat(64);

describe("invalid names (the API server's DNS-label rules) are usage errors, exit 2", () => {
    const cases: { what: string; argv: string[]; message: RegExp }[] = [
        { what: 'Service name with upper case', argv: ['explain', 'Web', '--demo'], message: /^error: invalid Service name "Web": must be a DNS label/ },
        { what: 'Service name with an underscore', argv: ['explain', 'my_svc', '--demo'], message: /invalid Service name "my_svc"/ },
        {
            what: 'Service name of 64 characters',
            argv: ['explain', LONG, '--demo'],
            message: /invalid Service name "a{64}": must be no more than 63 characters/,
        },
        { what: 'Service name ending in "-"', argv: ['explain', 'web-', '--demo'], message: /invalid Service name "web-"/ },
        {
            what: 'namespace with upper case',
            argv: ['explain', 'nginx', '-n', 'Dev', '--demo'],
            message: /^error: invalid namespace "Dev": must be a DNS-1123 label/,
        },
        { what: 'namespace with an underscore', argv: ['env', '-n', 'dev_1', '--demo'], message: /invalid namespace "dev_1"/ },
        { what: 'namespace of 64 characters', argv: ['check', '-n', LONG, '--demo'], message: /invalid namespace "a{64}": must be no more than 63 characters/ },
        { what: 'namespace with a dot', argv: ['resolve', 'web-0.nginx', '-n', 'a.b', '--demo'], message: /invalid namespace "a\.b"/ },
    ];
    for (const c of cases) {
        it(c.what, async () => assertClearError(await runCli(c.argv), 2, c.message));
    }

    it('a namespace starting with a digit is a valid DNS-1123 label: not a usage error, just not found (exit 4)', async () => {
        assertClearError(await runCli(['explain', 'nginx', '-n', '1dev', '--demo']), 4, /^error: namespace "1dev" not found/);
    });

    it('a Service name starting with a digit is allowed (RelaxedServiceNameValidation): not found (exit 4)', async () => {
        assertClearError(await runCli(['explain', '1web', '--demo']), 4, /^error: service "1web" not found in namespace "default"/);
    });
});

describe('an argument far too long for a screen', () => {
    it('a 120 kB name: one error line showing its ends and how much was left out (the built bin)', async () => {
        const name = `${'a'.repeat(60_000)}${'b'.repeat(60_000)}`;
        const r = await runBin(['resolve', name, '--demo']);
        assertClearError(r, 2, /^error: invalid name "a{99}…\(119,891 more characters\)…b{10}": is longer than 253 characters$/);
        assert.ok(r.stderr.length < 400, `${r.stderr.length} bytes of stderr`);
    });

    it("commander's own errors too (an unknown command, a bad -o value, escapes kept whole)", async () => {
        const command = await runBin(['x'.repeat(5000)]);
        assert.equal(command.code, 2);
        assert.match(command.stderr, /^error: unknown command 'x{99}…\(4,890 more characters\)…x{11}'\n/);
        const output = await runBin(['check', '-A', '--demo', '-o', '\u001b'.repeat(3000)]);
        assert.equal(output.code, 2);
        assert.match(output.stderr, /argument '(\\x1b){99}…\(2,890 more characters\)…(\\x1b){11}' is invalid/);
        assert.doesNotMatch(output.stderr, /\u001b/);
    });
});

describe('record types and --batch', () => {
    it('an unknown record type: exit 2, with the types to try', async () => {
        assertClearError(await runCli(['resolve', 'web-0.nginx', '-t', 'BOGUS', '--demo']), 2, /unknown record type "BOGUS" \(try A, AAAA, SRV/);
    });

    it('TYPEnnn (RFC 3597) is accepted', async () => {
        const r = await runCli(['resolve', 'web-0.nginx', '-t', 'TYPE65', '--expected-only', '--demo']);
        assert.ok(r.code === 0 || r.code === 1, r.stderr);
    });

    const batches: { what: string; text: string; message: RegExp }[] = [
        // a line is read as the command line's words are (dig -f): several names are fine, a run-wide option is not
        {
            what: 'a run-wide option',
            text: 'web-0.nginx A\nfoo bar +short\n',
            message: /^error: --batch line 2: \+short applies to the whole run, not one line: give it on the command line$/,
        },
        { what: 'an unknown type', text: '# names\nweb-0.nginx TYPE99999\n', message: /^error: --batch line 2: unknown record type "TYPE99999"/ },
        { what: 'an empty label', text: 'a..b\n', message: /^error: --batch line 1: invalid name "a\.\.b": has an empty label/ },
        {
            what: 'a label of 64 characters',
            text: `${LONG}.nginx\n`,
            message: /^error: --batch line 1: invalid name ".*": has a label longer than 63 characters/,
        },
        { what: 'only comments', text: '# nothing\n; here\n\n', message: /^error: resolve needs a NAME \(or --batch FILE\)$/ },
    ];
    for (const b of batches) {
        it(`a --batch file with ${b.what}: exit 2 naming the line`, async (t) => {
            const file = join(tempDir(t), 'batch.txt');
            writeFileSync(file, b.text);
            assertClearError(await runCli(['resolve', '--batch', file, '--expected-only', '--demo']), 2, b.message);
        });
    }

    it('a malformed --batch on stdin: exit 2', async () => {
        assertClearError(
            await runCli(['resolve', '--batch', '-', '--expected-only', '--demo'], { stdin: 'x @ z\n' }),
            2,
            /--batch line 1: "@" names no server/,
        );
    });

    it('a --batch file that does not exist: exit 2', async (t) => {
        const file = join(tempDir(t), 'missing.txt');
        assertClearError(await runCli(['resolve', '--batch', file, '--demo']), 2, /--batch .*missing\.txt: cannot read \(ENOENT\)/);
    });
});

describe('object files', () => {
    it('an empty file is a usage error naming the file (exit 2)', async (t) => {
        const file = join(tempDir(t), 'empty.yaml');
        writeFileSync(file, '');
        assertClearError(await runCli(['explain', 'web', '-f', file]), 2, /empty\.yaml: no Kubernetes objects/);
    });

    it('a binary file: exit 2, "not a text file"', async (t) => {
        const file = join(tempDir(t), 'dump.yaml');
        writeFileSync(file, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)));
        assertClearError(await runCli(['explain', 'web', '-f', file]), 2, /dump\.yaml: not a text file \(binary content\)$/);
    });

    it('random bytes without a NUL: exit 2, never a crash', async (t) => {
        const file = join(tempDir(t), 'noise.yaml');
        writeFileSync(file, Buffer.from(Array.from({ length: 4096 }, (_, i) => 1 + ((i * 7919 + 13) % 255))));
        const r = await runCli(['explain', 'web', '-f', file]);
        assert.ok(r.code === 2 || r.code === 4, `exit ${r.code}: ${r.stderr}`);
        assertClearError(r, r.code, /noise\.yaml|not found/);
    });

    it('malformed YAML: exit 2 naming the file and line', async (t) => {
        const file = join(tempDir(t), 'bad.yaml');
        writeFileSync(file, 'kind: Service\nmetadata: {name: [\n');
        assertClearError(await runCli(['explain', 'web', '-f', file]), 2, /bad\.yaml:\d+: cannot parse: /);
    });

    /** The object is left out with a note naming it; with nothing else in the file, that is "no valid objects". */
    function assertLeftOut(r: CliRun, note: RegExp, file: RegExp): void {
        assert.equal(r.code, 2, r.stderr);
        assert.doesNotMatch(r.stderr, STACK);
        const [first, second, ...rest] = r.stderr.trimEnd().split('\n');
        assert.match(first!, note);
        assert.match(second!, file);
        assert.deepEqual(rest, []);
        assert.equal(r.stdout, '');
    }

    it('a Service without a spec (cut short): exit 2 naming the object', async (t) => {
        const file = join(tempDir(t), 'cut.yaml');
        writeFileSync(file, 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: default\n');
        assertLeftOut(
            await runCli(['check', '-A', '--expected-only', '-f', file]),
            /^note: .*cut\.yaml: Service default\/web: spec is missing; left out$/,
            /^error: .*cut\.yaml: no valid Kubernetes objects/,
        );
    });

    it('a Pod without containers: exit 2 naming the object', async (t) => {
        const file = join(tempDir(t), 'pod.yaml');
        writeFileSync(file, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: default\nspec: {}\n');
        assertLeftOut(
            await runCli(['env', '-f', file]),
            /^note: .*pod\.yaml: Pod default\/p: spec\.containers is missing; left out$/,
            /^error: .*pod\.yaml: no valid Kubernetes objects/,
        );
    });

    it('a file that does not exist: exit 2', async (t) => {
        assertClearError(await runCli(['explain', 'web', '-f', join(tempDir(t), 'nope.yaml')]), 2, /nope\.yaml: cannot read: no such file$/);
    });

    it('a huge `kubectl get -o json` dump (50 MB, 100,000 Services): answers within bounds', async (t) => {
        const file = join(tempDir(t), 'huge.json');
        const items = Array.from({ length: 100_000 }, (_, i) => ({
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name: `svc-${i}`, namespace: `ns-${i % 50}`, labels: { app: `svc-${i}`, tier: 'backend', team: 'platform' } },
            spec: {
                type: 'ClusterIP',
                clusterIP: `10.${96 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`,
                selector: { app: `svc-${i}` },
                ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
            },
        }));
        const text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 4);
        assert.ok(text.length >= 50 * 1024 * 1024, `the dump is ${(text.length / 1048576).toFixed(0)} MB`);
        writeFileSync(file, text);
        const started = Date.now();
        const r = await runCli(['explain', 'svc-12345', '-n', 'ns-45', '-f', file, '-o', 'json']);
        assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
        assert.doesNotMatch(r.stderr, STACK);
        assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
        assert.equal((JSON.parse(r.stdout) as { service: { name: string } }).service.name, 'svc-12345');
    });

    it('a large multi-document YAML file (2 MB): answers within bounds', async (t) => {
        const file = join(tempDir(t), 'big.yaml');
        const docs: string[] = [];
        for (let i = 0, size = 0; size < 2 * 1024 * 1024; i++) {
            const d = stringify({
                apiVersion: 'v1',
                kind: 'Service',
                metadata: { name: `svc-${i}`, namespace: 'dev' },
                spec: { clusterIP: `10.96.${(i >> 8) & 255}.${i & 255}`, ports: [{ port: 80 }] },
            });
            docs.push(d);
            size += d.length + 4;
        }
        writeFileSync(file, docs.join('---\n'));
        const started = Date.now();
        const r = await runCli(['explain', 'svc-7', '-n', 'dev', '-f', file, '-o', 'json']);
        assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
        assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
        assert.doesNotMatch(r.stderr, STACK);
    });
});

describe('kubeconfig and flags', () => {
    it('an unknown context: exit 3 naming it and the contexts there are', async (t) => {
        const f = await liveFixture(t);
        const r = await f.run(['explain', 'web', '--context', 'prod']);
        assertClearError(r, 3, /context "prod"/);
        assert.match(r.stderr, /fake/, 'names the context that exists');
        assert.equal(f.server.requests.length, 0);
    });

    const conflicts: { what: string; argv: string[]; message: RegExp }[] = [
        { what: '-n with -A', argv: ['check', '-n', 'dev', '-A', '--demo'], message: /^error: use either -n\/--namespace or -A\/--all-namespaces, not both$/ },
        { what: '--demo with -f', argv: ['explain', 'nginx', '--demo', '-f', '/dev/null'], message: /^error: --demo and --from-file cannot be used together$/ },
        { what: '--demo with --kubeconfig', argv: ['explain', 'nginx', '--demo', '--kubeconfig', '/dev/null'], message: /^error: --demo reads no cluster/ },
        { what: '--container without --pod', argv: ['env', '--container', 'app', '--demo'], message: /^error: --container needs --pod$/ },
        { what: 'Service names with -A', argv: ['check', 'nginx', '-A', '--demo'], message: /^error: name Services or use -A, not both$/ },
        { what: '--concurrency 0', argv: ['check', '--concurrency', '0', '--demo'], message: /--concurrency takes a whole number from 1 to 4096, got "0"/ },
        { what: 'a bad --timeout', argv: ['resolve', 'x', '--timeout', 'soon', '--demo'], message: /--timeout takes a duration such as 500ms/ },
        { what: 'a bad --ttl', argv: ['explain', 'nginx', '--ttl', '-1', '--demo'], message: /--ttl must be a whole number of seconds from 0 to 3600/ },
    ];
    for (const c of conflicts) {
        it(`${c.what}: exit 2`, async () => assertClearError(await runCli(c.argv), 2, c.message));
    }

    it('a bad --request-timeout against a live cluster: exit 2 before any request', async (t) => {
        const f = await liveFixture(t);
        assertClearError(await f.run(['explain', 'web', '--request-timeout', 'abc']), 2, /--request-timeout takes a duration/);
        assert.equal(f.server.requests.length, 0);
    });

    it("an unknown flag: exit 2 (commander's one-line error), no stack", async () => {
        const r = await runCli(['explain', 'nginx', '--demo', '--frobnicate']);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /unknown option '--frobnicate'/);
        assert.doesNotMatch(r.stderr, STACK);
    });
});
