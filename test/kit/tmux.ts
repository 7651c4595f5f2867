import { execFileSync, spawnSync, type ExecFileSyncOptions } from 'node:child_process';

/**
 * tmux for tests that drive a real terminal. Each test process gets its own tmux server (`-L`), so that parallel test
 * files never share sessions, and one idle session keeps that server alive: tmux exits when its last session ends,
 * and a new-session that reaches the exiting server fails with "server exited unexpectedly" (a flaky test otherwise).
 */
const SOCKET = `svcdig-test-${process.pid}`;
let serverStarted = false;

function ensureServer(): void {
    if (serverStarted) return;
    execFileSync('tmux', ['-L', SOCKET, 'new-session', '-d', '-s', 'keeper', 'sleep 86400']);
    serverStarted = true;
    process.once('exit', () => void spawnSync('tmux', ['-L', SOCKET, 'kill-server']));
}

/** Runs a tmux command on this process's server; throws if it fails. Returns its output as text. */
export function tmux(args: string[], options: ExecFileSyncOptions = {}): string {
    ensureServer();
    return execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8', ...options }) as string;
}

/** Runs a tmux command whose failure does not matter (killing a session that may have ended). */
export function tmuxQuiet(args: string[]): void {
    spawnSync('tmux', ['-L', SOCKET, ...args]);
}
