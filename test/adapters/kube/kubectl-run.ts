/**
 * Runs the machine's real kubectl (on the CI image, Google Cloud SDK's version dispatcher) with a fresh --cache-dir, so
 * discovery and the dispatcher's /version answer are never reused between runs. A missing kubectl fails the test.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KubectlResult {
    code: number;
    stdout: string;
    stderr: string;
}

export function kubectl(args: string[], env: Record<string, string | undefined> = {}): Promise<KubectlResult> {
    const cache = mkdtempSync(join(tmpdir(), 'svcdig-kubectl-cache-'));
    return new Promise((resolve, reject) => {
        execFile(
            'kubectl',
            ['--cache-dir', cache, ...args],
            { env: { PATH: process.env.PATH, ...env }, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
            (err, stdout, stderr) => {
                rmSync(cache, { recursive: true, force: true });
                if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
                    reject(new Error('kubectl is not installed: these tests need the real kubectl (.ci/run installs it)'));
                    return;
                }
                const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
                resolve({ code, stdout, stderr });
            },
        );
    });
}
