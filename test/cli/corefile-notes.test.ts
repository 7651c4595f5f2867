import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runCli } from '../helpers/run-cli.js';
import { scenarioClusterPath } from '../helpers/scenarios.js';

/** seed-004's cluster with a kubernetes-plugin option svcdig does not understand (`pods bogus`) in its Corefile. */
const bogusPods = () => {
    const yaml = readFileSync(scenarioClusterPath('seed-004-web-statefulset'), 'utf8');
    assert.match(yaml, /^ {11}pods insecure$/m);
    return yaml.replace(/^ {11}pods insecure$/m, '           pods bogus');
};
/** CoreDNS itself would not load this Corefile (plugin/kubernetes/setup.go): the note says so and what svcdig assumed. */
const TEXT =
    'kubernetes: pods "bogus" is not one of disabled, insecure, verified: CoreDNS refuses this Corefile (a new CoreDNS pod does not start; ' +
    'a running one keeps its previous configuration on reload); svcdig assumes pods disabled (--pods-mode sets another)';
const NOTE = `note: Corefile: ${TEXT}`;

test('a Corefile option svcdig does not understand reaches the table output as a note on stderr, not only JSON', async () => {
    const stdin = bogusPods();
    for (const argv of [
        ['check', '-A'],
        ['check', '-A', '-o', 'wide'],
        ['resolve', 'nginx', '--expected-only'],
        ['resolve', 'nginx', '--expected-only', '-o', 'dig'],
    ]) {
        const r = await runCli([...argv, '-f', '-'], { stdin });
        assert.ok(r.stderr.split('\n').includes(NOTE), `${argv.join(' ')}: ${r.stderr}`);
        assert.doesNotMatch(r.stdout, /bogus/, 'stdout keeps the report only');
    }
});

test('JSON and YAML carry the Corefile notes as data and say nothing of them on stderr', async () => {
    const stdin = bogusPods();
    const json = await runCli(['check', '-A', '-f', '-', '-o', 'json'], { stdin });
    assert.ok(JSON.parse(json.stdout).dns.notes.includes(TEXT));
    assert.doesNotMatch(json.stderr, /bogus/);
    const yaml = await runCli(['resolve', 'nginx', '--expected-only', '-f', '-', '-o', 'yaml'], { stdin });
    assert.match(yaml.stdout, /^ {4}- "kubernetes: pods \\"bogus\\" is not one of disabled, insecure, verified: CoreDNS refuses this Corefile/m);
    assert.doesNotMatch(yaml.stderr, /bogus/);
});

test("explain: describe lists the note in its Notes section, the table on stderr (a table's rows stay rows)", async () => {
    const stdin = bogusPods();
    const described = await runCli(['explain', 'nginx', '-f', '-'], { stdin });
    assert.match(described.stdout, /^Notes:\n(?: {2}.*\n)*? {2}kubernetes: pods "bogus" is not one of disabled, insecure, verified: CoreDNS refuses/m);
    assert.match(described.stdout, /svcdig assumes pods disabled\s+\(--pods-mode sets another\)/);
    assert.doesNotMatch(described.stderr, /bogus/);
    const table = await runCli(['explain', 'nginx', '-f', '-', '-o', 'table'], { stdin });
    assert.ok(table.stderr.split('\n').includes(`note: ${TEXT}`), table.stderr);
    assert.doesNotMatch(table.stdout, /bogus/);
});

test('pods bogus: what svcdig computed with is the mode the note names (JSON podsMode), and --pods-mode overrides it', async () => {
    const stdin = bogusPods();
    const assumed = await runCli(['resolve', 'nginx', '--expected-only', '-f', '-', '-o', 'json'], { stdin });
    assert.equal(JSON.parse(assumed.stdout).dns.podsMode, 'disabled');
    const flagged = await runCli(['resolve', 'nginx', '--expected-only', '-f', '-', '-o', 'json', '--pods-mode', 'insecure'], { stdin });
    assert.equal(JSON.parse(flagged.stdout).dns.podsMode, 'insecure');
});
