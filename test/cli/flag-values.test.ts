/** Flag values that cannot work are usage errors (exit 2) before anything is read or asked. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { runCli } from '../helpers/run-cli.js';
import { BIN } from '../helpers/run-bin.js';
import { invalidZoneReason } from '../../src/core/name-rules.js';

const svcdig = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

test('--timeout 0 is a usage error (it used to time out before the reply, or not: exit 1 or 5 at random)', () => {
    for (let i = 0; i < 3; i++) {
        const r = svcdig('resolve', 'nginx-public', '--demo', '--timeout', '0');
        assert.equal(r.status, 2, r.stdout + r.stderr);
        assert.equal(r.stdout, '');
        assert.match(r.stderr, /^error: --timeout must be at least 1ms and at most 24 days, got "0"\n$/);
    }
    assert.equal(svcdig('check', '-A', '--demo', '--timeout', '0').status, 2, 'check shares the flag');
});

for (const value of ['0ms', '0s', '0.0001', '0.4ms', '-1', '-2s', 'NaN', 'Infinity', '', '1e3', '1000h']) {
    test(`--timeout "${value}": exit 2`, async () => {
        const r = await runCli(['resolve', 'nginx-public', '--demo', '--timeout', value]);
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, /^error: --timeout (must be at least 1ms|takes a duration|is too long)/);
    });
}

test('--timeout 1ms and 2s are taken', async () => {
    for (const value of ['1ms', '2s']) {
        const r = await runCli(['resolve', 'nginx-public', '--demo', '--expected-only', '--timeout', value]);
        assert.equal(r.code, 0, r.stderr);
    }
});

for (const zone of ['a..b', '..', '.', 'a$b', 'bad_zone.local', 'cluster.local;rm', '-x.local', 'x-.local', 'a b', `${'x'.repeat(64)}.local`, '10.0.0.0/8']) {
    test(`--zone "${zone}": a usage error naming it, exit 2`, async () => {
        const r = await runCli(['resolve', 'nginx-public', '--demo', '--expected-only', '--zone', zone]);
        assert.equal(r.code, 2, r.stdout);
        assert.equal(r.stdout, '');
        assert.ok(r.stderr.startsWith(`error: invalid --zone "${zone}": `), r.stderr);
    });
}

test('--zone a..b through the binary: exit 2, for every command that takes it', () => {
    for (const argv of [['resolve', 'nginx'], ['explain', 'nginx'], ['env'], ['check', '-A']]) {
        const r = svcdig(...argv, '--demo', '--zone', 'a..b');
        assert.equal(r.status, 2, `${argv.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, /^error: invalid --zone "a\.\.b": has an empty label/);
    }
});

test('a valid --zone is taken, with any case and one trailing dot', async () => {
    for (const zone of ['test.local', 'Cluster.Local.', 'k8s-1.example']) assert.equal(invalidZoneReason(zone), null, zone);
    const r = await runCli(['resolve', 'nginx-public.default.svc.test.local.', '--demo', '--expected-only', '--zone', 'Test.Local.', '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { results: { expected: { answers: { data: string }[] } }[] }).results[0]!.expected.answers[0]!.data, '10.96.120.15');
});
