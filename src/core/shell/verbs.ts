/**
 * The verbs of `svcdig shell`, once: help prints this table, tab completion offers the verbs, the README shows it.
 * The nslookup ones keep nslookup's meaning (ISC BIND 9, bin/dig/nslookup.c and its manual page nslookup(1)).
 */
export interface ShellVerb {
    /** What is typed, with its arguments. */
    usage: string;
    meaning: string;
}

export const SHELL_VERBS: readonly ShellVerb[] = [
    { usage: 'NAME [SERVER]', meaning: 'the resolve view of NAME (an IP address: its PTR) for the current type; SERVER for this line only' },
    { usage: 'server [HOST[:PORT]]', meaning: 'ask HOST from now on (without HOST: show the server asked)' },
    { usage: 'lserver [HOST[:PORT]]', meaning: 'as server; without HOST: back to the server the session started with' },
    { usage: 'set type=T', meaning: 'record type of the next names (also set querytype=T, set q=T): A, AAAA, SRV, PTR, ANY…' },
    { usage: 'set domain=D | set search=A/B', meaning: "the search list (domain= makes it that one domain); set search= restores the pod's" },
    { usage: 'set ndots=N', meaning: 'names with fewer than N dots go through the search list first' },
    { usage: 'set vc | set novc', meaning: 'ask over TCP (a virtual circuit) or UDP' },
    { usage: 'set timeout=DURATION | set retry=N', meaning: 'per-query timeout (5 = 5s, 500ms) and retries per server' },
    { usage: 'set debug | set nodebug', meaning: 'show every DNS exchange (the dig view) or the table' },
    { usage: 'set all', meaning: 'show the settings' },
    { usage: 'ns NAME | set namespace=NAME', meaning: 'the namespace names are resolved from' },
    { usage: 'stub glibc|musl', meaning: 'whose search-list rules to follow' },
    { usage: 'as-pod NS/POD | as-pod off', meaning: 'resolve exactly as that pod does (its resolv.conf)' },
    { usage: 'explain SVC', meaning: 'the explain view of a Service in the namespace' },
    { usage: 'env [POD]', meaning: 'the Service environment variables of the namespace (or of POD)' },
    { usage: 'check [SVC…]', meaning: 'check every Service of the namespace (or those named)' },
    { usage: 'via auto|direct|port-forward', meaning: 'how to reach the cluster DNS' },
    { usage: 'expected-only on|off', meaning: 'only compute the expected records; ask no DNS server' },
    { usage: 'help', meaning: 'this table' },
    { usage: 'exit', meaning: 'end the session (Ctrl-D too)' },
];

/** The words a line can start with (for tab completion). */
export const SHELL_VERB_WORDS: readonly string[] = [
    'server',
    'lserver',
    'set',
    'ns',
    'stub',
    'as-pod',
    'explain',
    'env',
    'check',
    'via',
    'expected-only',
    'help',
    'exit',
];

/** The keywords of `set` (for tab completion), as nslookup spells them, with svcdig's namespace. */
export const SET_KEYWORDS: readonly string[] = [
    'all',
    'type=',
    'querytype=',
    'domain=',
    'search=',
    'nosearch',
    'srchlist=',
    'ndots=',
    'vc',
    'novc',
    'timeout=',
    'retry=',
    'port=',
    'debug',
    'nodebug',
    'namespace=',
];

/** The verb table as help prints it: two columns. */
export function verbTable(): string {
    const width = Math.max(...SHELL_VERBS.map((v) => v.usage.length));
    return SHELL_VERBS.map((v) => `  ${v.usage.padEnd(width)}  ${v.meaning}`).join('\n') + '\n';
}
