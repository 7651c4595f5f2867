/**
 * A synthetic cluster served live on loopback for the bench: the generated objects in the fake kube-apiserver
 * (test/kit/fake-apiserver) and a Knot DNS (test/kit/dns/knot.ts) serving exactly what the expectation engine says
 * CoreDNS answers for them (test/kit/dns/scenario-zone.ts), so `check` finds no DNS differences.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { snapshotFromObjects } from '../../src/core/snapshot-from-objects.js';
import { dnsConfigFor } from '../../src/core/dns/corefile.js';
import { zoneFromRecords, startKnot, type KnotServer } from '../kit/dns/knot.js';
import { scenarioRecords } from '../kit/dns/scenario-zone.js';
import { startFakeApiServer, type FakeApiServer } from '../kit/fake-apiserver/index.js';
import { generateCluster, type GeneratedCluster } from '../kit/generate-cluster.js';

export interface LiveCluster {
    generated: GeneratedCluster;
    api: FakeApiServer;
    knot: KnotServer;
    kubeconfig: string;
    dir: string;
    /** `--server` value for svcdig. */
    dnsServer: string;
    /** Every (name, type) the Services create: what `check` asks. */
    questions: { name: string; type: string }[];
    stop(): Promise<void>;
}

export async function startLiveCluster(services: number, pods: number): Promise<LiveCluster> {
    const generated = generateCluster({ services, pods });
    const snap = snapshotFromObjects(generated.objects, 'bench');
    const config = dnsConfigFor(snap.corednsConfigMap?.data?.Corefile, {});
    const { records, questions } = scenarioRecords(snap, config);
    const zones: Record<string, string> = {};
    for (const [zone, rrs] of records) zones[zone] = zoneFromRecords(zone, rrs);
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-bench-'));
    const api = await startFakeApiServer({ objects: generated.objects });
    let knot: KnotServer;
    try {
        knot = await startKnot({ zones });
    } catch (err) {
        await api.close();
        throw err;
    }
    const kubeconfig = api.kubeconfigPath(dir, { namespace: 'default' });
    return {
        generated,
        api,
        knot,
        kubeconfig,
        dir,
        dnsServer: `127.0.0.1:${knot.port}`,
        questions: questions.map((q) => ({ name: q.name, type: q.type })),
        async stop() {
            await knot.stop();
            await api.close();
            rmSync(dir, { recursive: true, force: true });
        },
    };
}
