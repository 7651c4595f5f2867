/** Shared by the shipping tests (test/ship): a clean copy of the checkout, and running installed executables. */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
export { liveScenario } from '../kit/live-scenario.js';

export const root = resolve(import.meta.dirname, '../..');
/** The directory of the Node 24 running the tests (it holds only `node`): first on a PATH, it is the only Node. */
export const node24Dir = dirname(process.execPath);
/** A PATH with no Node at all (the standalone binary's users). */
export const NO_NODE_PATH = '/usr/bin:/bin';

export interface Ran {
    code: number | null;
    stdout: string;
    stderr: string;
}

/** Runs a program asynchronously (a fake API server in this process keeps answering), with a hard time limit. */
export function run(cmd: string, args: string[], opts: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}): Promise<Ran> {
    return new Promise((done, fail) => {
        const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: opts.env ?? { ...process.env }, cwd: opts.cwd });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
        child.once('error', fail);
        child.once('close', (code) => {
            clearTimeout(timer);
            done({ code, stdout, stderr });
        });
    });
}

/**
 * The checkout as a fresh clone has it: the files git tracks or would track (committed or not, never ignored ones
 * such as dist/ or build/), with node_modules linked, in a temporary directory. Building there (npm pack's prepack,
 * npm run sea) leaves the checkout's own dist/, which other tests run concurrently, alone.
 */
export function cleanCopy(): { dir: string; remove: () => void } {
    const base = mkdtempSync(join(tmpdir(), 'svcdig-clone-'));
    const dir = join(base, 'svcdig');
    mkdirSync(dir);
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
        .split('\0')
        .filter(Boolean);
    for (const f of files) {
        try {
            cpSync(join(root, f), join(dir, f), { recursive: false });
        } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e; // deleted but not yet staged
        }
    }
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
    return { dir, remove: () => rmSync(base, { recursive: true, force: true }) };
}
