/**
 * One line typed into `svcdig shell`, read into what it asks for. Pure: values that need more than the line (a
 * duration, a server address, whether a namespace exists) are checked where the session applies them.
 * nslookup's syntax (nslookup(1)): `set KEYWORD[=VALUE]` with its keywords and their short forms (q, ty, do, ret,
 * ti), keywords case-insensitive; a line that is no verb is a name to look up, optionally followed by a server.
 */
import { recordTypeByName, unknownTypeMessage } from '../dns/record-types.js';
import { invalidNamespaceReason, invalidZoneReason } from '../name-rules.js';
import type { SettingChange } from './settings.js';

export type ShellCommand =
    | { kind: 'nothing' }
    | { kind: 'error'; message: string }
    | { kind: 'change'; change: SettingChange }
    | { kind: 'show-settings' }
    | { kind: 'show-server' }
    | { kind: 'initial-server' }
    | { kind: 'lookup'; name: string; server?: string }
    | { kind: 'explain'; service: string }
    | { kind: 'env'; pod?: string }
    | { kind: 'check'; services: string[] }
    | { kind: 'help' }
    | { kind: 'ignored'; note: string }
    | { kind: 'exit' };

const error = (message: string): ShellCommand => ({ kind: 'error', message });
const change = (c: SettingChange): ShellCommand => ({ kind: 'change', change: c });

/**
 * `#` starts a comment at the start of a line or after a blank, as in sh(1): `server 127.0.0.1#5353`, the HOST#PORT
 * form `server` itself prints (nslookup's and dig's notation), keeps its port.
 */
