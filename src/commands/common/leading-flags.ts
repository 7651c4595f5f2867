import type { Command, Option } from 'commander';
import { usageError } from '../../errors.js';

/**
 * kubectl reads a command's flags before the command's name as well as after it (`kubectl -n kube-system get pods`:
 * cobra finds the command among the words that are not flags, then parses every flag with that command's flag set;
 * spf13/cobra command.go Find/stripFlags). commander reads only the program's own options before a command, so the
 * flags typed before the command are moved right after its name, where commander parses, checks and completes them
 * as the command's own. A flag that takes a value takes the next word, whatever it is (`-n explain` is the namespace
 * "explain", as in kubectl). Flags the program reads itself (--help, --version) and words that are no flag of any
 * command leave the words as typed, for commander to answer.
 */
export function flagsAfterCommand(program: Command, typed: string[]): string[] {
    // The hidden completion commands get the words being completed as they were typed (`--color <TAB>`).
    if (typed[0]?.startsWith('__')) return typed;
    const flags = flagTable(program);
    const argv = commandFirst(program, flags, shorthandEquals(flags, typed));
    refuseForeignFlags(program, argv, flags);
    return argv;
}

function commandFirst(program: Command, flags: Map<string, Option>, argv: string[]): string[] {
    const lead: { flag: string; words: string[] }[] = [];
    let i = 0;
    while (i < argv.length && argv[i]!.startsWith('-') && argv[i] !== '-' && argv[i] !== '--') {
        const help = helpOfCommandAfter(program, argv, i);
        if (help) return help;
        if (program.options.some((o) => o.short === argv[i] || o.long === argv[i])) return argv;
        const taken = wordsOfFlag(flags, argv[i]!, argv[i + 1]);
        if (!taken) return unknownLeadingFlag(program, argv, i);
        lead.push({ flag: taken.flag, words: argv.slice(i, i + taken.count) });
        i += taken.count;
    }
    if (lead.length === 0) return argv;
    const typed = lead.flatMap((l) => l.words).join(' ');
    const verb = argv[i];
    if (verb === undefined || verb === '--')
        throw usageError(`${typed}: no command given`, `flags go before or after a command: ${program.name()} ${typed} explain SERVICE`);
    // `svcdig -n x help explain`: help is the same whatever the flags.
    if (verb === 'help') return argv.slice(i);
    const cmd = program.commands.find((c) => c.name() === verb || c.aliases().includes(verb));
    const moved = [verb, ...lead.flatMap((l) => l.words), ...argv.slice(i + 1)];
    // An unknown command is commander's to report (with its "did you mean"), unless a flag took a command's name.
    if (!cmd) return throwIfSwallowed(program, flags, verb, lead) ?? moved;
    return moved;
}

/**
 * A flag no command has, before the command (`svcdig -n x --bogus explain web`): said about that flag and the command
 * after it, as kubectl says "unknown flag: --bogus" whatever flags come first, rather than left to commander, which
 * would read the first leading flag as the root's and call it unknown. Without a command after it, the same words
 * as commander's for a first unknown flag (`svcdig -n x --bogus` is about --bogus, not -n); a first one, commander's.
 */
function unknownLeadingFlag(program: Command, argv: string[], at: number): string[] {
    const verb = argv.slice(at + 1).find((w) => program.commands.some((c) => !c.name().startsWith('__') && (c.name() === w || c.aliases().includes(w))));
    // --help after leading flags and no command: the root's help, as commander gives it
    if (verb === undefined && (at === 0 || argv[at] === '-h' || argv[at] === '--help')) return argv;
    const hint = verb === undefined ? `${program.name()} COMMAND --help lists a command's flags` : `${program.name()} ${verb} --help lists its flags`;
    throw usageError(`unknown option '${argv[at]}'`, hint);
}

/**
 * `svcdig --help check` (and `svcdig -n x -h check`): the command's help, as kubectl (cobra) finds the command among
 * the words before it applies the help flag; `--help` with no command after it is the root's.
 */
function helpOfCommandAfter(program: Command, argv: string[], at: number): string[] | undefined {
    if (argv[at] !== '-h' && argv[at] !== '--help') return undefined;
    const verb = argv[at + 1];
    const cmd = verb === undefined ? undefined : program.commands.find((c) => !c.name().startsWith('__') && (c.name() === verb || c.aliases().includes(verb)));
    return cmd ? [cmd.name(), '--help'] : undefined;
}

/**
 * Before and after the command, a flag of another command that this one does not take is refused in the same words
 * (`svcdig explain -A nginx` as `svcdig -A explain nginx`), rather than as commander's bare "unknown option".
 * Flags no command has stay commander's to report.
 */
function refuseForeignFlags(program: Command, argv: string[], flags: Map<string, Option>): void {
    const cmd = program.commands.find((c) => c.name() === argv[0] || c.aliases().includes(argv[0] ?? ''));
    if (!cmd || cmd.name().startsWith('__')) return;
    for (let i = 1; i < argv.length && argv[i] !== '--'; i++) {
        const word = argv[i]!;
        if (!word.startsWith('-') || word === '-') continue;
        const taken = wordsOfFlag(flags, word, argv[i + 1]);
        if (!taken) continue;
        for (const flag of flagsIn(flags, word)) refuseForeignFlag(program, cmd, flags, flag);
        i += taken.count - 1;
    }
}

