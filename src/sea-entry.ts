/**
 * Entry point of the standalone executable (Node's single executable application; scripts/sea.mjs): one file with
 * everything bundled, no Node.js needed on the machine. The same binary is the kubectl plugin when its file is named
 * kubectl-svcdig (krew installs it so) and answers kubectl's completion requests when named kubectl_complete-svcdig.
 */
// first: it drops Node's NO_COLOR/FORCE_COLOR warning, which loading the rest would print (src/node-color-warning.ts)
import './node-color-warning.js';
import { basename } from 'node:path';
import { runFromProcess } from './cli.js';

const called = [process.argv0, process.execPath].map((p) => basename(p ?? ''));
const args = process.argv.slice(2);
if (called.some((n) => n.startsWith('kubectl_complete-'))) {
    process.env.SVCDIG_AS_KUBECTL_PLUGIN = '1';
    args.unshift('__complete-words');
} else if (called.some((n) => n.startsWith('kubectl-'))) {
    process.env.SVCDIG_AS_KUBECTL_PLUGIN = '1';
}
void runFromProcess(args);
