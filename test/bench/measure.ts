/**
 * Timing helpers for the bench: asynchronous spawns (the fake API server lives in the bench's own process, so the
 * event loop must keep running), medians of several runs, and peak RSS from GNU time (`/usr/bin/time -v`).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface RunResult {
    code: number | null;
    ms: number;
    stdout: string;
    stderr: string;
    /** Peak resident set size in MB (only when run with `rss: true` and /usr/bin/time exists). */
    maxRssMb?: number;
    /** User + system CPU seconds of the child (with `rss: true`, from GNU time). */
    cpuS?: number;
    /** True when the run was killed at `timeoutMs`. */
    timedOut?: boolean;
}

export const GNU_TIME = '/usr/bin/time';
export const hasGnuTime = existsSync(GNU_TIME);

/** Runs `cmd args` once; wall time from just before spawn to the child's exit. */
export function run(
    cmd: string,
    args: string[],
    opts: { rss?: boolean; env?: NodeJS.ProcessEnv; keepOutput?: boolean; timeoutMs?: number; stdinFrom?: string } = {},
): Promise<RunResult> {
    const rss = opts.rss === true && hasGnuTime;
    const [file, argv] = rss ? [GNU_TIME, ['-v', cmd, ...args]] : [cmd, args];
    return new Promise((resolve, reject) => {
        const start = process.hrtime.bigint();
        // `stdinFrom`: the file through a pipe (`cat FILE | svcdig …`), as a shell pipeline gives it
        const cat = opts.stdinFrom === undefined ? undefined : spawn('cat', [opts.stdinFrom], { stdio: ['ignore', 'pipe', 'inherit'] });
        const stdin = cat?.stdout ?? 'ignore';
        const child = spawn(file, argv, { stdio: [stdin, 'pipe', 'pipe'], env: opts.env ?? process.env, detached: opts.timeoutMs !== undefined });
        cat?.stdout.destroy(); // the child has its own copy of the pipe's end
        let stdout = '';
        let stderr = '';
        const keep = opts.keepOutput !== false;
        child.stdout.on('data', (d: Buffer) => {
            if (keep) stdout += d.toString();
        });
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        let timedOut = false;
        const timer = opts.timeoutMs
            ? setTimeout(() => {
                  timedOut = true;
                  // The child leads its own process group (GNU time and the node under it): end both.
                  if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
              }, opts.timeoutMs)
            : undefined;
        child.once('error', reject);
        child.once('exit', (code) => {
            clearTimeout(timer);
            const ms = Number(process.hrtime.bigint() - start) / 1e6;
            child.once('close', () => {
                const result: RunResult = { code, ms, stdout, stderr, ...(timedOut ? { timedOut } : {}) };
                if (rss) {
                    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
                    if (m) result.maxRssMb = Number(m[1]) / 1024;
                    const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
                    const system = /System time \(seconds\): ([\d.]+)/.exec(stderr);
                    if (user && system) result.cpuS = Number(user[1]) + Number(system[1]);
                    const ec = /Exit status: (\d+)/.exec(stderr);
                    if (ec) result.code = Number(ec[1]);
                }
                resolve(result);
            });
        });
    });
}

export function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Runs each command `reps` times, interleaved (a, b, a, b…) so drift hits both alike; returns the run times. */
export async function interleaved(cmds: { cmd: string; args: string[]; ok?: (r: RunResult) => boolean }[], reps: number, warmup = 1): Promise<number[][]> {
    const times = cmds.map(() => [] as number[]);
    for (let i = 0; i < warmup + reps; i++) {
        for (const [j, c] of cmds.entries()) {
            const r = await run(c.cmd, c.args);
            if (c.ok && !c.ok(r)) throw new Error(`bench: ${c.cmd} ${c.args.join(' ')} failed (exit ${r.code}): ${r.stderr.trim().slice(0, 500)}`);
            if (i >= warmup) times[j]!.push(r.ms);
        }
    }
    return times;
}
