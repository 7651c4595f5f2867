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
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
rmSync(resolve(root, 'dist'), { recursive: true, force: true });
/**
 * Stand-ins that load a module on first use, for imports a dependency makes at the top but svcdig never reaches:
 * - commander imports node:child_process only to spawn executable subcommands, which svcdig has none of;
 * - client-node imports undici (~730 kB of CommonJS run at load) for its fetch-based API classes and dispatchers,
 *   and KubeConfig/PortForward import its generated API classes and models (~860 kB) for makeApiClient and the
 *   pod lookups of PortForward.portForwardPod; svcdig sends its GETs with Node's https and client-node's
 *   applyToHTTPSOptions, and calls PortForward.portForward and Exec.exec, which use ws only.
 * Each costs every start milliseconds; a build error ("No matching export") flags a dependency that starts using
 * another name.
 */
const LAZY = [
    { module: 'node:child_process', importer: /[\\/]node_modules[\\/]commander[\\/]/, contents: "export default new Proxy({}, { get: (_, key) => load()[key] });" },
    {
        module: 'undici',
        importer: /[\\/]node_modules[\\/]@kubernetes[\\/]client-node[\\/]/,
        contents: [
            'export class Agent { constructor(...a) { return new (load().Agent)(...a); } }',
            'export class ProxyAgent { constructor(...a) { return new (load().ProxyAgent)(...a); } }',
            'export const fetch = (...a) => load().fetch(...a);',
        ].join('\n'),
    },
    {
        module: './gen/index.js',
        request: '@kubernetes/client-node/dist/gen/index.js',
        importer: /[\\/]node_modules[\\/]@kubernetes[\\/]client-node[\\/]dist[\\/](config|portforward)\.js$/,
        contents: [
            'export class ServerConfiguration { constructor(...a) { return new (load().ServerConfiguration)(...a); } }',
            'export const createConfiguration = (...a) => load().createConfiguration(...a);',
            'export class CoreV1Api { constructor(...a) { return new (load().CoreV1Api)(...a); } }',
            'export class AppsV1Api { constructor(...a) { return new (load().AppsV1Api)(...a); } }',
        ].join('\n'),
    },
];
const lazyModules = {
    name: 'lazy-modules',
    setup(b) {
        for (const [i, lazy] of LAZY.entries()) {
            b.onResolve({ filter: new RegExp(`^${lazy.module.replace(/[.\\/]/g, '\\$&')}$`) }, (args) => (lazy.importer.test(args.importer) ? { path: String(i), namespace: 'svcdig-lazy' } : undefined));
        }
        b.onLoad({ filter: /.*/, namespace: 'svcdig-lazy' }, (args) => {
            const lazy = LAZY[Number(args.path)];
            const head = `import { createRequire } from 'node:module'; let mod; const load = () => (mod ??= createRequire(import.meta.url)(${JSON.stringify(lazy.request ?? lazy.module)}));`;
            return { contents: `${head}\n${lazy.contents}`, loader: 'js', resolveDir: root };
        });
    },
};

/**
 * node:http and node:https (or http, https) imported as ES modules: Node then copies every export into the module namespace, and
 * node:http's lazy WebSocket/CloseEvent/MessageEvent getters load Node's bundled undici and http2 (~15 ms of a live
 * command's start). Required as CommonJS (through the banner's require), the getters stay untouched.
 */
const CJS_BUILTINS = /^(node:)?(http|https)$/;
const builtinsAsCommonJs = {
    name: 'builtins-as-commonjs',
    setup(b) {
        b.onResolve({ filter: CJS_BUILTINS }, (args) =>
            args.namespace === 'svcdig-cjs' ? { path: args.path, external: true } : { path: args.path, namespace: 'svcdig-cjs' },
        );
        b.onLoad({ filter: /.*/, namespace: 'svcdig-cjs' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
    },
};

const result = await build({
    plugins: [lazyModules, builtinsAsCommonJs],
    absWorkingDir: root,
    entryPoints: ['src/cli.ts'],
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
