import { Command, Option } from 'commander';
import type { RunContext } from '../../context.js';
import { verbTable } from '../../core/shell/verbs.js';
import { addDnsQueryOptions, addOutputOptions, addSourceOptions } from '../common/options.js';
import type { ShellOptions } from './options.js';
import type { ErrorReporter } from './session.js';

/** What root help lists of shell: its name, arguments and description (cli.ts builds the flags only for the command that runs). */
export function shellHead(): Command {
    return new Command('shell').description(
        "an interactive session, nslookup's interactive mode with the expected side next to every answer (reads the cluster once)",
    );
}

export function shellCommand(ctx: RunContext, reportError: ErrorReporter): Command {
    const cmd = shellHead()
        .option('-t, --type <type>', 'record type of the first names (set type=T changes it; default A, PTR for an IP address)')
        .option('--as-pod <ns/pod>', 'resolve exactly as that pod does (as-pod changes it)')
        .addOption(new Option('--stub <flavour>', 'stub resolver whose search-list rules to follow').choices(['glibc', 'musl']).default('glibc'));
    addDnsQueryOptions(cmd, { oneServer: true });
    addSourceOptions(cmd, { stdinFree: true });
    addOutputOptions(cmd, 'resolve', 'table');
    cmd.addHelpText(
        'after',
        `
Lines (one per line; off a terminal read from stdin, so svcdig shell < steps.txt works in scripts):
${verbTable()}
The exit status is the worst of every line's (0 when everything matched). -o json prints one report per line.

Examples:
  svcdig shell --demo
  svcdig shell --demo < steps.txt
  svcdig shell -n dev --context kind-dev`,
    );
    cmd.action(async (opts: ShellOptions) => {
        const { runShell } = await import('./run.js');
        await runShell(opts, ctx, reportError);
    });
    return cmd;
}
