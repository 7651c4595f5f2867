import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CliRun } from './run-cli.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = resolve(ROOT, 'bin/svcdig.js');

/** One piece of what the writer of svcdig's stdin sends, after waiting `afterMs`. */
export interface StdinChunk {
    afterMs: number;
    text: string | Buffer;
}

/**
 * Runs the built binary (bin/svcdig.js) as a person's shell would: stdin is a real pipe written chunk by chunk with
 * delays (as `kubectl get … | svcdig` is), stdout a pipe or a file descriptor (`> /dev/full`), and `interruptAfterMs`
 * sends SIGINT as Ctrl-C would. `nodeArgs` go to node before the script (`--max-old-space-size=100`).
 */
export async function runBin(
    args: string[],
    options: { stdin?: StdinChunk[]; stdoutFd?: number; interruptAfterMs?: number; env?: Record<string, string>; nodeArgs?: string[] } = {},
): Promise<CliRun> {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], {
        cwd: ROOT,
        stdio: ['pipe', options.stdoutFd ?? 'pipe', 'pipe'],
        env: { ...process.env, NO_COLOR: '1', ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const exited = new Promise<number>((done) => child.on('close', (code, signal) => done(code ?? (signal === 'SIGINT' ? 130 : 128))));
    // svcdig may stop reading early (a usage error): a write into the closed pipe is not the test's failure.
    child.stdin!.on('error', () => {});
    const writing = (async () => {
        for (const chunk of options.stdin ?? []) {
            await sleep(chunk.afterMs);
            child.stdin!.write(chunk.text);
        }
        child.stdin!.end();
    })();
    if (options.interruptAfterMs !== undefined) setTimeout(() => child.kill('SIGINT'), options.interruptAfterMs).unref();
    const code = await exited;
    await writing;
    return { code, stdout, stderr };
}

/**
 * `text` as a writer slower than svcdig sends it (kubectl still listing): nothing for 500 ms, then the first `head`
 * bytes, then the rest in 8 pieces 150 ms apart, so svcdig finds the pipe empty more than once even when it starts late.
 */
export function lateAndSlow(text: string, head = 100): StdinChunk[] {
    const bytes = Buffer.from(text, 'utf8');
    const rest = bytes.subarray(head);
    const size = Math.ceil(rest.length / 8);
    const pieces = Array.from({ length: 8 }, (_, i) => ({ afterMs: 150, text: rest.subarray(i * size, (i + 1) * size) }));
    return [{ afterMs: 500, text: bytes.subarray(0, head) }, ...pieces];
}
