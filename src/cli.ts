import { Command, CommanderError, Option } from 'commander';
import { RunContext } from './context.js';
import { realDeps, type Deps, type OutStream } from './deps.js';
import { EXIT_CODE_HELP, ExitCode, Interrupted, SvcdigError } from './errors.js';
import { resolveCommand, resolveHead } from './commands/resolve/command.js';
import { envCommand, envHead } from './commands/env/command.js';
import { explainCommand, explainHead } from './commands/explain/command.js';
import { checkCommand, checkHead } from './commands/check/command.js';
import { completionCommand, completionHead } from './commands/completion/command.js';
import { shellCommand, shellHead } from './commands/shell/command.js';
import { completeCommand, completeWordsCommand } from './commands/completion/complete.js';
import { terminalText, withLongWordsShortened } from './render/escape.js';
import { asKubectlPlugin, asKubectlPluginLine } from './plugin-name.js';
import { redactUserInfo } from './core/redact.js';
import { flagsAfterCommand } from './commands/common/leading-flags.js';

export const VERSION = '0.1.0';

/**
 * The commands that do the work, in the order help lists them. A run that starts with one of their names builds only
 * that one (programFor), and root help only their heads (name, arguments, description: rootHelpProgram): commander
 * spends milliseconds building each command's flags, and a cold start is mostly such fixed costs (README, Performance).
 */
const VERBS: Record<string, { head: () => Command; command: (ctx: RunContext) => Command }> = {
    resolve: { head: resolveHead, command: resolveCommand },
    explain: { head: explainHead, command: explainCommand },
    env: { head: envHead, command: envCommand },
    check: { head: checkHead, command: checkCommand },
    shell: { head: shellHead, command: (ctx) => shellCommand(ctx, reportError) },
};

/** The command tree (also the source the shell completions are generated from). */
export function buildProgram(ctx: RunContext): Command {
    const program = rootCommand(ctx);
    for (const verb of Object.values(VERBS)) program.addCommand(verb.command(ctx));
    program.addCommand(completionCommand(ctx, () => program));
    program.addCommand(completeCommand(ctx), { hidden: true });
    program.addCommand(
        completeWordsCommand(ctx, () => program),
        { hidden: true },
    );
    configureTree(program, ctx);
    return program;
}

/**
 * The tree `argv` needs: with a verb's name first, the program with that command only (its parse, errors and help
 * are the same as in the whole tree); root help and the version, the commands' heads (rootHelpProgram); anything else
 * (help on a command, leading flags, completion, a mistyped command that gets commander's suggestion) the whole tree.
 */
function programFor(ctx: RunContext, argv: string[]): Command {
    if (argv.length === 0 || (argv.length === 1 && ['--help', '-h', 'help', '--version'].includes(argv[0]!))) return rootHelpProgram(ctx);
    const verb = argv[0] !== undefined && Object.hasOwn(VERBS, argv[0]) ? VERBS[argv[0]] : undefined;
    if (!verb) return buildProgram(ctx);
    const command = verb.command(ctx);
    // A flag this command does not know may be another command's: its error ("explain takes no -A flag") and hint
    // come from the whole tree (commands/common/leading-flags.ts).
    if (!knowsEveryFlag(command, argv.slice(1))) return buildProgram(ctx);
    const program = rootCommand(ctx).addCommand(command);
    configureTree(program, ctx);
    return program;
}

/**
 * Root help from the commands' heads, the same text as from the whole tree (test/cli/one-command-tree.test.ts): commander
 * lists a command by name, arguments and description, and writes "[options]" after the name of one that has any
 * options (Help.subcommandTerm), which every command has: a hidden one says so. The hidden internal commands
 * (__complete…) are not listed.
 */
function rootHelpProgram(ctx: RunContext): Command {
    const program = rootCommand(ctx);
    for (const head of [...Object.values(VERBS).map((v) => v.head), completionHead]) program.addCommand(head().addOption(new Option('--flags').hideHelp()));
    configureTree(program, ctx);
    return program;
}

/** Are all the flags in `args` (up to `--`) the command's own, or help's? Short flags may be run together (-Av). */
function knowsEveryFlag(command: Command, args: string[]): boolean {
    const options = [
        ...command.options,
        ...['-h', '--help'].map((flag) => ({ short: flag.length === 2 ? flag : undefined, long: flag, required: false, optional: false })),
    ];
    const byFlag = new Map(options.flatMap((o) => [o.short, o.long].filter((f): f is string => !!f).map((f) => [f, o] as const)));
    for (const arg of args) {
        if (arg === '--') return true;
        if (arg.startsWith('--')) {
            if (!byFlag.has(arg.split('=')[0]!)) return false;
        } else if (arg.startsWith('-') && arg.length > 1) {
            for (const ch of arg.slice(1)) {
                const o = byFlag.get(`-${ch}`);
                if (!o) return false;
                if (o.required || o.optional) break; // the rest of the word is its value
            }
        }
    }
    return true;
}

