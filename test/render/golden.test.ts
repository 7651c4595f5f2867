import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/run-cli.js';
import { assertGolden } from '../helpers/golden.js';
import { loadScenarioSnapshot, scenarioClusterPath, scenarioNames } from '../helpers/scenarios.js';
import { nsOf } from '../../src/core/snapshot.js';

for (const scenario of scenarioNames()) {
    const snap = loadScenarioSnapshot(scenario);
    const file = scenarioClusterPath(scenario);
    for (const svc of snap.services) {
        const ns = nsOf(svc);
        for (const format of ['describe', 'table', 'wide', 'json', 'yaml']) {
            test(`explain ${ns}/${svc.metadata.name} of ${scenario} renders as ${format}`, async () => {
                const r = await runCli(['explain', svc.metadata.name, '-n', ns, '-f', file, '-o', format]);
                assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
                assert.equal(r.stderr, '');
                if (format === 'json') assert.equal(JSON.parse(r.stdout).kind, 'ServiceExplanation');
                assertGolden(
                    `explain/${scenario}/${ns}.${svc.metadata.name}.${format === 'describe' ? 'txt' : format === 'wide' ? 'wide.txt' : format === 'table' ? 'table.txt' : format}`,
                    r.stdout,
                );
            });
        }
    }
    const namespaces = [...new Set(snap.services.map(nsOf))];
    for (const ns of namespaces) {
        for (const format of ['table', 'dotenv', 'shell', 'json', 'yaml']) {
            test(`env of namespace ${ns} in ${scenario} renders as ${format}`, async () => {
                const r = await runCli(['env', '-n', ns, '-f', file, '-o', format]);
                assert.equal(r.code, 0, r.stderr);
                if (format === 'json') assert.equal(JSON.parse(r.stdout).kind, 'EnvReport');
                assertGolden(`env/${scenario}/${ns}.${format === 'table' ? 'txt' : format}`, r.stdout);
            });
        }
    }
    for (const pod of snap.pods.filter((p) => nsOf(p) !== 'kube-system')) {
        test(`env of pod ${nsOf(pod)}/${pod.metadata.name} in ${scenario} renders as a table`, async () => {
            const r = await runCli(['env', '-n', nsOf(pod), '--pod', pod.metadata.name, '-f', file, '-o', 'table']);
            assert.equal(r.code, 0, r.stderr);
            assertGolden(`env/${scenario}/pod.${nsOf(pod)}.${pod.metadata.name}.txt`, r.stdout);
        });
    }
}

test('colour appears only when asked for, and only in tables (green match, red problems)', async () => {
    const plain = await runCli(['explain', 'nginx', '--demo']);
    const coloured = await runCli(['explain', 'nginx', '--demo'], { env: { FORCE_COLOR: '1', NO_COLOR: undefined } });
    assert.doesNotMatch(plain.stdout, /\u001b\[/);
    assert.match(coloured.stdout, /\u001b\[3[12]m/);
    const json = await runCli(['explain', 'nginx', '--demo', '-o', 'json'], { env: { FORCE_COLOR: '1', NO_COLOR: undefined } });
    assert.doesNotMatch(json.stdout, /\u001b\[/);
    const noColor = await runCli(['explain', 'nginx', '--demo', '--no-color'], { env: { FORCE_COLOR: '1', NO_COLOR: undefined } });
    assert.doesNotMatch(noColor.stdout, /\u001b\[/);
});
