import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/run-cli.js';

test('--help lists the commands and the exit codes, exit 0', async () => {
    const r = await runCli(['--help']);
    assert.equal(r.code, 0);
    for (const word of ['resolve', 'explain', 'env', 'completion', 'Exit status', '70  internal error']) assert.ok(r.stdout.includes(word), word);
});

test('no arguments prints help on stderr and exits 2 (usage)', async () => {
    const r = await runCli([]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /Usage: svcdig/);
});

test('an unknown command is a usage error with a suggestion, exit 2', async () => {
    const r = await runCli(['resolv', 'x']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command 'resolv'/);
    assert.match(r.stderr, /resolve/);
});

test("an unknown flag is exit 2, not commander's 1", async () => {
    const r = await runCli(['explain', 'nginx', '--demo', '--frobnicate']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown option '--frobnicate'/);
});

test('commander\'s errors in svcdig\'s voice: "did you mean" and the other hints on a hint: line', async () => {
    const typo = await runCli(['resolv', 'nginx', '--demo']);
    assert.equal(typo.stderr, "error: unknown command 'resolv'\nhint: did you mean resolve?\n");
    const unknown = await runCli(['-n', 'kube-system', 'bogus']);
    assert.equal(unknown.stderr, "error: unknown command 'bogus'\nhint: the commands are resolve, explain, env, check, shell, completion\n");
    const flag = await runCli(['explain', 'nginx', '--frobnicate']);
    assert.equal(flag.stderr, "error: unknown option '--frobnicate'\nhint: svcdig explain --help lists its flags\n");
    const near = await runCli(['explain', 'nginx', '--dem']);
    assert.equal(near.stderr, "error: unknown option '--dem'\nhint: did you mean --demo?\n");
    const wide = await runCli(['env', '--demo', '-o', 'wide']);
    assert.equal(wide.code, 2);
    assert.match(
        wide.stderr,
        /Allowed choices are table, dotenv, shell, json, yaml\.\nhint: env has no -o wide: its table already shows every column \(svcdig env -o table\)\n$/,
    );
});

test("env given a pod as a word (kubectl exec's habit) says to use --pod, exit 2", async () => {
    for (const [word, pod] of [
        ['web-0', 'web-0'],
        ['pod/web-0', 'web-0'],
    ]) {
        const r = await runCli(['env', word!, '--demo']);
        assert.equal(r.code, 2, word);
        assert.match(r.stderr, /^error: too many arguments for 'env'/, word);
        assert.match(r.stderr, new RegExp(`\nhint: env takes the pod with --pod: svcdig env --pod ${pod}\n$`), word);
    }
});

test('as the kubectl plugin, the commands errors and hints quote say kubectl svcdig', async () => {
    const env = { SVCDIG_AS_KUBECTL_PLUGIN: '1' };
    assert.match((await runCli(['resolve', '--demo'], { env })).stderr, /^hint: example: kubectl svcdig resolve web-0\.nginx --demo$/m);
    assert.match((await runCli(['explain', 'nginx.default.svc', '--demo'], { env })).stderr, /\(kubectl svcdig resolve nginx\.default\.svc answers for it\)/);
    assert.doesNotMatch((await runCli(['-A', 'env'], { env })).stderr, /kubectl kubectl|(^|[^l] )svcdig /m);
});

test('a bare --color (last, or before a flag) means always (GNU ls, git); --color WHEN still takes its value', async () => {
    const bare = await runCli(['resolve', 'web-0.nginx', '--demo', '--color']);
    assert.equal(bare.code, 0, bare.stderr);
    assert.match(bare.stdout, /\u001b\[/);
    const before = await runCli(['resolve', '--color', '--demo', 'web-0.nginx']);
    assert.equal(before.code, 0, before.stderr);
    assert.match(before.stdout, /\u001b\[/);
    const never = await runCli(['resolve', 'web-0.nginx', '--demo', '--color', 'never']);
    assert.doesNotMatch(never.stdout, /\u001b/);
});

test('an output format outside the allowed list names the allowed ones, exit 2', async () => {
    const r = await runCli(['explain', 'nginx', '--demo', '-o', 'xml']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Allowed choices are describe, table, wide, json, yaml/);
});

test('--version prints the version, exit 0', async () => {
    const r = await runCli(['--version']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^\d+\.\d+\.\d+\n$/);
});

test('an invalid namespace is a one-line usage error, exit 2', async () => {
    const r = await runCli(['explain', 'nginx', '--demo', '-n', 'Bad_NS']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /^error: invalid namespace "Bad_NS": must be a DNS-1123 label/);
});

test('--demo together with --from-file is refused, exit 2', async () => {
    const r = await runCli(['explain', 'nginx', '--demo', '-f', 'x.yaml']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--demo and --from-file cannot be used together/);
});

test('a missing file is a one-line error naming it, exit 2', async () => {
    const r = await runCli(['explain', 'nginx', '-f', '/nonexistent/cluster.yaml']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'error: /nonexistent/cluster.yaml: cannot read: no such file\n');
});

test('a malformed YAML file names the file and line, exit 2', async () => {
    const r = await runCli(['explain', 'nginx', '-f', '-'], { stdin: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n spec: [\n' });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^error: <stdin>:\d+: cannot parse: /);
    assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/);
});

test('a binary file is refused cleanly, exit 2', async () => {
    const r = await runCli(['explain', 'nginx', '-f', '-'], { stdin: 'kind: Service\u0000\u0001\u0002' });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /not a text file/);
});
