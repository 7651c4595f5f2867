/**
 * Tab completion of a session line from what the session holds: the verbs, `set` keywords and their values, and the
 * names of the cached cluster. Returns readline's completer answer: the candidates and the part of the line they
 * replace (the word being typed).
 */
import { QUERY_TYPE_NAMES } from '../dns/record-types.js';
import { SET_KEYWORDS, SHELL_VERB_WORDS } from './verbs.js';

/** The cluster's names as the session holds them. */
export interface CompletionNames {
    namespace: string;
    namespaces: string[];
    /** [namespace, name] of every Service. */
    services: [string, string][];
    /** [namespace, name] of every pod. */
    pods: [string, string][];
    /** [namespace, HOSTNAME.SUBDOMAIN] of the pods that have a DNS name of their own (a StatefulSet's web-0.nginx). */
    podNames: [string, string][];
}

const TYPE_KEYS = ['type=', 'querytype=', 'q=', 'ty='];

export function completeShellLine(line: string, names: CompletionNames): [string[], string] {
    const words = line.split(/\s+/);
    const word = words.at(-1) ?? '';
    const verb = words.length > 1 ? words[0]!.toLowerCase() : undefined;
    const offered = verb === undefined ? firstWords(names) : argumentsOf(verb, word, names);
    const hits = [...new Set(offered)].filter((c) => c.toLowerCase().startsWith(word.toLowerCase())).sort();
    return [hits, word];
}

/** A line's first word: a verb, or a name to look up as a pod of the namespace types it (NAME.NAMESPACE for the others). */
function firstWords(names: CompletionNames): string[] {
    const relative = ([ns, name]: [string, string]) => (ns === names.namespace ? name : `${name}.${ns}`);
    return [...SHELL_VERB_WORDS, ...names.services.map(relative), ...names.podNames.map(relative)];
}

function argumentsOf(verb: string, word: string, names: CompletionNames): string[] {
    const here = (list: [string, string][]) => list.filter(([ns]) => ns === names.namespace).map(([, name]) => name);
    switch (verb) {
        case 'set':
            return setArgument(word, names);
        case 'ns':
            return names.namespaces;
        case 'stub':
            return ['glibc', 'musl'];
        case 'via':
            return ['auto', 'direct', 'port-forward'];
        case 'expected-only':
            return ['on', 'off'];
        case 'as-pod':
            return ['off', ...names.pods.map(([ns, name]) => `${ns}/${name}`)];
        case 'explain':
        case 'check':
            return here(names.services);
        case 'env':
            return here(names.pods);
        default:
            return [];
    }
}

function setArgument(word: string, names: CompletionNames): string[] {
    const eq = word.indexOf('=');
    if (eq === -1) return [...SET_KEYWORDS];
    const key = word.slice(0, eq + 1).toLowerCase();
    if (TYPE_KEYS.includes(key)) return QUERY_TYPE_NAMES.map((t) => `${word.slice(0, eq + 1)}${t}`);
    if (key === 'namespace=') return names.namespaces.map((n) => `${word.slice(0, eq + 1)}${n}`);
    return [];
}
