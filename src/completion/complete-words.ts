import { SOURCE_FLAGS, SOURCE_FLAGS_WITH_VALUE, type CompletionCommand } from './command-tree.js';

/**
 * What to offer for the last word of a command line (cobra's __complete protocol, which kubectl uses for plugins:
 * `kubectl_complete-svcdig <words...>` prints one candidate per line, then `:<directive>`). Dynamic values are asked
 * from `svcdig __complete <kind>` by the caller through `dynamic`.
 */
export async function completeWords(
    tree: CompletionCommand[],
    words: string[],
    dynamic: (kind: string, passFlags: string[]) => Promise<string[]>,
): Promise<{ candidates: string[]; directive: number }> {
    const NO_FILES = 4;
    const FILES = 0;
    const current = words[words.length - 1] ?? '';
    const before = words.slice(0, -1);
    const sub = tree.find((c) => before.includes(c.name));
    const filter = (list: string[]) => list.filter((c) => c.startsWith(current));
    if (!sub) return { candidates: filter(tree.map((c) => c.name)), directive: NO_FILES };
    const prev = before[before.length - 1] ?? '';
    const pass: string[] = [];
    before.forEach((w, i) => {
        if (SOURCE_FLAGS_WITH_VALUE.includes(w) && before[i + 1] !== undefined) pass.push(w, before[i + 1]!);
        if (SOURCE_FLAGS.includes(w)) pass.push(w);
    });
    const option = sub.options.find((o) => o.flags.includes(prev));
    if (option?.takesValue) {
        if (option.choices.length) return { candidates: filter(option.choices), directive: NO_FILES };
        if (option.dynamic === 'files') return { candidates: [], directive: FILES };
        if (option.dynamic) return { candidates: filter(await dynamic(option.dynamic, pass)), directive: NO_FILES };
        return { candidates: [], directive: NO_FILES };
    }
    if (current.startsWith('-')) return { candidates: filter(sub.options.flatMap((o) => o.flags)), directive: NO_FILES };
    if (sub.argument === 'services') return { candidates: filter(await dynamic('services', pass)), directive: NO_FILES };
    if (sub.argument === 'shells') return { candidates: filter(['bash', 'zsh', 'fish']), directive: NO_FILES };
    return { candidates: [], directive: NO_FILES };
}
