/**
 * Figure 8 of `npm run bench`: `check -A --all-contexts` over 10 contexts (10 fake API servers serving the same
 * generated cluster, one Knot answering for all, merged with KUBECONFIG=a:b:…) against the slowest of the same
 * contexts checked one by one (one process each). Target ≤ 2×: contexts run a few at a time in one process.
 */
import { delimiter } from 'node:path';
import { startFakeApiServer, type FakeApiServer } from '../kit/fake-apiserver/index.js';
import { run } from './measure.js';
import { startLiveCluster } from './live-cluster.js';
import { ratioRow, type Row } from './report.js';

export async function contextsFigure(
    node: string,
    cli: string,
    services: number,
    count: number,
    log: (s: string) => void,
): Promise<{ rows: Row[]; details: unknown }> {
    log(`${count} contexts of ${services} Services each: starting ${count} fake API servers and one Knot`);
    const c = await startLiveCluster(services, services * 10);
    const extra: FakeApiServer[] = [];
    try {
        const files = [c.api.kubeconfigPath(c.dir, { contextName: 'ctx-00' })];
        for (let i = 1; i < count; i++) {
            const api = await startFakeApiServer({ objects: c.generated.objects });
            extra.push(api);
            files.push(api.kubeconfigPath(c.dir, { contextName: `ctx-${String(i).padStart(2, '0')}` }));
        }
        const env = { ...process.env, KUBECONFIG: files.join(delimiter) };
        const args = [cli, 'check', '-A', '--server', c.dnsServer, '--no-color', '-q'];
        const singles: number[] = [];
        for (let i = 0; i < count; i++) {
            const r = await run(node, [...args, '--context', `ctx-${String(i).padStart(2, '0')}`], { env, keepOutput: false });
            if (r.code !== 0 && r.code !== 1) throw new Error(`check --context ctx-${i} failed (${r.code}): ${r.stderr.slice(-400)}`);
            singles.push(r.ms);
        }
        const all = await run(node, [...args, '--all-contexts'], { env, keepOutput: false });
        if (all.code !== 0 && all.code !== 1) throw new Error(`check --all-contexts failed (${all.code}): ${all.stderr.slice(-400)}`);
        const slowest = Math.max(...singles);
        return {
            rows: [ratioRow(`8. check -A --all-contexts (${count} × ${services} svc) vs slowest single context`, all.ms, slowest, 'ms', '<=', 2)],
            details: { services, count, singles, all: all.ms },
        };
    } finally {
        for (const a of extra) await a.close();
        await c.stop();
    }
}