function rootCommand(ctx: RunContext): Command {
    const asPlugin = ctx.deps.env.SVCDIG_AS_KUBECTL_PLUGIN === '1';
    return new Command(asPlugin ? 'kubectl svcdig' : 'svcdig')
        .description('What a Kubernetes Service should resolve to, what the cluster DNS actually answers, and why the two differ.')
        .version(VERSION, '--version', 'print the version')
        .helpOption('-h, --help', 'show help')
        .showSuggestionAfterError(true)
        .addHelpText(
            'after',
            `\nA command's flags may come before it too, as in kubectl:\n  svcdig -n kube-system explain kube-dns\n\n${EXIT_CODE_HELP}\n\nStart with the built-in demo (no cluster needed):\n  svcdig resolve web-0.nginx --demo\n  svcdig explain nginx --demo\n`,
        );
}

function configureTree(cmd: Command, ctx: RunContext, program = cmd): void {
    cmd.exitOverride();
    const asPlugin = ctx.deps.env.SVCDIG_AS_KUBECTL_PLUGIN === '1';
    const shown = asPlugin ? asKubectlPlugin : (s: string) => s;
    cmd.configureOutput({
        // commander quotes what was typed (unknown options, "did you mean"): escaped like every note.
        writeOut: (s) => ctx.deps.stdout.write(terminalText(shown(s))),
        writeErr: (s) => ctx.deps.stderr.write(terminalText(withLongWordsShortened(shown(s)))),
        // as commander's defaults, from svcdig's streams rather than process.stdout's (std-output.ts); no width (its
        // typing says a number, but undefined is what its own default gives off a terminal) means 80 columns
        getOutHelpWidth: () => helpWidth(ctx.deps.stdout),
        getErrHelpWidth: () => helpWidth(ctx.deps.stderr),
        // svcdig's help has no colours: whether the stream could show them (commander reads process.stdout) changes
        // nothing but whether commander strips colour codes from help, which then has none to strip
        getOutHasColors: () => false,
        getErrHasColors: () => false,
        outputError: (s, write) => write(withHint(s, cmd, program)),
    });
    for (const sub of cmd.commands) configureTree(sub, ctx, program);
}

function helpWidth(out: OutStream): number {
    return (out.isTTY ? out.columns : undefined) as number;
}

/**
 * commander's usage errors in svcdig's voice: its "(Did you mean X?)" as the `hint:` line every other error has, and
 * a hint where it gives none (the commands for an unknown command, --help for an unknown flag, as kubectl's "See
 * 'kubectl explain --help' for usage").
 */
function withHint(message: string, cmd: Command, program: Command): string {
    const text = message.replace(/\n$/, '');
    const suggested = /\n\(Did you mean (.+)\?\)$/.exec(text);
    if (suggested) return `${text.slice(0, suggested.index)}\nhint: did you mean ${suggested[1]}?\n`;
    const full = cmd === program ? program.name() : `${program.name()} ${cmd.name()}`;
    let hint: string | undefined;
    if (text.startsWith('error: unknown command'))
        hint = `the commands are ${program.commands
            .filter((c) => !c.name().startsWith('__'))
            .map((c) => c.name())
            .join(', ')}`;
    // root help lists the commands, not their flags
    else if (text.startsWith('error: unknown option'))
        hint = cmd === program ? `${full} COMMAND --help lists a command's flags` : `${full} --help lists its flags`;
    else if (text.startsWith(`error: too many arguments for 'env'`)) hint = podFlagHint(program, cmd.args[0]);
    else if (/^error: option '-o, --output <format>' argument 'wide' is invalid/.test(text))
        hint = `${cmd.name()} has no -o wide: its table already shows every column (${full} -o table)`;
    return hint ? `${text}\nhint: ${hint}\n` : message;
}

