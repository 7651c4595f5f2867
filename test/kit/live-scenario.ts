import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dnsConfigFor } from '../../src/core/dns/corefile.js';
import { startFakeApiServer, type FakeApiServerOptions } from './fake-apiserver/index.js';
import { startKnot } from './dns/knot.js';
import { scenarioZones } from './dns/scenario-zone.js';
import { loadScenarioSnapshot, scenarioClusterPath } from '../helpers/scenarios.js';

/**
 * A live (fake) cluster of a scenario: the fake API server with its objects, Knot serving the scenario's zones, and
 * every CoreDNS pod's port 53 port-forwarded to Knot (so `--via port-forward` reaches a real DNS server).
 */
export async function liveScenario(
    t: { after: (fn: () => Promise<void> | void) => void },
    scenario = 'seed-004-web-statefulset',
    opts: FakeApiServerOptions = {},
) {
    const snap = loadScenarioSnapshot(scenario);
    const config = dnsConfigFor(snap.corednsConfigMap?.data?.Corefile, {});
    const server = await startFakeApiServer({ objectsFile: scenarioClusterPath(scenario), ...opts });
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-live-'));
    t.after(async () => {
        await server.close();
        rmSync(dir, { recursive: true, force: true });
    });
    const knot = await startKnot({ zones: scenarioZones(snap, config) });
    t.after(() => knot.stop());
    for (const p of snap.pods.filter((p) => p.metadata.namespace === 'kube-system' && p.metadata.labels?.['k8s-app'] === 'kube-dns')) {
        server.portForwards.set(`kube-system/${p.metadata.name}:53`, { host: '127.0.0.1', port: knot.port });
    }
    return { server, dir, snap, knot, kubeconfig: server.kubeconfigPath(dir, { namespace: 'default' }) };
}
