import type { PackedInput } from './adapters/files/packed-input.js';
import { isTerminal, standardOutput, type OutStream } from './std-output.js';

export type { OutStream } from './std-output.js';

/** Everything a command touches outside itself, injected so commands run in-process in tests. */
export interface Deps {
    stdout: OutStream;
    stderr: OutStream;
    stdinIsTTY: boolean;
    /** stdin read to its end (`-f -`, `--batch -`); read once: later calls get the same text. */
    readStdin(): Promise<string>;
    /**
     * stdin read to its end and held packed (`-f -`: adapters/files/packed-input.ts), never as one string; the same
     * read as readStdin's. Absent in tests that pass stdin whole: their text is packed.
     */
    readStdinPacked?(): Promise<PackedInput>;
    /** stdin line by line as it arrives (svcdig shell off a terminal); absent in tests that pass stdin whole. */
    stdinLines?(): AsyncIterable<string>;
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
    let stdinPacked: Promise<PackedInput> | undefined;
    const readStdinPacked = () => (stdinPacked ??= import('./adapters/files/packed-input.js').then((m) => m.packStream(process.stdin, '<stdin>')));
    return {
        // fd 1 and 2 written directly unless terminals: process.stdout would cost every start its streams (std-output.ts)
        stdout: standardOutput(1),
        stderr: standardOutput(2),
        // not process.stdin.isTTY: touching process.stdin builds a stream (a few ms of every start)
        stdinIsTTY: isTerminal(0),
        readStdin: () => (stdinText ??= readStdinPacked().then((input) => input.text())),
        readStdinPacked,
        stdinLines: () => stdinLines(),
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
        sleep: (ms) => interruptibleSleep(ms),
    };
}

/**
 * Leaving the loop early (`exit` in svcdig shell) closes the reader and stdin itself: an open stdin keeps the process
 * alive until its writer closes it (a coprocess, `tail -f`, a terminal when stdout is a file).
 */
async function* stdinLines(): AsyncIterable<string> {
    const { createInterface } = await import('node:readline');
    const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
    try {
        yield* rl;
    } finally {
        rl.close();
        process.stdin.destroy();
    }
}

/**
 * --watch's pause between rounds: false once Ctrl-C was pressed. The handler stays from the first pause on, so a
 * Ctrl-C during a round (svcdig asking the DNS) ends the watch after that round with status 0 instead of killing it
 * mid-output; a second Ctrl-C ends it at once (130, as a shell reports a Ctrl-C).
 */
let sigintInstalled = false;
let interrupted = false;
let wake: (() => void) | undefined;
function interruptibleSleep(ms: number): Promise<boolean> {
    if (!sigintInstalled) {
        sigintInstalled = true;
        process.on('SIGINT', () => {
            if (interrupted) process.exit(130);
            interrupted = true;
            wake?.();
        });
    }
    if (interrupted) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
            wake = undefined;
            resolve(true);
        }, ms);
        wake = () => {
            clearTimeout(timer);
            wake = undefined;
            resolve(false);
        };
    });
}
