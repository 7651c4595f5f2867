import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/run-cli.js';
import { scenarioClusterPath } from '../helpers/scenarios.js';
import { command, escapeData, escapeProperty } from '../../src/render/github.js';

// https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions
const COMMAND = /^::(error|warning|notice) title=([^:]*)::(.*)$/;

test('check -o github: one ::error per failing record, ::warning per warning finding, a closing ::notice', async () => {
    const r = await runCli(['check', '-A', '--demo', '-o', 'github']);
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    for (const l of lines) assert.match(l, COMMAND, l);
    const json = JSON.parse((await runCli(['check', '-A', '--demo', '-o', 'json'])).stdout);
    const failing = json.services.flatMap((s: { records: { verdict: string }[] }) =>
        s.records.filter((x) => x.verdict === 'mismatch' || x.verdict === 'error'),
    );
    const errors = lines.filter((l) => l.startsWith('::error '));
    assert.equal(errors.length, failing.length + json.summary.errors);
    assert.ok(
        errors.some((l) =>
            l.startsWith('::error title=svcdig default/nginx A nginx.default.svc.cluster.local::A nginx.default.svc.cluster.local differs: unexpected'),
        ),
        errors.join('\n'),
    );
    assert.equal(lines.filter((l) => l.startsWith('::warning ')).length, json.summary.warnings);
    assert.match(lines.at(-1)!, /^::notice title=svcdig check::4 Services, \d+\/\d+ records ok, .*1 failed: 1 with differences; /);
});

test('check -o github on files without --server: one ::warning for the records not queried, not one per record', async () => {
    const r = await runCli(['check', '-A', '-f', scenarioClusterPath('seed-004-web-statefulset'), '-o', 'github']);
    assert.equal(r.code, 0, r.stderr);
    const warnings = r.stdout.split('\n').filter((l) => l.startsWith('::warning title=svcdig records not queried::'));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /23 of 23 records not queried \(files without --server\)/);
});

test('workflow-command escaping: % CR LF in data; also : and , in properties; no data can start a command', () => {
    assert.equal(escapeData('100% a\r\nb'), '100%25 a%0D%0Ab');
    assert.equal(escapeProperty('ns/x: a,b%'), 'ns/x%3A a%2Cb%25');
    const line = command('error', 'svc:1,2', 'bad\n::add-mask::secret\u001b[31m');
    assert.equal(line.split('\n').length, 1);
    assert.equal(line, '::error title=svc%3A1%2C2::bad%0A::add-mask::secret\\x1b[31m');
});
