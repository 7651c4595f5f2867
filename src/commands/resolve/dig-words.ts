/**
 * resolve's positional words read the way dig reads its command line (BIND 9 bin/dig/dig.c parse_args, checked
 * against dig 9.18):
 * - `@SERVER` is a server to ask (= --server; dig's -p PORT gives the port of those written without one);
 * - a word that names a record type (the one table, core/dns/record-types.ts, any case) is a query type: before the
 *   first name it applies to every name without types of its own (as -t does), after a name to that name only;
 * - `+short`, `+tcp`, `+notcp` are dig's query options that map onto svcdig's (-o short, --tcp); any other `+word`
 *   is a usage error, as it is in dig 9.18 ("Invalid option");
 * - every other word is a name.
 * Unlike dig, a name followed by several type words is asked for each (as repeated -t asks each), not the last only.
 */
import { QUERY_TYPE_NAMES, recordTypeByName } from '../../core/dns/record-types.js';
import { usageError } from '../../errors.js';
import type { ResolveOptions } from './options.js';

/** A name as typed and the type words that follow it (empty: the types every name gets). */
export interface NamedQuery {
    name: string;
    types: string[];
}

export interface DigWords {
    queries: NamedQuery[];
    /** Type words before the first name: types for every name without its own. */
    leadingTypes: string[];
    /** `@SERVER` words, in order. */
    servers: string[];
    /** `+short` (true), `+tcp` / `+notcp` (true / false), when given. */
    short?: true;
    tcp?: boolean;
    /** Lower-case words read as types, which could as well be Service names (a note on stderr says how to write those). */
    ambiguous: { word: string; type: string }[];
}

/** dig's query options svcdig maps: the word → what it sets. */
const PLUS_WORDS: Readonly<Record<string, (w: DigWords) => void>> = {
    short: (w) => void (w.short = true),
    tcp: (w) => void (w.tcp = true),
    notcp: (w) => void (w.tcp = false),
};

export function readDigWords(words: string[]): DigWords {
    const out: DigWords = { queries: [], leadingTypes: [], servers: [], ambiguous: [] };
    for (const word of words) {
        if (word.startsWith('@')) {
            if (word.length === 1) throw usageError('"@" names no server: write @ADDRESS, e.g. @127.0.0.1 or @127.0.0.1:5353');
            out.servers.push(word.slice(1));
        } else if (word.startsWith('+')) {
            const set = PLUS_WORDS[word.slice(1).toLowerCase()];
            if (!set)
                throw usageError(
                    `unknown dig option "${word}": svcdig reads ${Object.keys(PLUS_WORDS)
                        .map((k) => `+${k}`)
                        .join(', ')}`,
                );
            set(out);
        } else if (recordTypeByName(word)) {
            const type = recordTypeByName(word)!.name;
            const current = out.queries[out.queries.length - 1];
            (current ? current.types : out.leadingTypes).push(type);
            // Service names are lower-case DNS labels, so only a lower-case type word could have meant a Service.
            if (word === word.toLowerCase()) out.ambiguous.push({ word, type });
        } else out.queries.push({ name: word, types: [] });
    }
    return out;
}

const asServiceName = (word: string) => `to resolve a Service named ${word}, write ${word}.NAMESPACE (e.g. ${word}.default)`;

/** The stderr notes for the ambiguous words. */
export function ambiguityNotes(words: DigWords): string[] {
    return words.ambiguous.map(({ word, type }) => `note: read "${word}" as the query type ${type}, as dig does; ${asServiceName(word)}`);
}

/** -t values: each may be a comma list (`-t A,AAAA`); every item must name a type. */
export function typeFlagList(values: string[] | undefined): string[] {
    const out: string[] = [];
    for (const value of values ?? []) {
        for (const item of value.split(',')) {
            const type = recordTypeByName(item.trim());
            if (!type) throw usageError(`-t ${value}: unknown record type "${item}" (try ${QUERY_TYPE_NAMES.join(', ')}, or TYPEnnn)`);
            out.push(type.name);
        }
    }
    return out;
}

/**
 * The options once the words are read: @SERVER words join --server (after its values), +tcp/+notcp set --tcp, +short
 * is -o short (given with another -o it is a usage error: two outputs asked for), leading type words join -t.
 */
export function optionsWithDigWords<O extends ResolveOptions>(words: DigWords, opts: O, outputGiven: boolean): O {
    const first = words.ambiguous[0];
    if (words.queries.length === 0 && opts.batch === undefined && first)
        throw usageError(`resolve needs a NAME: "${first.word}" was read as the query type ${first.type}, as dig reads it`, asServiceName(first.word));
    if (words.short && outputGiven && opts.output !== 'short') throw usageError(`+short prints answers only; it cannot be combined with -o ${opts.output}`);
    return {
        ...opts,
        type: [...typeFlagList(opts.type), ...words.leadingTypes],
        ...(words.servers.length ? { server: [...(opts.server ?? []), ...words.servers] } : {}),
        ...(words.tcp === undefined ? {} : { tcp: words.tcp }),
        ...(words.short ? { output: 'short' } : {}),
    };
}

/** The `+word`s resolve reads, as typed (for completion). */
export const DIG_QUERY_OPTIONS: readonly string[] = Object.keys(PLUS_WORDS).map((k) => `+${k}`);
