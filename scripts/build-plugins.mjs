/** esbuild plugins shared by `npm run build` (scripts/build.mjs) and the standalone executable (scripts/sea.mjs). */
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

/**
 * Stand-ins for imports a dependency makes at the top but svcdig never reaches:
 * - commander imports node:child_process only to spawn executable subcommands, which svcdig has none of, and
 *   node:util for one function (both loaded on first use);
 * - client-node imports undici (~730 kB of CommonJS run at load) for its fetch-based API classes and dispatchers,
 *   and KubeConfig/PortForward import its generated API classes and models (3.8 MB bundled) for makeApiClient and
 *   the pod lookups of PortForward.portForwardPod; svcdig sends its GETs with Node's https and client-node's
 *   applyToHTTPSOptions, and calls PortForward.portForward and Exec.exec, which use ws only. Neither is bundled:
 *   their stand-ins throw if ever reached (the live tests of the bundle, test/cli/bundle-live.test.ts, and of the
 *   standalone executable run every API path svcdig has).
 * Each costs every start milliseconds; a build error ("No matching export") flags a dependency that starts using
 * another name.
 */
export const LAZY = [
    {
        module: 'node:child_process',
        importer: /[\\/]node_modules[\\/]commander[\\/]/,
        contents: 'export default new Proxy({}, { get: (_, key) => load()[key] });',
    },
    {
        // node:util loads parse_args, util/diff and worker_threads with it; commander needs only
        // stripVTControlCharacters, for help's layout and its colour stripping (loaded on first use).
        module: 'node:util',
        importer: /[\\/]node_modules[\\/]commander[\\/]/,
        contents: 'export const stripVTControlCharacters = (s) => load().stripVTControlCharacters(s);',
    },
    {
        module: 'undici',
        // Reached only through KubeConfig.createDispatcher (makeApiClient's fetch), never from applyToHTTPSOptions.
        unreachable: 'KubeConfig.createDispatcher (undici)',
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
        // 3.8 MB of generated classes reached only through KubeConfig.makeApiClient, which svcdig never calls.
        unreachable: 'KubeConfig.makeApiClient (client-node generated API classes)',
        importer: /[\\/]node_modules[\\/]@kubernetes[\\/]client-node[\\/]dist[\\/](config|portforward)\.js$/,
        contents: [
            'export class ServerConfiguration { constructor(...a) { return new (load().ServerConfiguration)(...a); } }',
            'export const createConfiguration = (...a) => load().createConfiguration(...a);',
            'export class CoreV1Api { constructor(...a) { return new (load().CoreV1Api)(...a); } }',
            'export class AppsV1Api { constructor(...a) { return new (load().AppsV1Api)(...a); } }',
        ].join('\n'),
    },
    {
        // node:net loads node:stream and ~30 internal modules (~5 ms); svcdig's own modules mostly want isIP from it,
        // which argument checks reach on every start (resolve's dig words, --server), and open sockets only later.
        module: 'node:net',
        importer: /[\\/]src[\\/]/,
        // a copy in each importer's chunk: one shared stand-in would be a file of its own, which costs a start more
        perImporter: true,
        contents: [
            'export const isIP = (s) => load().isIP(s);',
            'export const connect = (...a) => load().connect(...a);',
            'export const createServer = (...a) => load().createServer(...a);',
        ].join('\n'),
    },
    {
        // chalk runs its colour detection and builds its styles when loaded; svcdig needs it only for colour output
        // (render/style.ts makeStyler at a level above 0). `bundled`: loaded from the bundle on first use.
        module: 'chalk',
        bundled: true,
        importer: /[\\/]src[\\/]render[\\/]style\.ts$/,
        contents: 'export class Chalk { constructor(...a) { return new (load().Chalk)(...a); } }',
    },
    {
        // cli-table3 (with @colors/colors, string-width, emoji-regex) lays out only tables whose cells are coloured,
        // wide or too wide for the terminal (render/table.ts plainColumns prints the rest).
        module: 'cli-table3',
        bundled: true,
        importer: /[\\/]src[\\/]render[\\/]table\.ts$/,
        contents: 'export default class Table { constructor(...a) { return new (load())(...a); } }',
    },
];
/**
 * The stand-ins for dependencies svcdig never reaches (`unreachable`) throw if reached, naming what was left out:
 * dist/ is then self-contained (package.json has no runtime dependencies; a global install is svcdig's files only).
 * Built-ins load on first use: with createRequire in dist/ (ES modules), with require in the standalone executable's
 * single CommonJS file (`layout` 'single').
 */
