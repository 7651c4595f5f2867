/**
 * -v says where the cluster came from for every command that reads one (it was resolve's only: check, explain and env
 * from --demo or files traced nothing), including check -A -f, which reads files namespace by namespace.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/run-cli.js';
import { scenarioClusterPath } from '../helpers/scenarios.js';

const file = scenarioClusterPath('seed-001-nginx-statefulset');
const cases: [string, string[], RegExp][] = [
    ['resolve --demo', ['resolve', 'web-0.nginx', '--demo', '--expected-only'], /the built-in demo cluster/],
    ['check --demo', ['check', '--demo', '--expected-only'], /the built-in demo cluster/],
    ['check -A -f', ['check', '-A', '-f', file, '--expected-only'], /file .*seed-001-nginx-statefulset/],
    ['explain -f', ['explain', 'nginx-headless', '-f', file], /file .*seed-001-nginx-statefulset/],
    ['env --demo', ['env', '--demo'], /the built-in demo cluster/],
];

describe('-v: where the cluster came from', () => {
    for (const [label, args, origin] of cases) {
        it(`${label} says it with -v, and only then`, async () => {
            const verbose = await runCli([...args, '-v']);
            assert.ok(verbose.code === 0 || verbose.code === 1, verbose.stderr);
            const line = verbose.stderr.split('\n').find((l) => l.startsWith('svcdig: cluster from '));
            assert.ok(line, verbose.stderr);
            assert.match(line, origin);
            assert.match(line, /; DNS config from /);
            const quiet = await runCli(args);
            assert.doesNotMatch(quiet.stderr, /cluster from /);
        });
    }
});

describe('-v names stdin as <stdin>, as the parser does', () => {
    it('check -A -f - -v', async () => {
        const { readFileSync } = await import('node:fs');
        const r = await runCli(['check', '-A', '-f', '-', '--expected-only', '-v'], { stdin: readFileSync(file, 'utf8') });
        assert.match(r.stderr, /^svcdig: cluster from file <stdin>; DNS config from /m, r.stderr);
    });
});
