import { main } from '../../src/cli.js';
import type { Deps } from '../../src/deps.js';

export interface CliRun {
    code: number;
    stdout: string;
    stderr: string;
}

/** Runs svcdig in-process with captured streams (kubectl's NewTestIOStreams), colour off unless asked. */
export async function runCli(
    argv: string[],
    options: {
        stdin?: string;
        env?: Record<string, string | undefined>;
        tty?: boolean;
        columns?: number;
        answers?: (string | null)[];
        sleeps?: number;
        /** Deps.routeClusterDns: where packets for the cluster DNS's own address go (a loopback port in tests). */
        routeClusterDns?: Deps['routeClusterDns'];
        /** Deps.stdinLines: the lines of `svcdig shell`, given one at a time (a writer that is still writing). */
        stdinLines?: Deps['stdinLines'];
    } = {},
): Promise<CliRun> {
    const answers = [...(options.answers ?? [])];
    let sleeps = options.sleeps ?? 0;
    let stdout = '';
    let stderr = '';
    const deps: Deps = {
        stdout: { write: (t) => void (stdout += t), isTTY: !!options.tty, ...(options.columns ? { columns: options.columns } : {}) },
        stderr: { write: (t) => void (stderr += t), isTTY: !!options.tty },
        stdinIsTTY: !!options.tty,
        readStdin: async () => options.stdin ?? '',
        env: { NO_COLOR: options.tty ? undefined : '1', ...options.env },
        now: () => new Date('2026-11-23T00:00:00Z'),
        prompt: async (q) => {
            stderr += q;
            // null: the person pressed Ctrl-C or Ctrl-D
            return answers.length > 0 ? answers.shift()! : '';
        },
        // --watch in tests: `sleeps` rounds, then as if Ctrl-C was pressed.
        sleep: async () => sleeps-- > 0,
        ...(options.routeClusterDns ? { routeClusterDns: options.routeClusterDns } : {}),
        ...(options.stdinLines ? { stdinLines: options.stdinLines } : {}),
    };
    const code = await main(argv, deps);
    return { code, stdout, stderr };
}
