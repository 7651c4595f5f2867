import { Argument, Command, Option } from 'commander';
import type { RunContext } from '../../context.js';

/** What root help lists of completion: its name, arguments and description (cli.ts builds the flags only for the command that runs). */
export function completionHead(): Command {
    return new Command('completion')
        .description('print the shell completion script (bash, zsh or fish)')
        .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(['bash', 'zsh', 'fish']));
}

export function completionCommand(ctx: RunContext, program: () => Command): Command {
    return completionHead()
        .addOption(new Option('--prog <name>', 'program name to complete (kubectl_complete-svcdig for kubectl plugin completion)').default('svcdig').hideHelp())
        .addHelpText(
            'after',
            `
Examples:
  source <(svcdig completion bash)                              # bash, this shell
  svcdig completion zsh > "\${fpath[1]}/_svcdig"                 # zsh
  svcdig completion fish > ~/.config/fish/completions/svcdig.fish
  # kubectl svcdig: kubectl (1.26+) completes plugins through an executable named
  # kubectl_complete-svcdig on the PATH; see README "Completion".`,
        )
        .action(async (shell: 'bash' | 'zsh' | 'fish', opts: { prog: string }) => {
            const { completionTree } = await import('../../completion/command-tree.js');
            const { generateCompletion } = await import('../../completion/generate.js');
            ctx.deps.stdout.write(generateCompletion(shell, completionTree(program()), opts.prog));
        });
}
