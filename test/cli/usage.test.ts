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
