import { runCli } from './run-cli.js';

export const COMPLETION_FILES = [
    { shell: 'bash', file: 'svcdig.bash' },
    { shell: 'zsh', file: '_svcdig' },
    { shell: 'fish', file: 'svcdig.fish' },
] as const;

export async function generatedCompletion(shell: 'bash' | 'zsh' | 'fish'): Promise<string> {
    const r = await runCli(['completion', shell]);
    if (r.code !== 0) throw new Error(`svcdig completion ${shell} failed: ${r.stderr}`);
    return r.stdout;
}
