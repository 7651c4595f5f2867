/**
 * resolve's positional words read the way dig reads its command line (BIND 9 bin/dig/dig.c parse_args, checked
 * against dig 9.18):
 * - `@SERVER` is a server to ask (= --server; dig's -p PORT gives the port of those written without one);
 * - a word that names a record type (the one table, core/dns/record-types.ts, any case) is a query type: before the
 *   first name it applies to every name without types of its own (as -t does), after a name to that name only;
 * - a word that names a class (IN, CH, HS, CLASSn, any case; dig tries a type first, so ANY is the type) is the query
 *   class: IN (CLASS1) is what svcdig asks anyway; any other class is a usage error, since the cluster DNS holds
 *   class IN records only (Kubernetes DNS-Based Service Discovery spec, github.com/kubernetes/dns docs/specification.md);
 * - `+short`, `+tcp`, `+notcp` are dig's query options that map onto svcdig's (-o short, --tcp); any other `+word`
 *   is a usage error, as it is in dig 9.18 ("Invalid option"); of --tcp, +tcp and +notcp the last one wins, as in dig;
 * - every other word is a name.
 * Unlike dig, a name followed by several type words is asked for each (as repeated -t asks each), not the last only.
 * --batch lines are read by the same reader (dig -f reads each line as a command line), one line at a time.
 */
import { isIP } from 'node:net';
import { recordTypeByName, unknownTypeMessage } from '../../core/dns/record-types.js';
import { SvcdigError, usageError } from '../../errors.js';
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
    /**
     * Lower-case words read as types or as the class IN, which could as well be Service names (a note on stderr says
     * how to write those); `reading`: what the word was read as (`the query type SRV`, `the class IN`).
     */
    ambiguous: { word: string; reading: string }[];
}

/** dig's class mnemonics (BIND lib/dns/rcode.c, the class table; RFC 1035 §3.2.4, RFC 2136 §1 for NONE). */
const CLASS_NAMES = new Set(['IN', 'CH', 'CHAOS', 'HS', 'HESIOD', 'NONE']);
const GENERIC_CLASS = /^CLASS(\d+)$/;

/** A class word: true for IN (the class svcdig asks), a usage error for any other class; false for a word that is no class. */
function isClassIn(word: string): boolean {
    const upper = word.toUpperCase();
    const code = GENERIC_CLASS.exec(upper)?.[1];
    if (!CLASS_NAMES.has(upper) && code === undefined) return false;
    if (upper === 'IN' || (code !== undefined && Number(code) === 1)) return true;
    throw usageError(`"${word}" is a DNS class: the cluster DNS answers class IN only (IN may be written, as dig takes it)`);
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
        } else if (/^TYPE\d+$/i.test(word) && !recordTypeByName(word)) {
            throw usageError(unknownTypeMessage(word));
        } else if (recordTypeByName(word)) {
            const type = recordTypeByName(word)!.name;
            const current = out.queries[out.queries.length - 1];
            (current ? current.types : out.leadingTypes).push(type);
            // Service names are lower-case DNS labels, so only a lower-case type word could have meant a Service.
            if (word === word.toLowerCase()) out.ambiguous.push({ word, reading: `the query type ${type}` });
        } else if (isClassIn(word)) {
            if (word === word.toLowerCase()) out.ambiguous.push({ word, reading: 'the class IN' });
        } else out.queries.push({ name: word, types: [] });
    }
    return out;
}

/**
 * The queries of a --batch file (`-` or a path; # and ; start comments): each line read by readDigWords, as dig -f
 * reads each line as a command line. A type word before the line's first name is that line's; names without a
 * type get the command's (-t). Options that apply to the whole run (@SERVER, +short, +tcp) are refused on a line:
 * svcdig asks one set of servers and prints one output per run.
 */
