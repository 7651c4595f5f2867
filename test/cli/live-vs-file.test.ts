/**
 * Every command gives identical output live (through the fake API server) and from the
 * scenario's file. Runs the real CLI in-process against the fake with a generated kubeconfig.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeApiServer } from '../kit/fake-apiserver/index.js';
import { runCli } from '../helpers/run-cli.js';
import { loadScenarioSnapshot, loadObserved, scenarioClusterPath, scenarioNames } from '../helpers/scenarios.js';
import { nsOf } from '../../src/core/snapshot.js';

for (const scenario of scenarioNames()) {
    test(`${scenario}: explain, env and resolve --expected-only print the same live and from the file`, async (t) => {
        const file = scenarioClusterPath(scenario);
        const server = await startFakeApiServer({ objectsFile: file });
        const dir = mkdtempSync(join(tmpdir(), 'svcdig-live-cli-'));
        t.after(async () => {
            await server.close();
            rmSync(dir, { recursive: true, force: true });
        });
        const kubeconfig = server.kubeconfigPath(dir);
        const snap = loadScenarioSnapshot(scenario);
        const same = async (args: string[]) => {
            const fromFile = await runCli([...args, '-f', file]);
            const live = await runCli([...args, '--kubeconfig', kubeconfig]);
            assert.equal(live.stderr, fromFile.stderr, `stderr of ${args.join(' ')}`);
            assert.equal(live.code, fromFile.code, `exit of ${args.join(' ')}: ${live.stderr}`);
            assert.equal(live.stdout, fromFile.stdout, `stdout of ${args.join(' ')}`);
        };
        for (const svc of snap.services) {
            for (const o of ['describe', 'json']) await same(['explain', svc.metadata.name, '-n', nsOf(svc), '-o', o]);
        }
        for (const ns of new Set(snap.services.map(nsOf))) await same(['env', '-n', ns, '-o', 'dotenv']);
        for (const pod of snap.pods.filter((p) => nsOf(p) !== 'kube-system').slice(0, 3)) {
            await same(['env', '-n', nsOf(pod), '--pod', pod.metadata.name, '-o', 'table']);
        }
        const observed = loadObserved(scenario);
        for (const q of observed.dns ?? []) {
            const ns = q.from?.pod?.namespace ?? 'default';
            await same(['resolve', q.qname, '-t', q.qtype, '-n', ns, '--expected-only', '-o', 'table']);
        }
    });
}
