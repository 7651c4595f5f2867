/** `svcdig help [command]` is asking for help (exit 0); `svcdig help NOPE` is a usage error naming NOPE (exit 2). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { BIN } from '../helpers/run-bin.js';

const svcdig = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

test('svcdig help: the program help on stdout, exit 0', () => {
    const r = svcdig('help');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Usage: svcdig \[options\] \[command\]/);
    assert.equal(r.stderr, '');
});

for (const command of ['resolve', 'explain', 'env', 'check', 'shell', 'completion']) {
    test(`svcdig help ${command}: that command's help on stdout, exit 0, the same as ${command} --help`, () => {
        const r = svcdig('help', command);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, new RegExp(`^Usage: svcdig ${command} `));
        assert.equal(r.stdout, svcdig(command, '--help').stdout);
        assert.equal(r.stderr, '');
    });
}

test('svcdig help nope: the "unknown command" error and a hint naming the commands, nothing on stdout, exit 2', () => {
    const r = svcdig('help', 'nope');
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, "error: unknown command 'nope'\nhint: the commands are resolve, explain, env, check, shell, completion\n");
});

test('svcdig help reslve suggests the command meant', () => {
    const r = svcdig('help', 'reslve');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^error: unknown command 'reslve'\nhint: did you mean resolve\?\n$/);
});
