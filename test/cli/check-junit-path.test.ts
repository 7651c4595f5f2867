import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scenarioClusterPath } from '../helpers/scenarios.js';
import { runCli } from '../helpers/run-cli.js';

/** -f names a file that does not exist: had the check started, it would fail on that (exit 3/…) instead of exit 2. */
const NO_CLUSTER = ['check', '-A', '-f', '/nonexistent/cluster.yaml'];

async function withTmp(fn: (dir: string) => Promise<void>) {
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-junit-path-'));
    try {
        await fn(dir);
    } finally {
        chmodSync(dir, 0o755);
        rmSync(dir, { recursive: true, force: true });
    }
}

test('--junit into a directory that does not exist: one-line usage error, exit 2, before anything is read', async () => {
    const r = await runCli([...NO_CLUSTER, '--junit', '/nonexistent-dir/report.xml']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^error: --junit \/nonexistent-dir\/report\.xml: cannot write \(directory \/nonexistent-dir does not exist\)\n/);
    assert.doesNotMatch(r.stderr, /cluster\.yaml/);
});

test('--junit naming a directory: usage error before the check runs', async () => {
    await withTmp(async (dir) => {
        mkdirSync(join(dir, 'out'));
        const r = await runCli([...NO_CLUSTER, '--junit', join(dir, 'out')]);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /cannot write \(it is a directory\)/);
    });
});

test('--junit under a path that is a file, not a directory: usage error before the check runs', async () => {
    await withTmp(async (dir) => {
        writeFileSync(join(dir, 'file'), '');
        const r = await runCli([...NO_CLUSTER, '--junit', join(dir, 'file', 'report.xml')]);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /cannot write \(.*file is not a directory\)/);
        const deeper = await runCli([...NO_CLUSTER, '--junit', join(dir, 'file', 'sub', 'report.xml')]);
        assert.equal(deeper.code, 2, deeper.stderr);
        assert.match(deeper.stderr, /^error: --junit .*: cannot write \(directory .*file\/sub does not exist\)\n/);
    });
});

// As root (this CI's container) a chmod-ed directory is still writable: root gets /proc/self, which nobody may
// create files in (EPERM), so the check of the directory runs for every user.
test('--junit into a read-only directory: usage error before the check runs', async () => {
    await withTmp(async (dir) => {
        chmodSync(dir, 0o555);
        const readOnly = process.getuid?.() === 0 ? '/proc/self' : dir;
        const r = await runCli([...NO_CLUSTER, '--junit', join(readOnly, 'report.xml')]);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /cannot write \((EACCES|EPERM): directory .* is not writable\)/);
        assert.equal(r.stdout, '', 'refused before the check runs');
    });
});

test('--junit on a full disk (/dev/full passes the path check): stdout written whole, then one line and exit 74', async () => {
    for (const args of [
        ['check', '-A', '--demo', '--expected-only'],
        ['check', '-A', '--demo', '--expected-only', '-o', 'json'],
        ['check', '-A', '-f', scenarioClusterPath('seed-004-web-statefulset'), '--expected-only', '-q'],
    ]) {
        const r = await runCli([...args, '--junit', '/dev/full']);
        assert.equal(r.code, 74, `${args.join(' ')}: ${r.stderr}`);
        assert.equal(
            r.stderr
                .split('\n')
                .filter((l) => l.startsWith('error:'))
                .join('\n'),
            'error: --junit /dev/full: cannot write (ENOSPC)',
        );
        assert.match(r.stdout, /records queried|"summary"/, 'the report on stdout is complete');
    }
});

test('--junit to a writable place: the check runs (the file is written)', async () => {
    await withTmp(async (dir) => {
        const r = await runCli(['check', '-A', '--demo', '--expected-only', '--junit', join(dir, 'report.xml')]);
        assert.equal(r.code, 0, r.stderr);
    });
});