export function withoutComment(line: string): string {
    return line.replace(/(^|\s)#.*$/, '');
}

/** A server as HOST, HOST:PORT, [IPv6]:PORT or nslookup's HOST#PORT (dig's @HOST#PORT too), to svcdig's HOST:PORT form. */
export function serverFromTyped(typed: string): string {
    const hash = /^(.*)#([^#]*)$/.exec(typed);
    if (!hash) return typed;
    const host = hash[1]!;
    return host.includes(':') && !host.startsWith('[') ? `[${host}]:${hash[2]}` : `${host}:${hash[2]}`;
}

export function parseShellLine(line: string): ShellCommand {
    const words = withoutComment(line).trim().split(/\s+/).filter(Boolean);
    const [verb, ...args] = words;
    if (verb === undefined) return { kind: 'nothing' };
    // nslookup(1): "To treat a built-in command as a host name, precede it with an escape character (\\)"
    if (verb.startsWith('\\') && verb.length > 1) return lookup(verb.slice(1), args);
    const one = (what: string, then: (arg: string) => ShellCommand): ShellCommand =>
        args.length === 1 ? then(args[0]!) : error(`${verb} takes one ${what}, e.g. ${verb} ${EXAMPLES[verb] ?? what}`);
    switch (verb.toLowerCase()) {
        case 'exit':
        case 'quit':
            return args.length ? error(`${verb} takes nothing`) : { kind: 'exit' };
        case 'help':
        case '?':
            return { kind: 'help' };
        case 'server':
        case 'lserver':
            if (args.length === 0) return { kind: verb.toLowerCase() === 'server' ? 'show-server' : 'initial-server' };
            return one('HOST[:PORT]', (host) => change({ server: serverFromTyped(host) }));
        case 'set':
            return args.length === 1 ? parseSet(args[0]!) : error('set takes one KEYWORD[=VALUE], e.g. set type=SRV (set all shows them)');
        case 'ns':
            return one('namespace', (ns) => namespaceChange(ns));
        case 'stub':
            return one('of glibc, musl', (s) => (s === 'glibc' || s === 'musl' ? change({ stub: s }) : error(`stub is glibc or musl, got "${s}"`)));
        case 'as-pod':
            return one('NS/POD (or off)', (p) => change({ asPod: p === 'off' || p === '-' ? null : p }));
        case 'via':
            return one('of auto, direct, port-forward', (v) =>
                v === 'auto' || v === 'direct' || v === 'port-forward' ? change({ via: v }) : error(`via is auto, direct or port-forward, got "${v}"`),
            );
        case 'expected-only':
            return one('of on, off', (v) =>
                v === 'on' || v === 'off' ? change({ expectedOnly: v === 'on' }) : error(`expected-only is on or off, got "${v}"`),
            );
        case 'explain':
            return one('SERVICE', (service) => ({ kind: 'explain', service }));
        case 'env':
            return args.length > 1 ? error('env takes at most one POD') : { kind: 'env', ...(args[0] ? { pod: args[0] } : {}) };
        case 'check':
            return { kind: 'check', services: args };
        default:
            return lookup(verb, args);
    }
}

function lookup(name: string, args: string[]): ShellCommand {
    if (args.length > 1) return error(`unknown command "${name}" (help lists them); a name takes at most one SERVER after it`);
    return { kind: 'lookup', name, ...(args[0] ? { server: serverFromTyped(args[0]) } : {}) };
}

const EXAMPLES: Record<string, string> = { server: '10.96.0.10', lserver: '127.0.0.1:5353', ns: 'kube-system', 'as-pod': 'default/web-0', explain: 'nginx' };

/**
 * nslookup's keywords (bin/dig/nslookup.c setoption), each with the fewest letters it may be shortened to: as in
 * nslookup, any prefix at least that long names it (`set q=`, `set qu=`, `set query=` are querytype), any case.
 * `namespace` is svcdig's own; `search=A/B` is svcdig's too (nslookup's `search` is only the flag).
 */
const KEYWORDS: readonly { word: string; min: number; key: string }[] = [
    { word: 'all', min: 3, key: 'all' },
    { word: 'class', min: 2, key: 'class' },
    { word: 'd2', min: 2, key: 'd2' },
    { word: 'nod2', min: 4, key: 'd2' },
    { word: 'debug', min: 3, key: 'debug' },
    { word: 'nodebug', min: 5, key: 'nodebug' },
    { word: 'defname', min: 3, key: 'defname' },
    { word: 'nodefname', min: 5, key: 'defname' },
    { word: 'domain', min: 2, key: 'domain' },
    { word: 'fail', min: 4, key: 'fail' },
    { word: 'nofail', min: 6, key: 'fail' },
    { word: 'ndots', min: 2, key: 'ndots' },
    { word: 'port', min: 2, key: 'port' },
    { word: 'querytype', min: 1, key: 'type' },
    { word: 'type', min: 2, key: 'type' },
    { word: 'recurse', min: 3, key: 'recurse' },
    { word: 'norecurse', min: 5, key: 'recurse' },
    { word: 'retry', min: 3, key: 'retry' },
    { word: 'search', min: 3, key: 'search' },
    { word: 'nosearch', min: 5, key: 'nosearch' },
    { word: 'srchlist', min: 2, key: 'srchlist' },
    { word: 'timeout', min: 2, key: 'timeout' },
    { word: 'vc', min: 2, key: 'vc' },
    { word: 'novc', min: 4, key: 'novc' },
    { word: 'namespace', min: 3, key: 'namespace' },
];

const FLAGS: Record<string, SettingChange> = {
    vc: { vc: true },
    novc: { vc: false },
    debug: { debug: true },
    nodebug: { debug: false },
    nosearch: { search: [] },
};

/**
 * nslookup options that change nothing svcdig asks: accepted (a pasted nslookup script goes on) with why. svcdig asks
 * as a pod's stub resolver does: RD set, class IN, every search-list candidate in turn.
 */
const NO_EFFECT: Record<string, string> = {
    recurse: "svcdig sets RD as a pod's stub resolver does; CoreDNS answers cluster names either way",
    d2: 'set debug shows the exchanges svcdig has',
    defname: 'the search list decides (set search, set nosearch, set srchlist=)',
    fail: "every search-list candidate is asked in turn, as the pod's stub resolver asks them",
};

function keywordOf(typed: string): { word: string; key: string } | string {
    const exact = KEYWORDS.find((k) => k.word === typed);
    if (exact) return exact;
    const hits = KEYWORDS.filter((k) => typed.length >= k.min && k.word.startsWith(typed));
    if (hits.length === 1) return hits[0]!;
    const known = KEYWORDS.map((k) => k.word).join(', ');
    return hits.length > 1
        ? `set ${typed} is short for more than one keyword (${hits.map((h) => h.word).join(', ')})`
        : `unknown set keyword "${typed}" (the keywords: ${known})`;
}

function parseSet(arg: string): ShellCommand {
    const eq = arg.indexOf('=');
    const typed = (eq === -1 ? arg : arg.slice(0, eq)).toLowerCase();
    const value = eq === -1 ? undefined : arg.slice(eq + 1);
    const found = keywordOf(typed);
    if (typeof found === 'string') return error(found);
    const { word, key } = found;
    if (key === 'all') return value === undefined ? { kind: 'show-settings' } : error('set all takes no value');
    if (key === 'class')
        return value?.toUpperCase() === 'IN'
            ? { kind: 'ignored', note: `set ${word}=IN: every query svcdig sends is class IN` }
            : error(`set class takes IN only (the class CoreDNS's kubernetes plugin serves), got "${value ?? ''}"`);
    const why = NO_EFFECT[key];
    if (why) return value === undefined ? { kind: 'ignored', note: `set ${word} changes nothing here: ${why}` } : error(`set ${word} takes no value`);
    // nslookup's search is a flag: on, the search list is used (the pod's, unless srchlist= gave one)
    if (key === 'search' && value === undefined) return change({ search: null });
    const flag = FLAGS[key];
    if (flag) return value === undefined ? change(flag) : error(`set ${word} takes no value`);
    if (value === undefined) return error(`set ${word} needs a value: set ${word}=VALUE`);
    return parseSetValue(key, value);
}

function parseSetValue(key: string, value: string): ShellCommand {
    switch (key) {
        case 'type': {
            const t = recordTypeByName(value);
            return t ? change({ type: t.name }) : error(unknownTypeMessage(value));
        }
        case 'domain':
        case 'search':
        case 'srchlist':
            return searchChange(key, value);
        case 'ndots':
            // glibc caps ndots at 15 (resolv/res_init.c); kubelet passes the pod's value through.
            return /^\d{1,2}$/.test(value) && Number(value) <= 15
                ? change({ ndots: Number(value) })
                : error(`ndots is a whole number from 0 to 15, got "${value}"`);
        case 'retry':
            return /^\d{1,2}$/.test(value) && Number(value) <= 10
                ? change({ retry: Number(value) })
                : error(`retry is a whole number from 0 to 10, got "${value}"`);
        case 'port':
            return /^\d{1,5}$/.test(value) && Number(value) >= 1 && Number(value) <= 65535
                ? change({ port: Number(value) })
                : error(`port is a number from 1 to 65535, got "${value}"`);
        case 'timeout':
            return change({ timeout: value });
        default:
            return namespaceChange(value);
    }
}

/** `set search=` (empty) goes back to the pod's search list; `domain=D` makes the list that one domain, as nslookup does. */
function searchChange(key: string, value: string): ShellCommand {
    if (value === '') return change({ search: null });
    const domains = key === 'domain' ? [value] : value.split('/').filter(Boolean);
    for (const d of domains) {
        const why = invalidZoneReason(d);
        if (why) return error(`invalid search domain "${d}": ${why}`);
    }
    return change({ search: domains.map((d) => d.replace(/\.$/, '')) });
}

function namespaceChange(ns: string): ShellCommand {
    const why = invalidNamespaceReason(ns);
    return why ? error(`invalid namespace "${ns}": ${why}`) : change({ namespace: ns });
}