/** env names its pod with --pod (kubectl exec's habit is a positional POD): `svcdig env pod/web-0` says so. */
function podFlagHint(program: Command, typed: string | undefined): string {
    const pod = typed?.replace(/^(pods?|po)\//i, '') || 'POD';
    return `env takes the pod with --pod: ${program.name()} env --pod ${pod}`;
}

/** The run in progress, whose exit code so far is the status when stdout closes early. */
let running: RunContext | undefined;

/** Runs svcdig with `argv` (without node and script) and returns the exit code; never throws, never exits. */
export async function main(argv: string[], deps: Deps): Promise<number> {
    const ctx = (running = new RunContext(deps));
    ctx.debug = argv.includes('--debug');
    ctx.verbose = argv.includes('-v') || argv.includes('--verbose');
    const program = programFor(ctx, argv);
    if (argv.length === 0) {
        deps.stderr.write(program.helpInformation());
        return ExitCode.usage;
    }
    try {
        await program.parseAsync(flagsAfterCommand(program, unknownHelpTopic(program, argv) ?? argv), { from: 'user' });
        return ctx.exitCode;
    } catch (err) {
        return reportError(err, ctx);
    }
}

/**
 * `svcdig help NOPE`: commander would print the whole help on stderr. Parsed as the command NOPE instead, it gets
 * commander's own "unknown command" error and suggestion (exit 2).
 */
function unknownHelpTopic(program: Command, argv: string[]): string[] | undefined {
    const [first, topic] = argv;
    if (first !== 'help' || topic === undefined || topic.startsWith('-')) return undefined;
    return program.commands.some((c) => c.name() === topic || c.aliases().includes(topic)) ? undefined : [topic];
}

function reportError(err: unknown, ctx: RunContext): ExitCode {
    if (err instanceof CommanderError) {
        if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return ExitCode.ok;
        // `svcdig help [command]` asked for help (0); help shown because something was missing is a usage error.
        if (err.code === 'commander.help') return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
        // commander already printed "error: ..."; usage errors are exit 2, not commander's 1.
        return ExitCode.usage;
    }
    if (err instanceof Interrupted) return ExitCode.interrupted;
    if (err instanceof SvcdigError) {
        // As the kubectl plugin, the commands an error or hint quotes are typed `kubectl svcdig …`.
        const shown = ctx.deps.env.SVCDIG_AS_KUBECTL_PLUGIN === '1' ? asKubectlPluginLine : (s: string) => s;
        ctx.note(shown(`error: ${err.message}`));
        if (err.hint) ctx.note(shown(`hint: ${err.hint}`));
        if (ctx.debug && err.cause) ctx.noteLines(redactUserInfo(String((err.cause as Error).stack ?? err.cause)));
        return err.exitCode;
    }
    // Not ours to word, so maybe quoting a URL with user-info (a client-node WebSocket error): redacted (core/redact.ts).
    const message = redactUserInfo(err instanceof Error ? err.message.split('\n')[0]! : String(err));
    ctx.note(`internal error: ${message}${ctx.debug ? '' : ' (rerun with --debug for a stack trace)'}`);
    if (ctx.debug && err instanceof Error && err.stack) ctx.noteLines(redactUserInfo(err.stack));
    return ExitCode.internal;
}

/** Entry point for bin/svcdig.js. */
export async function runFromProcess(argv: string[]): Promise<void> {
    // Attached when something first opens the stream: svcdig writes pipes and files without it (std-output.ts).
    whenOpened('stdout', (stdout) =>
        stdout.on('error', (err: NodeJS.ErrnoException) => {
            // `svcdig ... | head` closes the pipe early: stop quietly, as other Unix tools do.
            // The status is the worst seen so far: a session (svcdig shell | head) has raised it line by line.
            if (err.code === 'EPIPE') process.exit(process.exitCode ?? running?.exitCode ?? 0);
            // Any other failure (`> /dev/full`, a full disk) loses data: say so once and fail, rather than exit 0.
            process.stderr.write(`error: cannot write output: ${err.message}\n`);
            process.exit(ExitCode.output);
        }),
    );
    whenOpened('stderr', (stderr) =>
        stderr.on('error', (err: NodeJS.ErrnoException) => {
            // Notes and -v traces (`svcdig -v explain x 2>&1 | head -1`): a reader gone early is not an error. The run
            // goes on without its notes, so its exit status is still its own (a usage error stays 2, not "stopped").
            // Node ignores SIGPIPE, so without this handler the write error would be an uncaught exception (exit 1).
            if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') return;
            // Anything else (`2> /dev/full`): nowhere left to say it; fail as a lost stdout does.
            process.exit(ExitCode.output);
        }),
    );
    const deps = realDeps();
    const code = await main(argv, deps);
    process.exitCode = code;
}

/**
 * Runs `attach` on process[name] when it is first read (Node builds the stream then), by whoever reads it: svcdig's
 * fallback for a failed write (std-output.ts), a terminal, readline, Node's own warnings.
 */
function whenOpened(name: 'stdout' | 'stderr', attach: (stream: NodeJS.WriteStream) => void): void {
    const property = Object.getOwnPropertyDescriptor(process, name);
    if (!property?.get || !property.configurable) {
        attach(process[name]);
        return;
    }
    const open = property.get;
    Object.defineProperty(process, name, {
        ...property,
        get() {
            const stream = open.call(process) as NodeJS.WriteStream;
            Object.defineProperty(process, name, property);
            attach(stream);
            return stream;
        },
    });
}
