/**
 * Figure 8: inside `svcdig shell`, the time from a typed name to its printed answer. One session runs against the
 * bench's live cluster (fake API + Knot via --server), fed through a pipe as a script would feed it; each round writes
 * the name and then `server`, whose one-line answer ("Default server: …") marks the end of the name's output. The
 * same name as figure 3, so its cold `svcdig resolve` and `kubectl get` + `dig` are the baselines.
 */
import { spawn } from 'node:child_process';
import type { LiveCluster } from './live-cluster.js';

export interface SessionTiming {
    /** Per name: ms from writing the line to the end of its answer. */
    ms: number[];
    /** ms from starting the session to its first answer (reading the cluster once, starting the watches). */
    startMs: number;
}

export async function sessionLatency(node: string, cli: string, c: LiveCluster, reps: number): Promise<SessionTiming> {
    const { namespace, name, firstPod } = c.generated.sampleHeadless;
    const args = [cli, 'shell', '-n', namespace, '--kubeconfig', c.kubeconfig, '--server', c.dnsServer, '--no-color'];
    const started = process.hrtime.bigint();
    const child = spawn(node, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    let stderr = '';
    let marks = 0;
    let wake: (() => void) | undefined;
    child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        marks = out.split('Default server:').length - 1;
        wake?.();
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((done) => child.on('close', done));
    const until = async (n: number) => {
        while (marks < n) {
            if (child.exitCode !== null) throw new Error(`svcdig shell ended (${child.exitCode}): ${stderr.trim()}`);
            await new Promise<void>((r) => (wake = r));
        }
    };
    child.stdin.write(`${firstPod}.${name}\nserver\n`);
    await until(1);
    const startMs = Number(process.hrtime.bigint() - started) / 1e6;
    const ms: number[] = [];
    for (let i = 0; i < reps + 3; i++) {
        const before = out.length;
        const t0 = process.hrtime.bigint();
        child.stdin.write(`${firstPod}.${name}\nserver\n`);
        await until(i + 2);
        const took = Number(process.hrtime.bigint() - t0) / 1e6;
        if (!/MATCH/.test(out.slice(before))) throw new Error(`svcdig shell: no MATCH for ${firstPod}.${name}: ${out.slice(before)}${stderr}`);
        if (i >= 3) ms.push(took); // the first rounds warm the JIT
    }
    child.stdin.end('exit\n');
    const code = await exited;
    if (code !== 0) throw new Error(`svcdig shell exited ${code}: ${stderr.trim()}`);
    return { ms, startMs };
}
