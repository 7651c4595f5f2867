import { runCli } from './run-cli.js';

export { COMPLETION_FILES } from '../../src/completion/shipped.js';

export async function generatedCompletion(shell: 'bash' | 'zsh' | 'fish'): Promise<string> {
    const r = await runCli(['completion', shell]);
    if (r.code !== 0) throw new Error(`svcdig completion ${shell} failed: ${r.stderr}`);
    return r.stdout;
}