export function batchQueries(text: string): { line: number; query: NamedQuery }[] {
    const out: { line: number; query: NamedQuery }[] = [];
    text.split(/\r?\n/).forEach((raw, i) => {
        const words = raw
            .replace(/[#;].*$/, '')
            .trim()
            .split(/\s+/)
            .filter(Boolean);
        if (words.length === 0) return;
        const where = `--batch line ${i + 1}`;
        let read: DigWords;
        try {
            read = readDigWords(words);
        } catch (err) {
            throw err instanceof SvcdigError ? usageError(`${where}: ${err.message}`, err.hint) : err;
        }
        const runWide = [
            ...read.servers.map((s) => `@${s}`),
            ...(read.short ? ['+short'] : []),
            ...(read.tcp === undefined ? [] : [read.tcp ? '+tcp' : '+notcp']),
        ];
        if (runWide.length > 0) throw usageError(`${where}: ${runWide.join(' ')} applies to the whole run, not one line: give it on the command line`);
        if (read.queries.length === 0) throw usageError(`${where}: no NAME in "${words.join(' ')}"`);
        for (const q of read.queries) out.push({ line: i + 1, query: { name: q.name, types: q.types.length > 0 ? q.types : read.leadingTypes } });
    });
    return out;
}

const asServiceName = (word: string) => `to resolve a Service named ${word}, write ${word}.NAMESPACE (e.g. ${word}.default)`;

/** The stderr notes for the ambiguous words. */
export function ambiguityNotes(words: DigWords): string[] {
    return words.ambiguous.map(({ word, reading }) => `note: read "${word}" as ${reading}, as dig does; ${asServiceName(word)}`);
}

/**
 * nslookup's way to give the type on its command line, `-type=T`, `-querytype=T` (abbreviated `-query=T`, `-q=T`),
 * read as `-t T` (nslookup(1), "set querytype": every `set` keyword can be given as `-keyword=value`); commander would
 * read `-type=SRV` as `-t` with the value `ype=SRV`. Words after `--` are names.
 */
export function nslookupTypeFlags(argv: readonly string[]): string[] {
    const end = argv.indexOf('--');
    return argv.flatMap((word, i) => {
        const typed = end !== -1 && i > end ? null : /^-(?:type|querytype|query|q)=(.*)$/is.exec(word);
        return typed ? ['-t', typed[1]!] : [word];
    });
}

/** -t values: each may be a comma list (`-t A,AAAA`); every item must name a type. */
export function typeFlagList(values: string[] | undefined): string[] {
    const out: string[] = [];
    for (const value of values ?? []) {
        for (const item of value.split(',')) {
            const type = recordTypeByName(item.trim());
            if (!type) throw usageError(`-t ${value}: ${unknownTypeMessage(item)}`);
            out.push(type.name);
        }
    }
    return out;
}

/**
 * dig's `-x ADDR`: the PTR of ADDR (svcdig reads a bare address that way too, run.ts parseQueries); anything but an IP
 * address is a usage error, as dig refuses it.
 */
export function reverseQueries(addresses: string[] | undefined): NamedQuery[] {
    return (addresses ?? []).map((address) => {
        if (!isIP(address)) throw usageError(`-x takes an IP address (its PTR is asked, as dig -x asks it), got "${address}"`);
        return { name: address, types: ['PTR'] };
    });
}

/**
 * Of --tcp, +tcp and +notcp on one command line, the last one (dig applies its options in order); undefined when none
 * is given. `argv` is the command line as typed (commander keeps flags and words apart, losing their order).
 */
export function lastTransportWord(argv: readonly string[]): boolean | undefined {
    let tcp: boolean | undefined;
    for (const arg of argv) {
        if (arg === '--') break;
        const word = arg.toLowerCase();
        if (word === '--tcp' || word === '+tcp') tcp = true;
        else if (word === '+notcp') tcp = false;
    }
    return tcp;
}

/**
 * The options once the words are read: @SERVER words join --server (after its values), +tcp/+notcp set --tcp, +short
 * is -o short (given with another -o it is a usage error: two outputs asked for), leading type words join -t.
 */
export function optionsWithDigWords<O extends ResolveOptions>(words: DigWords, opts: O, outputGiven: boolean): O {
    const first = words.ambiguous[0];
    if (words.queries.length === 0 && opts.batch === undefined && first)
        throw usageError(`resolve needs a NAME: "${first.word}" was read as ${first.reading}, as dig reads it`, asServiceName(first.word));
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
