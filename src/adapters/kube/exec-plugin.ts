/**
 * client-node's exec credential plugin runner (node_modules/@kubernetes/client-node/dist/exec_auth.js), made safe for
 * a CLI: it spawns the plugin on every request until one run has filled its cache (9 parallel reads = 9 runs), never
 * times it out, and leaves it running when svcdig is killed. Here, through its `execFn` hook:
 * - the plugin is killed (SIGKILL) after `timeoutMs`, and `timedOut()` says so for the message;
 * - while a plugin runs, SIGINT/SIGTERM to svcdig kill it first, then take their default course (the listeners
 *   exist only while a plugin runs, so they change nothing else);
 * - svcdig's exit kills it too.
 * One run per command is ApiClient's part (api-client.ts: concurrent requests share one credential lookup).
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import type { KubeConfig } from './client-node.js';

export interface ExecPluginGuard {
    /** True when a plugin run was killed for taking longer than the timeout. */
    timedOut(): boolean;
    /** How many times a plugin was started (tests, -v). */
    runs(): number;
}

type ExecFn = (command: string, args: string[] | undefined, opts: SpawnOptions) => ChildProcess;

export function guardExecPlugin(kc: KubeConfig, timeoutMs: number): ExecPluginGuard {
    let timedOut = false;
    let runs = 0;
    const authenticators = (kc as unknown as { authenticators?: { execFn?: ExecFn }[] }).authenticators ?? [];
    const execAuth = authenticators.find((a) => typeof a.execFn === 'function');
    if (execAuth) {
        execAuth.execFn = (command, args, opts) => {
            runs++;
            const child = spawn(command, args ?? [], { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
            const timer = setTimeout(() => {
                timedOut = true;
                child.kill('SIGKILL');
            }, timeoutMs);
            const kill = () => child.kill('SIGKILL');
            const onSignal = (signal: NodeJS.Signals) => {
                kill();
                release();
                // Default course: re-raised with no listener left, the signal ends svcdig as it would have.
                if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
            };
            const release = () => {
                clearTimeout(timer);
                process.off('exit', kill);
                process.off('SIGINT', onSignal);
                process.off('SIGTERM', onSignal);
            };
            process.on('exit', kill);
            process.on('SIGINT', onSignal);
            process.on('SIGTERM', onSignal);
            child.on('close', release);
            child.on('error', release);
            return child;
        };
    }
    return { timedOut: () => timedOut, runs: () => runs };
}
