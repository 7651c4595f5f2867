/**
 * `npm run build`: bundles src/cli.ts and the parts of its dependencies it uses into dist/ with esbuild.
 *
 * Why a bundle: a cold start is mostly module loading. Node resolves, reads and links every ES module file on its
 * own; svcdig's ~120 modules plus commander, and @kubernetes/client-node's hundreds (with undici, ws, js-yaml…), cost
 * more than the work itself (README, Performance). One minified file per lazily loaded part (code splitting keeps
 * `import()` boundaries, so `--help` never loads client-node) turns that into a few reads that Node's compile
 * cache then skips parsing for; the parts every start loads are then one file (start-part.mjs). Type checking stays
 * with tsc (`npm run typecheck`).
 *
 * Not a V8 startup snapshot (node --build-snapshot): Node takes one only from its command line or NODE_OPTIONS when it
 * starts, so the npm-installed bin (`#!/usr/bin/env node`, no path of its own on that line) would have to start a
 * second Node to use it, which costs about as much as a whole `node -e 0`; the blob must also come from the very Node
 * binary that loads it (V8 refuses another version), so it would be built per machine and again after each Node
 * upgrade. Measured anyway (one CommonJS file of the whole CLI, snapshotted after loading; same loop, loaded machine):
 * `help` 239 ms of CPU against 163 ms for this bundle, `explain -f` 382 against 325 ms: deserialising the 7.4 MB
 * snapshot costs more than loading the parts a command needs.
 */
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { builtinsAsCommonJs, lazyModules } from './build-plugins.mjs';
import { mergeStartPart } from './start-part.mjs';

const root = resolve(import.meta.dirname, '..');
const REQUIRE_BANNER = "import{createRequire as __svcdigRequire}from'node:module';const require=__svcdigRequire(import.meta.url);";
rmSync(resolve(root, 'dist'), { recursive: true, force: true });
const result = await build({
    plugins: [lazyModules('dist'), builtinsAsCommonJs],
    absWorkingDir: root,
    // node-color-warning.ts stands alone: bin/svcdig.js loads it before cli.js (which would trigger the warning)
    entryPoints: ['src/cli.ts', 'src/node-color-warning.ts'],
    outdir: 'dist',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22.12',
    // SVCDIG_BUILD_READABLE=1 keeps names and layout (for profiling with node --cpu-prof).
    minify: process.env.SVCDIG_BUILD_READABLE !== '1',
    legalComments: 'linked',
    // CommonJS dependencies inside an ES module bundle call require() for Node built-ins (kept only where used, below).
    banner: { js: REQUIRE_BANNER },
    logLevel: 'warning',
    metafile: true,
    write: false,
});
const split = new Map(result.outputFiles.map((f) => [relative(root, f.path), f.path.endsWith('.js') ? withoutUnusedRequire(f.text) : f.contents]));
const files = await mergeStartPart(split, result.metafile, { dir: 'dist', root, minify: process.env.SVCDIG_BUILD_READABLE !== '1', target: 'node22.12' });
for (const [path, contents] of files) {
    mkdirSync(dirname(resolve(root, path)), { recursive: true });
    writeFileSync(resolve(root, path), contents);
}
// the parts as esbuild split them, before mergeStartPart
if (process.env.SVCDIG_BUILD_META === '1') writeFileSync(resolve(root, 'dist/meta.json'), JSON.stringify(result.metafile));
// the demo cluster is data, read at run time beside the bundle (src/demo/demo-cluster.ts)
copyFileSync(resolve(root, 'src/demo/demo-cluster.yaml'), resolve(root, 'dist/demo-cluster.yaml'));

/**
 * esbuild puts the banner on every part, and each part that runs it pays for import.meta and a createRequire (a file
 * path, a Module object) when it loads: ~75 parts, of which 3 call require. A part that never names `require` after
 * the banner does without it (a mention in a string only keeps a banner that is not needed).
 */
function withoutUnusedRequire(text) {
    const at = text.indexOf(REQUIRE_BANNER);
    if (at < 0) return text;
    const rest = text.slice(at + REQUIRE_BANNER.length);
    return /\brequire\b/.test(rest) ? text : text.slice(0, at) + rest;
}
