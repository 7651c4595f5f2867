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
    { usage: 'NAME [SERVER]', meaning: 'the resolve view of NAME for the current type (an IP address: always its PTR); SERVER for this line only' },
    { usage: '\\NAME', meaning: 'NAME even when it is a verb (\\server asks for the name "server")' },
    { usage: 'server [HOST[:PORT]]', meaning: "ask HOST from now on (HOST#PORT too; a Service's NAME.NS: its ClusterIP); without HOST: show it" },
    { usage: 'lserver [HOST[:PORT]]', meaning: 'as server; without HOST: back to the server the session started with' },
    { usage: 'set type=T', meaning: 'record type of the next names (also set querytype=T, set q=T): A, AAAA, SRV, PTR, ANY…' },
    { usage: 'set domain=D | set search=A/B', meaning: "the search list (domain= makes it that one domain); set search= restores the pod's" },
    { usage: 'set nosearch | set search', meaning: 'names are asked as typed, or through the search list again' },
    { usage: 'set ndots=N', meaning: 'names with fewer than N dots go through the search list first' },
    { usage: 'set vc | set novc', meaning: 'ask over TCP (a virtual circuit) or UDP' },
    { usage: 'set timeout=DURATION | set retry=N', meaning: "per-query timeout (5 = 5s, 500ms); retries after the first try (nslookup's retry counts tries)" },
    { usage: 'set debug | set nodebug', meaning: 'with the verdict, every query of the walk and the deciding exchange as dig prints it; or not' },
    { usage: 'set all', meaning: 'show the settings' },
    { usage: 'ns NAME | set namespace=NAME', meaning: 'the namespace names are resolved from' },
    { usage: 'stub glibc|musl', meaning: 'whose search-list rules to follow' },
    { usage: 'as-pod NS/POD | as-pod off', meaning: 'resolve exactly as that pod does (its resolv.conf); checked when typed' },
    { usage: 'explain SVC', meaning: 'the explain view of a Service in the namespace (NS/SVC: in NS)' },
    { usage: 'env [POD]', meaning: 'the Service environment variables of the namespace (or of POD)' },
    { usage: 'check [SVC…]', meaning: 'check every Service of the namespace (or those named)' },
    { usage: 'via auto|direct|port-forward', meaning: 'how to reach the cluster DNS' },
    { usage: 'expected-only on|off', meaning: 'only compute the expected records; ask no DNS server' },
    { usage: 'help', meaning: 'this table' },
    { usage: 'exit', meaning: 'end the session (Ctrl-D too; during a line: once it is answered)' },
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