export const lazyModules = (layout = 'dist') => ({
    name: 'lazy-modules',
    setup(b) {
        for (const [i, lazy] of LAZY.entries()) {
            // not from a stand-in itself: its require() of the real module (layout 'single') is the real module
            b.onResolve({ filter: new RegExp(`^${lazy.module.replace(/[.\\/]/g, '\\$&')}$`) }, (args) =>
                args.namespace !== 'svcdig-lazy' && lazy.importer.test(args.importer)
                    ? { path: lazy.perImporter ? `${i}:${args.importer}` : String(i), namespace: 'svcdig-lazy' }
                    : undefined,
            );
        }
        b.onLoad({ filter: /.*/, namespace: 'svcdig-lazy' }, (args) => {
            const lazy = LAZY[Number(args.path.split(':')[0])];
            const request = lazy.request ?? lazy.module;
            const head = lazy.unreachable
                ? `const load = () => { throw new Error(${JSON.stringify(`svcdig is built without ${lazy.unreachable}`)}); };`
                : lazy.bundled || layout === 'single'
                  ? `let mod; const load = () => (mod ??= require(${JSON.stringify(request)}));`
                  : `import { createRequire } from 'node:module'; let mod; const load = () => (mod ??= createRequire(import.meta.url)(${JSON.stringify(request)}));`;
            return { contents: `${head}\n${lazy.contents}`, loader: 'js', resolveDir: root };
        });
    },
});

/**
 * Node built-ins imported as ES modules: Node then copies every export into the module namespace, which runs each
 * lazy getter: node:http's WebSocket/CloseEvent/MessageEvent load Node's bundled undici and http2 (~15 ms of a live
 * command's start), node:fs's `promises` loads fs/promises with readline and the REPL history, node:process's `report`
 * the diagnostic report. Required as CommonJS (through the banner's require), the getters stay untouched until used.
 * Only those with such getters: each wrapper shared by several parts of the bundle becomes a file of its own, and
 * every file costs the ES module loader a resolve, a read and a link.
 *
 * Also node:os and node:tty as chalk's bundled supports-color imports them: chalk itself runs on first use (LAZY), but
 * its ES imports would be hoisted into the chunk that holds it, and node:tty loads node:net and the streams (~40
 * internal modules) on every `explain`, coloured or not. Only for chalk, so that the wrapper stays inside its chunk.
 */
export const CJS_BUILTINS = /^(node:)?(http|https|fs|util|process)$/;
const CJS_IN_CHALK = { module: /^(node:)?(os|tty)$/, importer: /[\\/]node_modules[\\/]chalk[\\/]/ };
export const builtinsAsCommonJs = {
    name: 'builtins-as-commonjs',
    setup(b) {
        const asCommonJs = (args) => (args.namespace === 'svcdig-cjs' ? { path: args.path, external: true } : { path: args.path, namespace: 'svcdig-cjs' });
        b.onResolve({ filter: CJS_BUILTINS }, asCommonJs);
        b.onResolve({ filter: CJS_IN_CHALK.module }, (args) =>
            args.namespace === 'svcdig-cjs' || CJS_IN_CHALK.importer.test(args.importer) ? asCommonJs(args) : undefined,
        );
        b.onLoad({ filter: /.*/, namespace: 'svcdig-cjs' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
    },
};
