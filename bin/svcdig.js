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
import('../dist/cli.js').then(
    async ({ runFromProcess }) => { await runFromProcess(process.argv.slice(2)); },
    (err) => {
        process.stderr.write(`svcdig: cannot load its build (${err && err.code ? err.code : err}); run "npm run build" first\n`);
        process.exit(70);
    },
);
