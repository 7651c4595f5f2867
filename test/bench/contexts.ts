/**
 * Figure 8 of `npm run bench`: `check -A --all-contexts` over 10 contexts (10 fake API servers serving the same
 * generated cluster, one Knot answering for all, merged with KUBECONFIG=a:b:…) against the slowest of the same
 * contexts checked one by one (one process each). Target ≤ 2×: contexts run a few at a time in one process.
 *
 * A second row says what bounds it: on loopback a context costs CPU, not waiting, so the run's own CPU time (user +
 * system of all its threads, from GNU time) against the slowest single's wall time is about the least ratio one
 * process can reach, however the contexts are scheduled.
 */
import { delimiter } from 'node:path';
import { startFakeApiServer, type FakeApiServer } from '../kit/fake-apiserver/index.js';
import { hasGnuTime, run, type RunResult } from './measure.js';
import { startLiveCluster } from './live-cluster.js';
import { absoluteRow, ratioRow, type Row } from './report.js';

export async function contextsFigure(
    node: string,
    cli: string,
    services: number,
    count: number,
    log: (s: string) => void,
): Promise<{ rows: Row[]; details: unknown }> {
    log(`${count} contexts of ${services} Services each: starting ${count} fake API servers and one Knot`);
    const c = await startLiveCluster(services, services * 10);
    const apis: FakeApiServer[] = [c.api];
    try {
        const files = [c.api.kubeconfigPath(c.dir, { contextName: contextName(0) })];
        for (let i = 1; i < count; i++) {
            const api = await startFakeApiServer({ objects: c.generated.objects });
            apis.push(api);
            files.push(api.kubeconfigPath(c.dir, { contextName: contextName(i) }));
        }
        const env = { ...process.env, KUBECONFIG: files.join(delimiter) };
        const args = [cli, 'check', '-A', '--server', c.dnsServer, '--no-color', '-q'];
        const loopback = await singlesAndAll(node, args, env, count);
        const label = `${count} × ${services} svc`;
        const rows = [ratioRow(`8. check -A --all-contexts (${label}) vs slowest single context`, loopback.all.ms, loopback.slowest.ms, 'ms', '<=', 2)];
        if (loopback.all.cpuS !== undefined)
            rows.push({
                ...absoluteRow(`8. that run's CPU time (user+sys) vs the slowest single's wall`, loopback.all.cpuS * 1000, 'ms', null),
                baseline: `${Math.round(loopback.slowest.ms)} ms`,
                ratio: (loopback.all.cpuS * 1000) / loopback.slowest.ms,
            });
        return {
            rows,
            details: { services, count, ...summary(loopback) },
        };
    } finally {
        for (const a of apis.slice(1)) await a.close();
        await c.stop();
    }
}

const contextName = (i: number) => `ctx-${String(i).padStart(2, '0')}`;

/** Each context checked alone (one process each), then all in one run; with CPU times when GNU time is there. */
async function singlesAndAll(
    node: string,
    args: string[],
    env: NodeJS.ProcessEnv,
    count: number,
): Promise<{ singles: RunResult[]; slowest: RunResult; all: RunResult }> {
    const singles: RunResult[] = [];
    for (let i = 0; i < count; i++) {
        const r = await run(node, [...args, '--context', contextName(i)], { env, keepOutput: false, rss: hasGnuTime });
        if (r.code !== 0 && r.code !== 1) throw new Error(`check --context ${contextName(i)} failed (${r.code}): ${r.stderr.slice(-400)}`);
        singles.push(r);
    }
    const all = await run(node, [...args, '--all-contexts'], { env, keepOutput: false, rss: hasGnuTime });
    if (all.code !== 0 && all.code !== 1) throw new Error(`check --all-contexts failed (${all.code}): ${all.stderr.slice(-400)}`);
    const slowest = singles.reduce((a, b) => (b.ms > a.ms ? b : a));
    return { singles, slowest, all };
}

const summary = (m: { singles: RunResult[]; all: RunResult }) => ({
    singlesMs: m.singles.map((r) => Math.round(r.ms)),
    singlesCpuS: m.singles.map((r) => r.cpuS),
    allMs: Math.round(m.all.ms),
    allCpuS: m.all.cpuS,
    allMaxRssMb: m.all.maxRssMb,
});