function refuseForeignFlag(program: Command, cmd: Command, flags: Map<string, Option>, flag: string): void {
    if (cmd.options.some((o) => o.short === flag || o.long === flag)) return;
    const verb = cmd.name();
    throw usageError(`${program.name()} ${verb} takes no ${spelled(flags.get(flag)!)} flag`, `${program.name()} ${verb} --help lists its flags`);
}

/** The flags one word spells: `--name[=v]`, or each short flag of `-Av` up to the one that takes a value. */
function flagsIn(flags: Map<string, Option>, word: string): string[] {
    if (word.startsWith('--')) return [word.split('=')[0]!];
    const found: string[] = [];
    for (let c = 1; c < word.length; c++) {
        const option = flags.get(`-${word[c]}`);
        if (!option) break;
        found.push(`-${word[c]}`);
        if (takesValue(option)) break;
    }
    return found;
}

/**
 * pflag reads a short flag's value after `=` too (`-n=kube-system`, `-o=json`: spf13/pflag flag.go parseSingleShortArg
 * strips the `=`), a common kubectl habit (the Kubernetes docs write `-o=yaml`); commander would take `=kube-system`
 * as the value. Such a word becomes the flag and its value as two words; a word that is a flag's value is left alone,
 * and so is everything after `--`.
 */
export function shorthandEquals(flags: Map<string, Option>, argv: string[]): string[] {
    const out: string[] = [];
    for (let i = 0; i < argv.length; i++) {
        const word = argv[i]!;
        if (word === '--') return [...out, ...argv.slice(i)];
        // A bare --color (last, or before another flag) means always, as GNU ls's and git's --color without WHEN
        // (coreutils ls.c, color_args). Before any other word it still takes the word, so `--color yes` is refused.
        const next = argv[i + 1];
        if (word === '--color' && (next === undefined || (next.startsWith('-') && next !== '-'))) {
            out.push('--color=always');
            continue;
        }
        const split = shortFlagEquals(word, (flag) => {
            const option = flags.get(flag);
            return option !== undefined && takesValue(option);
        });
        if (split) {
            out.push(...split);
            continue;
        }
        out.push(word);
        const taken = word.startsWith('-') && word !== '-' ? wordsOfFlag(flags, word, argv[i + 1]) : undefined;
        if (taken?.count === 2) out.push(argv[++i]!);
    }
    return out;
}

/** `-n=kube-system` as `-n` and `kube-system` when `-n` takes a value (pflag's reading); undefined for any other word. */
export function shortFlagEquals(word: string, takesValueFlag: (flag: string) => boolean): [string, string] | undefined {
    const short = /^-([^-=])=(.*)$/s.exec(word);
    return short && takesValueFlag(`-${short[1]}`) ? [`-${short[1]}`, short[2]!] : undefined;
}

/** Every flag of every command, by its short and long spelling (a flag means the same in every command). */
function flagTable(program: Command): Map<string, Option> {
    const table = new Map<string, Option>();
    for (const cmd of program.commands) {
        for (const o of cmd.options) {
            if (o.short) table.set(o.short, o);
            if (o.long) table.set(o.long, o);
        }
    }
    return table;
}

/**
 * How many words the flag in `word` spans (1, or 2 when its value is the next word) and which flag it is, as
 * commander and pflag read them: `--name=value`, `--name value`, `-nvalue`, `-n value`, and short flags run
 * together (`-Av`, where the last one may take a value). Undefined for a word that is no known flag.
 */
export function wordsOfFlag(flags: Map<string, Option>, word: string, next: string | undefined): { flag: string; count: number } | undefined {
    if (word.startsWith('--')) {
        const name = word.split('=')[0]!;
        const option = flags.get(name);
        if (!option) return undefined;
        return { flag: name, count: takesValue(option) && !word.includes('=') && next !== undefined ? 2 : 1 };
    }
    for (let c = 1; c < word.length; c++) {
        const option = flags.get(`-${word[c]}`);
        if (!option) return undefined;
        if (takesValue(option)) return { flag: word.slice(0, 2), count: c === word.length - 1 && next !== undefined ? 2 : 1 };
    }
    return { flag: word.slice(0, 2), count: 1 };
}

const takesValue = (o: Option) => o.required || o.optional;
const spelled = (o: Option) => [o.short, o.long].filter((f) => f !== undefined).join('/');

/**
 * When a flag took a command's name or another flag as its value (`svcdig -n explain nginx`, `svcdig -n -o json
 * explain nginx`), so that a later word is read as the command, a usage error that says so.
 */
function throwIfSwallowed(program: Command, flags: Map<string, Option>, verb: string, lead: { flag: string; words: string[] }[]): undefined {
    const names = new Set(program.commands.map((c) => c.name()));
    const isFlag = (w: string) => w.startsWith('-') && wordsOfFlag(flags, w, undefined) !== undefined;
    const swallowed = lead.find((l) => l.words.length === 2 && (names.has(l.words[1]!) || isFlag(l.words[1]!)));
    if (!swallowed) return undefined;
    const after = lead.slice(lead.indexOf(swallowed) + 1).flatMap((l) => l.words);
    throw usageError(
        `unknown command '${verb}': "${swallowed.words[1]}" was read as the value of ${swallowed.flag}, which takes the next word (as in kubectl)`,
        `give ${swallowed.flag} its value: ${[program.name(), swallowed.flag, 'VALUE', swallowed.words[1], ...after, verb].join(' ')}`,
    );
}
