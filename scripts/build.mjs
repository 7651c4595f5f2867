/**
 * `npm run build`: bundles src/cli.ts and the parts of its dependencies it uses into dist/ with esbuild.
 *
 * Why a bundle: a cold start is mostly module loading. Node resolves, reads and links every ES module file on its
 * own; svcdig's ~120 modules plus commander, and @kubernetes/client-node's hundreds (with undici, ws, js-yaml…), cost
 * more than the work itself (README, Performance). One minified file per lazily loaded part (code splitting keeps
 * `import()` boundaries, so `--help` never loads client-node) turns that into a few reads that Node's compile
 * cache then skips parsing for. Type checking stays with tsc (`npm run typecheck`).
 */
import { build } from 'esbuild';
import { copyFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { builtinsAsCommonJs, lazyModules } from './build-plugins.mjs';

const root = resolve(import.meta.dirname, '..');
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
    // CommonJS dependencies inside an ES module bundle call require() for Node built-ins.
    banner: { js: "import{createRequire as __svcdigRequire}from'node:module';const require=__svcdigRequire(import.meta.url);" },
    logLevel: 'warning',
    metafile: process.env.SVCDIG_BUILD_META === '1',
});
if (result.metafile) (await import('node:fs')).writeFileSync(resolve(root, 'dist/meta.json'), JSON.stringify(result.metafile));
// the demo cluster is data, read at run time beside the bundle (src/demo/demo-cluster.ts)
copyFileSync(resolve(root, 'src/demo/demo-cluster.yaml'), resolve(root, 'dist/demo-cluster.yaml'));
