#!/usr/bin/env node
// Checks the Node.js version before loading anything that needs a newer one.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
    process.stderr.write(`svcdig needs Node.js 22.12 or newer; this is ${process.versions.node}\n`);
    process.exit(2);
}
// Node 22.1+ caches compiled code on disk: later starts skip most parsing (svcdig --help stays close to node -e 0).
const { enableCompileCache } = await import('node:module');
try {
    enableCompileCache?.();
} catch {
    /* no cache directory: run uncached */
}
// `check` reads whole clusters and asks thousands of DNS questions. With V8's young generation held to 8 MB per
// semi-space its peak memory is ~40 % lower at the same speed (README, Performance), and V8 takes that size only when
// it starts: so a `check` run restarts itself once with the flag (the child inherits stdio, signals and exit status).
if (process.argv[2] === 'check' && !process.execArgv.some((a) => a.startsWith('--max-semi-space-size')) && process.env.SVCDIG_RESTARTED !== '1') {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [...process.execArgv, '--max-semi-space-size=8', ...process.argv.slice(1)], {
        stdio: 'inherit',
        env: { ...process.env, SVCDIG_RESTARTED: '1' },
    });
    // Ctrl-C reaches the child from the terminal itself; a signal sent to this process alone is passed on.
    const forward = (sig) => () => child.kill(sig);
    process.on('SIGINT', () => {});
    process.on('SIGTERM', forward('SIGTERM'));
    process.on('SIGHUP', forward('SIGHUP'));
    child.on('error', (err) => {
        process.stderr.write(`svcdig: cannot start ${process.execPath} (${err && err.code ? err.code : err})\n`);
        process.exit(70);
    });
    child.on('exit', (code, signal) => {
        if (signal) {
            process.removeAllListeners(signal);
            process.kill(process.pid, signal);
        }
        process.exit(code ?? 1);
    });
} else {
    run();
}

function run() {
    import('../dist/cli.js').then(
        async ({ runFromProcess }) => {
            await runFromProcess(process.argv.slice(2));
        },
        (err) => {
            process.stderr.write(`svcdig: cannot load its build (${err && err.code ? err.code : err}); run "npm run build" first\n`);
            process.exit(70);
        },
    );
}
