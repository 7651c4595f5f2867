#!/usr/bin/env node
// Checks the Node.js version before loading anything that needs a newer one.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
    // The way forward, not only the refusal: a newer Node (nvm, or nodejs.org's installers and package-manager
    // instructions), or the standalone binary, which carries its own Node (README: Install).
    process.stderr.write(
        `svcdig needs Node.js 22.12 or newer; this is ${process.versions.node}\n` +
            'get Node 22.12 or newer with `nvm install 22` (the latest 22.x) or from https://nodejs.org/en/download, ' +
            'or use the standalone binary, which needs no Node (`npm run sea` in a checkout; README: Install)\n',
    );
    process.exit(2);
}
// Node 22.1+ caches compiled code on disk: later starts skip most parsing (svcdig --help stays close to node -e 0).
// getBuiltinModule (Node 22.3+) hands the module over at once, where import() would wait a turn of the event loop.
const { enableCompileCache, registerHooks } = process.getBuiltinModule('node:module');
try {
    enableCompileCache?.();
} catch {
    /* no cache directory: run uncached */
}
resolveBuildDirectly();
// `check` reads whole clusters and asks thousands of DNS questions. With V8's young generation held to 8 MB per
// semi-space its peak memory is ~40 % lower at the same speed (README, Performance), and V8 takes that size only when
// it starts: so a `check` run restarts itself once with the flag (the child inherits stdio, signals and exit status).
// It also caps the old generation just under 1 GiB: V8 lets the heap grow to 4× what survived the last full GC when
// the cap is 1 GiB or more, and at most ~2× below it (v8/src/heap/heap-controller.cc MaxGrowingFactor), which halves
// the peak of a live `check -A` (most of it garbage between GCs) at the same speed. Its live data is a namespace and
// the report, far below the cap; from files (-f) too: they are read an item at a time, held packed, and checked a
// namespace at a time (src/adapters/files/file-objects.ts). A file of another shape is parsed whole: a JSON one of a
// few hundred MB fits under the cap, and one that would not (js-yaml's whole parse takes ~20× the text) has the run
// restarted once more without the cap (src/heap-restart.ts). A cap the user set (NODE_OPTIONS, node flags) is kept.
if (isCheck(process.argv.slice(2)) && !process.execArgv.some((a) => a.startsWith('--max-semi-space-size')) && process.env.SVCDIG_RESTARTED !== '1') {
    const { spawn } = await import('node:child_process');
    const capped = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => /--max-old-space-size|--max-heap-size/.test(a));
    const cap = capped ? [] : ['--max-old-space-size=1000'];
    // glibc's malloc gives each thread that allocates (V8's GC helpers, libuv's pool) an arena of its own, up to 8 per
    // core, and freed memory stays in them: two arenas keep a 5,000-Service check ~20 MB lower at the same speed
    // (mallopt(3) M_ARENA_MAX; other C libraries ignore the variable). And glibc raises its mmap threshold to the size
    // of each large block freed (mallopt(3) M_MMAP_THRESHOLD, dynamic by default), so after the first list page's body
    // (a megabyte or more) every later one is carved from an arena, which fragments and grows with each large namespace;
    // a fixed threshold keeps such blocks mapped on their own and given back when freed: ~10 MB lower at 5,000 Services.
    // Values the user set are kept.
    // The IPC channel is only there so that the child notices when this process is gone (see watchParent).
    const start = (heap) =>
        spawn(process.execPath, [...process.execArgv, '--max-semi-space-size=8', ...heap, ...process.argv.slice(1)], {
            stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
            env: {
                MALLOC_ARENA_MAX: '2',
                MALLOC_MMAP_THRESHOLD_: '131072',
                ...process.env,
                SVCDIG_RESTARTED: '1',
                ...(heap.length ? { SVCDIG_HEAP_CAP: '1' } : {}),
            },
        });
    let child = start(cap);
    // A signal sent to this process (`kill -INT <pid>`, a CI runner's SIGTERM) is passed on. Ctrl-C on a terminal
    // reaches both processes; the child ends on the first SIGINT, so the second one finds it gone.
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
    const watch = () => {
        child.on('error', (err) => {
            process.stderr.write(`svcdig: cannot start ${process.execPath} (${err && err.code ? err.code : err})\n`);
            process.exit(70);
        });
        child.on('exit', (code, signal) => {
            // 75 (src/heap-restart.ts RESTART_UNCAPPED): a file to parse whole would not fit under the cap
            if (code === 75 && cap.length && child.spawnargs.includes(cap[0])) {
                child = start([]);
                return watch();
            }
            if (signal) {
                process.removeAllListeners(signal);
                process.kill(process.pid, signal);
            }
            process.exit(code ?? 1);
        });
    };
    watch();
} else {
    watchParent();
    run();
}

/**
 * `check`, also behind flags typed before it (`svcdig -n shop check`, read as kubectl reads them: src/commands/common/
 * leading-flags.ts). Telling a flag's value from the command needs the command tree, which is not loaded yet: a
 * "check" anywhere after a leading flag counts, and a wrong guess (`svcdig -n x explain check`) only costs a restart.
 */
function isCheck(args) {
    return args[0] === 'check' || (args[0]?.startsWith('-') && args.includes('check'));
}

/**
 * The restarted `check` ends with the process that started it, even one killed with SIGKILL, which cannot pass
 * anything on. Linux's PR_SET_PDEATHSIG is out of reach from Node without native code; the IPC channel to the parent
 * closes when the parent dies (the kernel closes its end), and that is the child's cue. Unreferenced, the channel
 * keeps nothing alive.
 */
function watchParent() {
    if (process.env.SVCDIG_RESTARTED !== '1' || !process.channel) return;
    process.channel.unref();
    process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}

/**
 * The build's parts import each other as "./chunk-….js" from the same directory (scripts/build.mjs): each such import
 * is resolved here at once instead of by Node's general ES module resolver, which for every import statement of every
 * part parses URLs, checks the file on disk and looks up the nearest package.json for the module type. `explain -f`
 * loads 27 parts (`--help` 2: scripts/start-part.mjs); this took ~5-7 % off the CPU time of either start when they
 * were 42 and 18 (README, Performance). Anything else (node: built-ins, the bin's own import of dist/cli.js) goes to
 * Node's resolver. A missing part still fails when imported (ENOENT, exit 70: run() or svcdig's internal error line).
 * registerHooks: Node 22.15+ and 23.5+; older versions resolve as before.
 */
function resolveBuildDirectly() {
    const dist = new URL('../dist/', import.meta.url).href;
    registerHooks?.({
        resolve(specifier, context, nextResolve) {
            if (specifier.startsWith('./') && specifier.endsWith('.js') && context.parentURL?.startsWith(dist) && !specifier.includes('/', 2))
                return { url: new URL(specifier, context.parentURL).href, format: 'module', shortCircuit: true };
            return nextResolve(specifier, context);
        },
    });
}

function run() {
    // dist/node-color-warning.js first: loading cli.js runs Node's colour detection, which may warn (see that file)
    import('../dist/node-color-warning.js')
        .then(() => import('../dist/cli.js'))
        .then(
            async ({ runFromProcess }) => {
                await runFromProcess(process.argv.slice(2));
            },
            (err) => {
                process.stderr.write(`svcdig: cannot load its build (${err && err.code ? err.code : err}); run "npm run build" first\n`);
                process.exit(70);
            },
        );
}
