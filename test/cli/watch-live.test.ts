/**
 * `--watch` against a live (fake) cluster re-renders as the API reports a change, not on a timer: the watches start
 * at the collections' current resourceVersion, a pod (or its endpoint) losing its readiness arrives as a MODIFIED
 * event, and the next rendering says so. Only GET requests (watch=1 included) reach the API server.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { main } from '../../src/cli.js';
import type { Deps } from '../../src/deps.js';
import type { EndpointSlice, KubeObject, Pod } from '../../src/core/k8s.js';
import { startFakeApiServer } from '../kit/fake-apiserver/index.js';
import { loadScenarioSnapshot, scenarioClusterPath } from '../helpers/scenarios.js';

const SCENARIO = 'seed-004-web-statefulset';

/** web-0 stops being Ready: as kubelet reports it on the pod, or as the EndpointSlice controller then marks its endpoint. */
type Change = 'pod' | 'endpointslice';

async function watchSeesReadyChange(
    t: { after: (fn: () => Promise<void>) => void },
    argv: string[],
    change: Change,
    watchedNamespaces: string[],
): Promise<void> {
    const server = await startFakeApiServer({ objectsFile: scenarioClusterPath(SCENARIO) });
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-watch-live-'));
    t.after(async () => {
        await server.close();
        rmSync(dir, { recursive: true, force: true });
    });
    const kubeconfig = server.kubeconfigPath(dir, { namespace: 'default' });
    const snapshot = loadScenarioSnapshot(SCENARIO);
    const web0 = snapshot.pods.find((p) => p.metadata.name === 'web-0' && p.metadata.namespace === 'default')!;
    assert.ok(
        web0.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
        'web-0 starts Ready',
    );
    const slice = snapshot.endpointSlices.find((s) => s.endpoints?.some((e) => e.targetRef?.name === 'web-0'))!;
    const web0NotReady = (): KubeObject => {
        if (change === 'pod') {
            const notReady: Pod = structuredClone(web0);
            notReady.status!.conditions = notReady.status!.conditions!.map((c) => (c.type === 'Ready' ? { ...c, status: 'False' } : c));
            return notReady;
        }
        const edited: EndpointSlice = structuredClone(slice);
        edited.endpoints = edited.endpoints!.map((e) =>
            e.targetRef?.name === 'web-0' ? { ...e, conditions: { ...e.conditions, ready: false, serving: false } } : e,
        );
        return edited;
    };

    let stdout = '';
    let changedAfterMs: number | undefined;
    const started = Date.now();
    let appliedAt: number | undefined;
    // The change is made once svcdig watches all three collections (on a loaded machine that can take a while): a
    // change made before its first list would be in the snapshot already, and no event would follow.
    const watching = () => new Set(server.requests.filter((q) => q.query.watch).map((q) => q.resource)).size >= 3;
    const deps: Deps = {
        stdout: { write: (s) => void (stdout += s), isTTY: false },
        stderr: { write: () => undefined, isTTY: false },
        stdinIsTTY: false,
        readStdin: async () => '',
        env: { NO_COLOR: '1', HOME: dir },
        now: () => new Date(),
        prompt: () => Promise.reject(new Error('no prompt off a terminal')),
        // Real time passes; once the watches are up the pod changes; "Ctrl-C" once the change was rendered (or 20 s).
        sleep: async (ms) => {
            await new Promise((r) => setTimeout(r, ms));
            if (appliedAt === undefined && watching()) {
                appliedAt = Date.now();
                server.apply(web0NotReady());
            }
            if (appliedAt !== undefined && changedAfterMs === undefined && /— changed/.test(stdout)) changedAfterMs = Date.now() - appliedAt;
            return changedAfterMs === undefined && Date.now() - started < 20_000;
        },
    };
    const code = await main([...argv, '--watch', '--kubeconfig', kubeconfig], deps);
    assert.ok(code === 0 || code === 1, `exit ${code}`);
    // well before the 30 s DNS re-query: the watch event, not the timer, made it re-render
    assert.ok(changedAfterMs !== undefined && changedAfterMs < 15_000, `re-rendered after the change:\n${stdout.slice(-1500)}`);
    const event = change === 'pod' ? 'pods default/web-0 MODIFIED' : `endpointslices default/${slice.metadata.name} MODIFIED`;
    assert.ok(new RegExp(`— changed \\([^)]*; after ${event}`).test(stdout), `the change is named (${event}):\n${stdout.slice(-800)}`);
    assert.match(stdout.slice(stdout.indexOf('— changed')), /» .*web-0/, 'the changed lines name web-0');
    const watches = server.requests.filter((q) => q.query.watch);
    assert.deepEqual([...new Set(watches.map((q) => q.resource))].sort(), ['endpointslices', 'pods', 'services']);
    assert.ok(
        watches.every((q) => q.query.resourceVersion),
        'watches start from a resourceVersion',
    );
    assert.deepEqual([...new Set(watches.map((q) => q.namespace))].sort(), watchedNamespaces);
    assert.ok(
        server.requests.every((q) => q.method === 'GET'),
        'read-only',
    );
}

it('explain --watch re-renders when a pod stops being Ready, naming the change, well before the 30 s re-query', (t) =>
    watchSeesReadyChange(t, ['explain', 'nginx'], 'pod', ['default']));

it("resolve --watch re-renders when web-0's endpoint stops being ready, watching every namespace web-0.nginx reaches", (t) =>
    watchSeesReadyChange(t, ['resolve', 'web-0.nginx', '--expected-only'], 'endpointslice', ['default', 'nginx']));
