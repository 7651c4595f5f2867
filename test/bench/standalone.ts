/**
 * Figure 7: cold start of the standalone executable (build/sea/svcdig-linux-x64, built by scripts/sea.mjs when
 * missing or older than src/) next to the npm install (`node bin/svcdig.js`, the installed package's files) on the
 * same commands, and with V8's code cache in the binary against without (SEA useCodeCache) when BENCH_SEA_NOCACHE=1.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { interleaved, median } from './measure.js';
import { ratioRow, type Row } from './report.js';

function newestUnder(dir: string): number {
    let newest = 0;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        newest = Math.max(newest, e.isDirectory() ? newestUnder(p) : statSync(p).mtimeMs);
    }
    return newest;
}

export async function standaloneColdStart(
    root: string,
    node: string,
    reps: number,
    scenario: string,
    log: (s: string) => void,
): Promise<{ rows: Row[]; details: unknown }> {
    const exe = join(root, 'build/sea/svcdig-linux-x64');
    const build = (extra: string[] = []) => execFileSync(node, [join(root, 'scripts/sea.mjs'), ...extra], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (!existsSync(exe) || statSync(exe).mtimeMs < newestUnder(join(root, 'src'))) {
        log('building the standalone executable (npm run sea)');
        build();
    }
    const cli = join(root, 'bin/svcdig.js');
    const explain = ['explain', 'nginx-headless', '-n', 'default', '-f', scenario, '--no-color'];
    const cmds = [
        { cmd: node, args: [cli, '--help'], ok: (r: { code: number | null }) => r.code === 0 },
        { cmd: exe, args: ['--help'], ok: (r: { code: number | null }) => r.code === 0 },
        { cmd: node, args: [cli, ...explain], ok: (r: { code: number | null }) => r.code === 0 },
        { cmd: exe, args: explain, ok: (r: { code: number | null }) => r.code === 0 },
    ];
    let noCache: string | undefined;
    if (process.env.BENCH_SEA_NOCACHE === '1') {
        noCache = `${exe}-nocache`;
        const withCache = `${exe}.tmp`;
        copyFileSync(exe, withCache);
        build(['--no-code-cache']);
        renameSync(exe, noCache);
        renameSync(withCache, exe);
        cmds.push({ cmd: noCache, args: explain, ok: (r) => r.code === 0 });
    }
    log(`standalone cold start: ${reps} runs each, interleaved`);
    const [npmHelp, seaHelp, npmExplain, seaExplain, seaNoCache] = await interleaved(cmds, reps);
    if (noCache) rmSync(noCache);
    const rows = [
        ratioRow('7. cold --help: standalone binary vs npm install', median(seaHelp!), median(npmHelp!), 'ms', '<=', 1),
        ratioRow('7. cold explain -f: standalone binary vs npm install', median(seaExplain!), median(npmExplain!), 'ms', '<=', 1),
    ];
    if (seaNoCache) rows.push(ratioRow('7. cold explain -f: binary with code cache vs without', median(seaExplain!), median(seaNoCache), 'ms', '<=', 1));
    return { rows, details: { reps, binaryBytes: statSync(exe).size, npmHelp, seaHelp, npmExplain, seaExplain, ...(seaNoCache ? { seaNoCache } : {}) } };
}
