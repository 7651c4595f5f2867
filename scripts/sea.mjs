/**
 * `npm run sea`: the standalone executable (Node's single executable application, SEA) for users without Node.js:
 * build/sea/svcdig-linux-<arch>, one file that runs `svcdig` (and, named kubectl-svcdig, the kubectl plugin).
 *
 * 1. esbuild bundles src/sea-entry.ts and everything it reaches into ONE CommonJS file (SEA runs a single script
 *    whose require() sees Node built-ins only), build/sea/svcdig.cjs;
 * 2. `node --experimental-sea-config` turns it into a blob (with V8's code cache for the build machine's own
 *    architecture: the cache is CPU-specific, so other architectures get the plain script);
 * 3. a copy of the Node binary of the target architecture gets the blob injected (postject) under NODE_SEA_BLOB.
 *
 * Node binaries come from the npm registry only: linux-x64 is the node@24 devDependency running this script; other
 * architectures are the `node-linux-<arch>` package of the same Node version (what the `node` package installs on
 * them), downloaded with `npm pack` into build/cache. The blob must come from the same Node version as the binary.
 *
 * Usage: node scripts/sea.mjs [--arch x64,arm64] [--no-code-cache]
 */
import { build } from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { builtinsAsCommonJs, lazyModules } from './build-plugins.mjs';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'build/sea');
const cache = join(root, 'build/cache');
const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const POSTJECT = 'postject@1.0.0-alpha.6';

const { values } = parseArgs({ options: { arch: { type: 'string', default: 'x64' }, 'no-code-cache': { type: 'boolean', default: false } } });
const arches = values.arch.split(',').filter(Boolean);
const log = (s) => process.stderr.write(`sea: ${s}\n`);

if (process.platform !== 'linux') throw new Error(`sea: builds Linux executables on Linux only (this is ${process.platform})`);
mkdirSync(out, { recursive: true });
mkdirSync(cache, { recursive: true });

const script = join(out, 'svcdig.cjs');
await build({
    absWorkingDir: root,
    entryPoints: ['src/sea-entry.ts'],
    outfile: script,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: `node${process.versions.node.split('.')[0]}`,
    plugins: [lazyModules('single'), builtinsAsCommonJs],
    minify: true,
    legalComments: 'linked',
    logLevel: 'warning',
});
log(`bundle ${script} (${kb(statSync(script).size)})`);

for (const arch of arches) {
    const nodeBinary = arch === process.arch ? process.execPath : fetchNode(arch);
    const codeCache = arch === process.arch && !values['no-code-cache'];
    const blob = join(out, `svcdig-linux-${arch}.blob`);
    const config = join(out, `sea-config-${arch}.json`);
    writeFileSync(
        config,
        JSON.stringify(
            {
                main: script,
                output: blob,
                disableExperimentalSEAWarning: true,
                useSnapshot: false,
                useCodeCache: codeCache,
                // data the binary reads at run time (src/demo/demo-cluster.ts)
                assets: { 'demo-cluster.yaml': resolve(root, 'src/demo/demo-cluster.yaml') },
                // check's peak memory is ~40 % lower with 8 MB semi-spaces (bin/svcdig.js restarts itself for it).
                execArgv: ['--max-semi-space-size=8'],
            },
            null,
            2,
        ),
    );
    execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: ['ignore', 'ignore', 'inherit'] });
    const exe = join(out, `svcdig-linux-${arch}`);
    rmSync(exe, { force: true });
    copyFileSync(nodeBinary, exe);
    chmodSync(exe, 0o755);
    // postject (LIEF) warns about ELF section names it cannot find in Node's binary; only its failure is news.
    const inject = spawnSync('npm', ['exec', '--yes', `--package=${POSTJECT}`, '--', 'postject', exe, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', FUSE], {
        cwd: root,
        encoding: 'utf8',
    });
    if (inject.status !== 0) throw new Error(`sea: postject failed (${inject.status}): ${inject.stderr}`);
    rmSync(blob);
    log(`${exe} (${mb(statSync(exe).size)}, Node ${process.versions.node}${codeCache ? ', code cache' : ''})`);
}

/** bin/node of the npm package node-linux-<arch>@<this Node's version>, unpacked once into build/cache. */
function fetchNode(arch) {
    const name = `node-linux-${arch}`;
    const dir = join(cache, `${name}-${process.versions.node}`);
    const binary = join(dir, 'package/bin/node');
    if (existsSync(binary)) return binary;
    mkdirSync(dir, { recursive: true });
    log(`npm pack ${name}@${process.versions.node}`);
    execFileSync('npm', ['pack', `${name}@${process.versions.node}`, '--pack-destination', dir, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
    const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    if (!tgz) throw new Error(`sea: npm pack ${name} gave no tarball`);
    execFileSync('tar', ['-xzf', join(dir, tgz), '-C', dir, 'package/bin/node']);
    rmSync(join(dir, tgz));
    return binary;
}

function kb(n) {
    return `${(n / 1024).toFixed(0)} kB`;
}
function mb(n) {
    return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
