import { buildProgram } from '../cli.js';
import { RunContext } from '../context.js';
import { realDeps } from '../deps.js';
import { completionTree } from './command-tree.js';
import { generateCompletion } from './generate.js';

/** The completion scripts shipped in completions/ (`npm run completions` writes them; test/cli/completion.test.ts checks them). */
export const COMPLETION_FILES = [
    { shell: 'bash', file: 'svcdig.bash' },
    { shell: 'zsh', file: '_svcdig' },
    { shell: 'fish', file: 'svcdig.fish' },
] as const;

/** What `svcdig completion <shell>` prints (as svcdig, not as the kubectl plugin), built from the command tree. */
export function shippedCompletion(shell: 'bash' | 'zsh' | 'fish'): string {
    const program = buildProgram(new RunContext({ ...realDeps(), env: {} }));
    return generateCompletion(shell, completionTree(program), 'svcdig');
}
