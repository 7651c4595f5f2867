import type { Command, Option } from 'commander';

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
}

const DYNAMIC: Record<string, CompletionOption['dynamic']> = {
    '--namespace': 'namespaces',
    '--context': 'contexts',
    '--pod': 'pods',
    '--from-file': 'files',
    '--kubeconfig': 'files',
    '--batch': 'files',
};

function optionFacts(o: Option): CompletionOption {
    const flags = [o.short, o.long].filter((f): f is string => !!f);
    const dynamic = o.long ? DYNAMIC[o.long] : undefined;
    return {
        flags,
        takesValue: o.required || o.optional,
        choices: o.argChoices ?? [],
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
            };
        });
}
