import { shortFlagEquals } from '../commands/common/leading-flags.js';
import { globalOptions, RESOLVE_WORDS, SOURCE_FLAGS, SOURCE_FLAGS_WITH_VALUE, type CompletionCommand, type CompletionOption } from './command-tree.js';

const NO_FILES = 4;
const FILES = 0;

type Dynamic = (kind: string, passFlags: string[]) => Promise<string[]>;
type Completion = { candidates: string[]; directive: number };

/**
 * What to offer for the last word of a command line (cobra's __complete protocol, which kubectl uses for plugins:
 * `kubectl_complete-svcdig <words...>` prints one candidate per line, then `:<directive>`). Dynamic values are asked
 * from `svcdig __complete <kind>` by the caller through `dynamic`. Before the command, every command's flags and their
 * values are offered (commands/common/leading-flags.ts reads them as the command's).
 */
export async function completeWords(tree: CompletionCommand[], typed: string[], dynamic: Dynamic): Promise<Completion> {
    const { before, current } = asCommandLineReadsThem(tree, typed);
    const sub = tree.find((c) => before.includes(c.name));
    const filter = (list: readonly string[]) => list.filter((c) => c.startsWith(current));
    const pass = sourceFlags(before);
    const options = sub ? sub.options : globalOptions(tree);
    const option = options.find((o) => o.flags.includes(before[before.length - 1] ?? ''));
    if (option?.takesValue) return valuesOf(option, filter, (kind) => dynamic(kind, pass));
    if (current.startsWith('-')) return { candidates: filter(options.flatMap((o) => o.flags)), directive: NO_FILES };
    if (!sub) return { candidates: filter(tree.map((c) => c.name)), directive: NO_FILES };
    if (sub.argument && !sub.variadic && positionals(before.slice(before.indexOf(sub.name) + 1), options).length > 0)
        return { candidates: [], directive: NO_FILES };
    if (sub.argument === 'services') return { candidates: await services(current, pass, dynamic, filter), directive: NO_FILES };
    if (sub.argument === 'shells') return { candidates: filter(['bash', 'zsh', 'fish']), directive: NO_FILES };
    if (sub.argument === 'names' && current.startsWith('+')) return { candidates: filter(RESOLVE_WORDS.plus), directive: NO_FILES };
    if (sub.argument === 'names' && current !== '') return { candidates: filter(RESOLVE_WORDS.types), directive: NO_FILES };
    return { candidates: [], directive: NO_FILES };
}

/**
 * The words as the command line reads them (commands/common/leading-flags.ts): `-n=NS` is `-n NS`, and the word
 * being completed may be `--output=` or `-o=` (cobra completes the value after the `=`, spf13/cobra completions.go).
 */
function asCommandLineReadsThem(tree: CompletionCommand[], typed: string[]): { before: string[]; current: string } {
    const all = globalOptions(tree);
    const takesValue = (flag: string) => all.some((o) => o.takesValue && o.flags.includes(flag));
    const words = typed.flatMap((w) => shortFlagEquals(w, takesValue) ?? [w]);
    const current = words[words.length - 1] ?? '';
    const long = /^(--[^=]+)=(.*)$/s.exec(current);
    if (long && takesValue(long[1]!)) return { before: [...words.slice(0, -1), long[1]!], current: long[2]! };
    return { before: words.slice(0, -1), current };
}

/** The positional words among `words` (flags and the values they take left out). */
function positionals(words: string[], options: CompletionOption[]): string[] {
    const out: string[] = [];
    for (let i = 0; i < words.length; i++) {
        const word = words[i]!;
        if (!word.startsWith('-') || word === '-') out.push(word);
        else if (!word.includes('=') && options.some((o) => o.takesValue && o.flags.includes(word))) i++;
    }
    return out;
}

/** The source flags typed so far (`-n X`, `--namespace=X`, `--demo`…), for `svcdig __complete`. */
function sourceFlags(before: string[]): string[] {
    const pass: string[] = [];
    before.forEach((w, i) => {
        if (SOURCE_FLAGS_WITH_VALUE.includes(w) && before[i + 1] !== undefined) pass.push(w, before[i + 1]!);
        if (SOURCE_FLAGS_WITH_VALUE.some((f) => w.startsWith(`${f}=`))) pass.push(w);
        if (SOURCE_FLAGS.includes(w)) pass.push(w);
    });
    return pass;
}

async function valuesOf(
    option: CompletionOption,
    filter: (l: readonly string[]) => string[],
    dynamic: (kind: string) => Promise<string[]>,
): Promise<Completion> {
    if (option.choices.length) return { candidates: filter(option.choices), directive: NO_FILES };
    if (option.dynamic === 'files') return { candidates: [], directive: FILES };
    if (option.dynamic) return { candidates: filter(await dynamic(option.dynamic)), directive: NO_FILES };
    return { candidates: [], directive: NO_FILES };
}

/** Service names; after `NS/`, NS's Services as NS/NAME. */
async function services(current: string, pass: string[], dynamic: Dynamic, filter: (l: readonly string[]) => string[]): Promise<string[]> {
    const slash = current.indexOf('/');
    if (slash < 0) return filter(await dynamic('services', pass));
    const ns = current.slice(0, slash);
    return filter((await dynamic('services', [...pass, '-n', ns])).map((n) => `${ns}/${n}`));
}
