import { isatty } from 'node:tty';

/** A stream svcdig writes to; tests pass buffers (kubectl's IOStreams). */
export interface OutStream {
    write(text: string): void;
    isTTY: boolean;
    columns?: number;
}

/** Everything a command touches outside itself, injected so commands run in-process in tests. */
export interface Deps {
    stdout: OutStream;
    stderr: OutStream;
    stdinIsTTY: boolean;
    /** stdin read to its end (`-f -`, `--batch -`); read once: later calls get the same text. */
    readStdin(): Promise<string>;
    env: Record<string, string | undefined>;
    now(): Date;
    /**
     * Where DNS packets meant for the cluster DNS's own address (its ClusterIP, or a pod's resolv.conf nameserver) are
     * sent. Unset in real runs; tests map it to a loopback port so no packet ever leaves the machine.
     */
    routeClusterDns?: (address: { host: string; port: number }) => { host: string; port: number };
    /** Asks the user one line on the terminal (only called when stdin and stdout are TTYs); null on Ctrl-C or Ctrl-D. */
    prompt(question: string): Promise<string | null>;
    /** Waits, unless interrupted (Ctrl-C) first: resolves false when interrupted. */
    sleep(ms: number): Promise<boolean>;
}

export function realDeps(): Deps {
    let stdinText: Promise<string> | undefined;
    return {
        stdout: {
            write: (t) => void process.stdout.write(t),
            isTTY: !!process.stdout.isTTY,
            get columns() {
                return process.stdout.columns;
            },
        },
        stderr: {
            write: (t) => void process.stderr.write(t),
            isTTY: !!process.stderr.isTTY,
            get columns() {
                return process.stderr.columns;
            },
        },
        // isatty(0), not process.stdin.isTTY: touching process.stdin builds a stream (a few ms of every start).
    stdinIsTTY: isatty(0),
        readStdin: () => (stdinText ??= import('./adapters/files/read-input.js').then((m) => m.readStreamText(process.stdin, '<stdin>'))),
        env: process.env,
        now: () => new Date(),
        prompt: async (question) => {
            const { createInterface } = await import('node:readline/promises');
            const rl = createInterface({ input: process.stdin, output: process.stderr });
            try {
                return await rl.question(question);
            } catch (err) {
                if ((err as Error).name !== 'AbortError') throw err;
                // readline ends the question on Ctrl-C and Ctrl-D ("Aborted with Ctrl+C"): leave the prompt's line.
                process.stderr.write('\n');
                return null;
            } finally {
                rl.close();
            }
        },
        sleep: (ms) =>
            new Promise<boolean>((resolve) => {
                const onInt = () => {
                    clearTimeout(timer);
                    resolve(false);
                };
                const timer = setTimeout(() => {
                    process.off('SIGINT', onInt);
                    resolve(true);
                }, ms);
                process.once('SIGINT', onInt);
            }),
    };
}
