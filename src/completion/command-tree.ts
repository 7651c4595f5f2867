import type { Command, Option } from 'commander';
import { QUERY_TYPE_NAMES } from '../core/dns/record-types.js';
import { DIG_QUERY_OPTIONS } from '../commands/resolve/dig-words.js';

/** The facts completions need, read from commander's public command tree. */
export interface CompletionOption {
    flags: string[];
    takesValue: boolean;
    choices: string[];
    /** Dynamic values asked from `svcdig __complete <kind>`. */
    dynamic?: 'namespaces' | 'services' | 'pods' | 'contexts' | 'files';
    description: string;
}

export interface CompletionCommand {
    name: string;
    description: string;
    options: CompletionOption[];
    /** Dynamic kind of the first positional argument. */
    argument?: 'services' | 'shells' | 'names';
    /** Does the command take more than one positional word (check's Services), or one (explain's Service)? */
    variadic?: boolean;
}

const DYNAMIC: Record<string, CompletionOption['dynamic']> = {
    '--namespace': 'namespaces',
    '--context': 'contexts',
    '--pod': 'pods',
    '--as-pod': 'pods',
    '--from-file': 'files',
    '--kubeconfig': 'files',
    '--batch': 'files',
};

/** Fixed values of options that take any text but have usual ones: -t offers the record types of the one table. */
const VALUES: Record<string, readonly string[]> = {
    '--type': QUERY_TYPE_NAMES,
};

/**
 * The flags whose values (or presence) change where names come from: the generated scripts pass them, as typed
 * before the word being completed, to `svcdig __complete KIND`.
 */
export const SOURCE_FLAGS_WITH_VALUE = ['-n', '--namespace', '--context', '--kubeconfig', '--cluster', '--user', '-f', '--from-file'];
export const SOURCE_FLAGS = ['--demo', '-A', '--all-namespaces', '-R', '--recursive'];

/** SOURCE_FLAGS_WITH_VALUE written with their value in the same word (`--namespace=kube-system`, `-n=kube-system`). */
export const SOURCE_FLAGS_WITH_EQUALS = SOURCE_FLAGS_WITH_VALUE.map((f) => `${f}=*`);

/**
 * resolve's dig-style words (commands/resolve/dig-words.ts): a word that starts with `+` is one of dig's query
 * options; any other word after the command may be a record type of the one table.
 */
export const RESOLVE_WORDS = { plus: DIG_QUERY_OPTIONS, types: QUERY_TYPE_NAMES };

/**
 * Every command's flags as one list, for the words before the command (commands/common/leading-flags.ts moves them
 * after it). A flag means the same in every command; its fixed values (-o's formats) are those of any command.
 */
export function globalOptions(tree: CompletionCommand[]): CompletionOption[] {
    const byFlag = new Map<string, CompletionOption>();
    for (const o of tree.flatMap((c) => c.options)) {
        const key = o.flags.join(' ');
        const seen = byFlag.get(key);
        byFlag.set(key, seen ? { ...seen, choices: [...new Set([...seen.choices, ...o.choices])] } : o);
    }
    return [...byFlag.values()];
}

function optionFacts(o: Option): CompletionOption {
    const flags = [o.short, o.long].filter((f): f is string => !!f);
    const dynamic = o.long ? DYNAMIC[o.long] : undefined;
    return {
        flags,
        takesValue: o.required || o.optional,
        choices: o.argChoices ?? [...((o.long && VALUES[o.long]) || [])],
        ...(dynamic ? { dynamic } : {}),
        description: o.description,
    };
}

export function completionTree(program: Command): CompletionCommand[] {
    const argumentKind: Record<string, CompletionCommand['argument']> = { explain: 'services', completion: 'shells', resolve: 'names', check: 'services' };
    return program.commands
        .filter((c) => !c.name().startsWith('__'))
        .map((c) => {
            const kind = argumentKind[c.name()];
            return {
                name: c.name(),
                description: c.description(),
                options: c.options.map(optionFacts),
                ...(kind ? { argument: kind } : {}),
                ...(c.registeredArguments[0]?.variadic ? { variadic: true } : {}),
            };
        });
}
