import { Command, CommanderError } from 'commander';
import { RunContext } from './context.js';
import { realDeps, type Deps } from './deps.js';
import { EXIT_CODE_HELP, ExitCode, SvcdigError } from './errors.js';
import { redactUserInfo } from './core/redact.js';
import { resolveCommand } from './commands/resolve.js';
import { envCommand } from './commands/env.js';
import { explainCommand } from './commands/explain.js';
import { checkCommand } from './commands/check.js';
import { completionCommand } from './commands/completion.js';
import { completeCommand, completeWordsCommand } from './commands/complete.js';

export const VERSION = '0.1.0';

/** The command tree (also the source the shell completions are generated from). */
export function buildProgram(ctx: RunContext): Command {
    const asPlugin = ctx.deps.env.SVCDIG_AS_KUBECTL_PLUGIN === '1';
    const program = new Command(asPlugin ? 'kubectl svcdig' : 'svcdig')
        .description('What a Kubernetes Service should resolve to, what the cluster DNS actually answers, and why the two differ.')
        .version(VERSION, '--version', 'print the version')
        .helpOption('-h, --help', 'show help')
        .showSuggestionAfterError(true)
        .addHelpText('after', `\n${EXIT_CODE_HELP}\n\nStart with the built-in demo (no cluster needed):\n  svcdig resolve web-0.nginx --demo\n  svcdig explain nginx --demo\n`);
    program.addCommand(resolveCommand(ctx));
    program.addCommand(explainCommand(ctx));
    program.addCommand(envCommand(ctx));
    program.addCommand(checkCommand(ctx));
    program.addCommand(completionCommand(ctx, () => program));
    program.addCommand(completeCommand(ctx), { hidden: true });
    program.addCommand(completeWordsCommand(ctx, () => program), { hidden: true });
    configureTree(program, ctx);
    return program;
}

function configureTree(cmd: Command, ctx: RunContext): void {
    cmd.exitOverride();
    cmd.configureOutput({
        writeOut: (s) => ctx.deps.stdout.write(s),
        writeErr: (s) => ctx.deps.stderr.write(s),
        outputError: (s, write) => write(s),
    });
    for (const sub of cmd.commands) configureTree(sub, ctx);
}

/** Runs svcdig with `argv` (without node and script) and returns the exit code; never throws, never exits. */
export async function main(argv: string[], deps: Deps): Promise<number> {
    const ctx = new RunContext(deps);
    ctx.debug = argv.includes('--debug');
    ctx.verbose = argv.includes('-v') || argv.includes('--verbose');
    const program = buildProgram(ctx);
    if (argv.length === 0) {
        deps.stderr.write(program.helpInformation());
        return ExitCode.usage;
    }
    try {
        await program.parseAsync(argv, { from: 'user' });
        return ctx.exitCode;
    } catch (err) {
        return reportError(err, ctx);
    }
}

function reportError(err: unknown, ctx: RunContext): number {
    if (err instanceof CommanderError) {
        if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
            return err.code === 'commander.help' ? ExitCode.usage : ExitCode.ok;
        }
        // commander already printed "error: ..."; usage errors are exit 2, not commander's 1.
        return ExitCode.usage;
    }
    if (err instanceof SvcdigError) {
        ctx.note(`error: ${err.message}`);
        if (err.hint) ctx.note(`hint: ${err.hint}`);
        if (ctx.debug && err.cause) ctx.note(redactUserInfo(String((err.cause as Error).stack ?? err.cause)));
        return err.exitCode;
    }
    // Not ours to word, so maybe quoting a URL with user-info (a client-node WebSocket error): redacted (core/redact.ts).
    const message = redactUserInfo(err instanceof Error ? err.message.split('\n')[0]! : String(err));
    ctx.note(`internal error: ${message}${ctx.debug ? '' : ' (rerun with --debug for a stack trace)'}`);
    if (ctx.debug && err instanceof Error && err.stack) ctx.note(redactUserInfo(err.stack));
    return ExitCode.internal;
}

/** Entry point for bin/svcdig.js. */
export async function runFromProcess(argv: string[]): Promise<void> {
    // `svcdig ... | head` closes the pipe early: stop quietly, as other Unix tools do.
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    });
    const deps = realDeps();
    const code = await main(argv, deps);
    process.exitCode = code;
}
