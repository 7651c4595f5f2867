/**
 * One line typed into `svcdig shell`, read into what it asks for. Pure: values that need more than the line (a
 * duration, a server address, whether a namespace exists) are checked where the session applies them.
 * nslookup's syntax (nslookup(1)): `set KEYWORD[=VALUE]` with its keywords and their short forms (q, ty, do, ret,
 * ti), keywords case-insensitive; a line that is no verb is a name to look up, optionally followed by a server.
 */
import { QUERY_TYPE_NAMES, recordTypeByName } from '../dns/record-types.js';
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

/** nslookup's keywords and the short forms it accepts, to svcdig's names. */
const KEYWORDS: Record<string, string> = {
    all: 'all',
    type: 'type',
    ty: 'type',
    querytype: 'type',
    q: 'type',
    domain: 'domain',
    do: 'domain',
    search: 'search',
    srchlist: 'search',
    ndots: 'ndots',
    vc: 'vc',
    novc: 'novc',
    timeout: 'timeout',
    ti: 'timeout',
    retry: 'retry',
    ret: 'retry',
    port: 'port',
    debug: 'debug',
    deb: 'debug',
    nodebug: 'nodebug',
    nodeb: 'nodebug',
    namespace: 'namespace',
};

const FLAGS: Record<string, SettingChange> = { vc: { vc: true }, novc: { vc: false }, debug: { debug: true }, nodebug: { debug: false } };

function parseSet(arg: string): ShellCommand {
    const eq = arg.indexOf('=');
    const typed = (eq === -1 ? arg : arg.slice(0, eq)).toLowerCase();
    const value = eq === -1 ? undefined : arg.slice(eq + 1);
    const key = KEYWORDS[typed];
    if (!key) return error(`unknown set keyword "${typed}" (set all shows them; help lists the verbs)`);
    if (key === 'all') return value === undefined ? { kind: 'show-settings' } : error('set all takes no value');
    const flag = FLAGS[key];
    if (flag) return value === undefined ? change(flag) : error(`set ${key} takes no value`);
    if (value === undefined) return error(`set ${key} needs a value: set ${key}=VALUE`);
    return parseSetValue(key, value);
}

function parseSetValue(key: string, value: string): ShellCommand {
    switch (key) {
        case 'type': {
            const t = recordTypeByName(value);
            return t ? change({ type: t.name }) : error(`unknown record type "${value}" (try ${QUERY_TYPE_NAMES.join(', ')}, or TYPEnnn)`);
        }
        case 'domain':
        case 'search':
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
