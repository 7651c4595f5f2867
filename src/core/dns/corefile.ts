import { kubeadmDefaultDnsConfig, PODS_MODES, type DnsConfig, type PodsMode, type ServerBlock } from './dns-config.js';

/**
 * Reads a CoreDNS Corefile (Caddyfile syntax: server blocks `ZONES { directive args { options } }`, `#` comments,
 * quoted tokens, `(snippets)` and `import`) and returns the `kubernetes` plugin's settings as a DnsConfig.
 * Unknown plugins and options are kept in `notes`, never fatal. Source: CoreDNS plugin/kubernetes/setup.go and README.
 * The other server blocks on the kubernetes block's listener (stub domains such as `acme.local:53 { forward . … }`)
 * are kept as `serverBlocks`, which route each name to the block that serves it (dns/server-blocks.ts).
 */
export function parseCorefile(text: string): DnsConfig {
    const tokens = tokenize(text);
    // The block reader recurses per `{`: thousands of them would overflow the stack. Real Corefiles nest 3 deep.
    if (blockDepth(tokens) > MAX_BLOCK_DEPTH) {
        return kubeadmDefaultsBecause(
            `the Corefile nests blocks deeper than ${MAX_BLOCK_DEPTH} levels (not a Corefile CoreDNS would serve); assuming kubeadm defaults`,
        );
    }
    const blocks = parseServerBlocks(tokens);
    const notes: string[] = [];
    const withK8s = blocks.find((b) => b.directives.some((d) => d.name === 'kubernetes'));
    if (!withK8s) {
        return kubeadmDefaultsBecause(
            'the Corefile has no kubernetes plugin: the cluster DNS serves no Service names; assuming kubeadm defaults for expectations',
        );
    }
    const k8s = withK8s.directives.find((d) => d.name === 'kubernetes')!;
    const { zones, reverseZones } = kubernetesZones(k8s.args.length > 0 ? k8s.args : withK8s.keys.map((k) => parseKey(k).zone), notes);
    const config: DnsConfig = {
        zones: zones.length > 0 ? zones : ['cluster.local'],
        reverseZones,
        ttl: 5,
        podsMode: 'disabled',
        namespaces: [],
        endpointPodNames: false,
        ignoreEmptyService: false,
        noEndpoints: false,
        fallthrough: null,
        notes,
        source: 'corefile',
        plugins: withK8s.directives.map((d) => d.name),
        serverBlocks: listenerBlocks(blocks, withK8s, notes),
    };
    if (zones.length === 0) notes.push('the kubernetes plugin has no forward zone; assuming cluster.local');
    for (const opt of k8s.block ?? []) applyKubernetesOption(config, opt, notes);
    if (config.namespaces.length > 0 && k8s.block?.some((o) => o.name === 'namespace_labels'))
        notes.push(refusedBecause('namespaces and namespace_labels are both set', `namespaces ${config.namespaces.join(' ')}`));
    applyOtherPlugins(config, withK8s.directives, notes);
    return config;
}

/** kubeadm's defaults, with the one note that says why the Corefile could not be used. */
function kubeadmDefaultsBecause(note: string): DnsConfig {
    return { ...kubeadmDefaultDnsConfig(), notes: [note], source: 'defaults' };
}

/** The kubernetes plugin's zones (its arguments, else the server block's keys), forward and reverse apart. */
function kubernetesZones(zoneArgs: string[], notes: string[]): { zones: string[]; reverseZones: string[] } {
    const zones: string[] = [];
    const reverseZones: string[] = [];
    for (const raw of zoneArgs) {
        const zone = normalizeZone(raw);
        if (zone === null) {
            notes.push(`kubernetes zone "${raw}" not understood; ignored`);
            continue;
        }
        if (zone.endsWith('in-addr.arpa') || zone.endsWith('ip6.arpa')) reverseZones.push(zone);
        else zones.push(zone);
    }
    return { zones, reverseZones };
}

/** What the kubernetes block's other plugins change or leave unmodelled: cache's TTL, autopath, unknown plugins. */
function applyOtherPlugins(config: DnsConfig, directives: Directive[], notes: string[]): void {
    const cache = directives.find((d) => d.name === 'cache');
    if (cache) {
        const ttl = cache.args[0] !== undefined ? Number(cache.args[0]) : 3600;
        if (Number.isFinite(ttl)) config.cacheTtl = ttl;
        const disabled = (cache.block ?? []).filter((o) => o.name === 'disable').flatMap((o) => o.args);
        if (disabled.length > 0) notes.push(`cache: disable ${disabled.join(' ')}`);
    }
    if (directives.some((d) => d.name === 'autopath')) {
        notes.push('autopath is on: CoreDNS answers search-list names with a CNAME to the name that exists (not modelled)');
    }
    const known = new Set(KNOWN_PLUGINS);
    const unknown = directives.map((d) => d.name).filter((n) => !known.has(n));
    if (unknown.length > 0) notes.push(`plugins svcdig does not model: ${[...new Set(unknown)].join(', ')}`);
}

const KNOWN_PLUGINS = [
    'errors',
    'health',
    'ready',
    'kubernetes',
    'prometheus',
    'forward',
    'cache',
    'loop',
    'reload',
    'loadbalance',
    'log',
    'debug',
    'whoami',
    'hosts',
    'rewrite',
    'k8s_external',
    'autopath',
    'import',
    'bind',
    'pprof',
    'template',
    'file',
    'etcd',
    'proxy',
    'upstream',
    'federation',
    'transfer',
    'dnssec',
    'any',
    'acl',
    'metadata',
    'trace',
];

/**
 * The kubernetes plugin's options that change answers, as CoreDNS reads them (plugin/kubernetes/setup.go
 * ParseStanza). An option CoreDNS refuses is not applied: the note says so and what svcdig assumes instead.
 */
function applyKubernetesOption(config: DnsConfig, opt: Directive, notes: string[]): void {
    const refusal = refusedOption(opt);
    if (refusal !== undefined) {
        notes.push(refusedBecause(refusal, assumedInstead(config, opt.name)));
        return;
    }
    const args = opt.args;
    switch (opt.name) {
        case 'ttl':
            config.ttl = Number(args[0]);
            break;
        case 'pods':
            config.podsMode = args[0] as PodsMode;
            break;
        case 'namespaces':
            config.namespaces = args.map((a) => a.toLowerCase());
            break;
        case 'endpoint_pod_names':
            config.endpointPodNames = true;
            break;
        case 'ignore':
            if (args[0] === 'empty_service') config.ignoreEmptyService = true;
            break;
        case 'noendpoints':
            config.noEndpoints = true;
            break;
        case 'fallthrough':
            config.fallthrough = args.map((a) => normalizeZone(a) ?? a.toLowerCase());
            break;
        case 'endpoint':
        case 'tls':
        case 'kubeconfig':
        case 'resyncperiod':
        case 'startup_timeout':
        case 'apiserver_qps':
        case 'apiserver_burst':
        case 'apiserver_max_inflight':
            break;
        case 'namespace_labels':
        case 'labels':
            notes.push(`kubernetes: ${opt.name} ${args.join(' ')} hides objects that do not match; svcdig does not filter by it`);
            break;
        case 'multicluster':
            notes.push(`kubernetes: multicluster ${args.join(' ')} (MCS ServiceImports) is not modelled`);
            break;
        case 'zonal':
            notes.push('kubernetes: zonal (zone-scoped names) is not modelled');
            break;
    }
}

/**
 * The options some CoreDNS release's ParseStanza takes; any other is its "unknown property" error. (`resyncperiod`
 * was taken and ignored until coredns/coredns#3737 removed it; older clusters may still have it.)
 */
const KNOWN_OPTIONS = new Set([
    ...['ttl', 'pods', 'namespaces', 'endpoint_pod_names', 'ignore', 'noendpoints', 'fallthrough', 'multicluster', 'zonal'],
    ...['endpoint', 'tls', 'kubeconfig', 'resyncperiod', 'startup_timeout', 'labels', 'namespace_labels'],
    ...['apiserver_qps', 'apiserver_burst', 'apiserver_max_inflight'],
]);

/**
 * Why CoreDNS refuses the option as written, for the options whose arguments change answers; undefined when it takes
 * it. (setup.go: `ttl` goes through strconv.Atoi and must be within [0, 3600]; `pods` takes exactly one of three modes;
 * `namespaces` at least one name; `endpoint_pod_names` and `noendpoints` no argument; `ignore` only `empty_service`.)
 */
function refusedOption(opt: Directive): string | undefined {
    const [first] = opt.args;
    const count = opt.args.length;
    switch (opt.name) {
        case 'ttl':
            if (first === undefined) return 'ttl names no number of seconds';
            if (!/^[+-]?\d+$/.test(first)) return `ttl "${first}" is not a whole number of seconds`;
            return Number(first) >= 0 && Number(first) <= 3600 ? undefined : `ttl ${first} is outside 0–3600`;
        case 'pods':
            if (count !== 1) return `pods takes one mode (${PODS_MODES.join(', ')}), not ${count}`;
            return (PODS_MODES as readonly string[]).includes(first!) ? undefined : `pods "${first}" is not one of ${PODS_MODES.join(', ')}`;
        case 'namespaces':
            return count === 0 ? 'namespaces names no namespace' : undefined;
        case 'endpoint_pod_names':
        case 'noendpoints':
        case 'zonal':
            return count > 0 ? `${opt.name} takes no argument, not "${opt.args.join(' ')}"` : undefined;
        case 'ignore':
            return first !== undefined && first !== 'empty_service' ? `ignore "${first}" is not empty_service` : undefined;
    }
    return KNOWN_OPTIONS.has(opt.name) ? undefined : `unknown option "${opt.name}"`;
}

/** What svcdig computes with in place of a refused option, and the flag that sets it when there is one. */
function assumedInstead(config: DnsConfig, option: string): string {
    switch (option) {
        case 'ttl':
            return `ttl ${config.ttl} (--ttl sets another)`;
        case 'pods':
            return `pods ${config.podsMode} (--pods-mode sets another)`;
        case 'namespaces':
            return config.namespaces.length > 0 ? `namespaces ${config.namespaces.join(' ')}` : 'every namespace';
        case 'endpoint_pod_names':
            return 'endpoint_pod_names off (--endpoint-pod-names turns it on)';
        default:
            return `no ${option} line`;
    }
}

/**
 * The note for a Corefile CoreDNS would not load: ParseStanza's error stops a new server from starting, and the
 * reload plugin keeps a running one on its previous configuration (CoreDNS plugin/reload/README.md).
 */
function refusedBecause(why: string, assumed: string): string {
    return `kubernetes: ${why}: CoreDNS refuses this Corefile (a new CoreDNS pod does not start; a running one keeps its previous configuration on reload); svcdig assumes ${assumed}`;
}

/** Default ports per scheme (CoreDNS core/dnsserver/address.go). */
const SCHEME_PORTS: Record<string, number> = { dns: 53, tls: 853, quic: 853, https: 443, https3: 443, grpc: 443 };

/** A server block key: `.:53` → zone `.`, port 53; `dns://acme.local` → acme.local, 53; `tls://.:853`; `10.0.0.0/8:53`. */
function parseKey(key: string): { scheme: string; zone: string; port: number } {
    const m = /^([a-z0-9]+):\/\//i.exec(key);
    const scheme = m ? m[1]!.toLowerCase() : 'dns';
    let rest = m ? key.slice(m[0].length) : key;
    const port = /:(\d+)$/.exec(rest);
    if (port) rest = rest.slice(0, -port[0].length);
    return { scheme, zone: rest === '' ? '.' : rest, port: port ? Number(port[1]) : (SCHEME_PORTS[scheme] ?? 53) };
}

/** Plugins that log, measure, cache or guard but never decide an answer themselves. */
const HOUSEKEEPING = new Set([
    'errors',
    'log',
    'debug',
    'health',
    'ready',
    'prometheus',
    'reload',
    'loop',
    'loadbalance',
    'cache',
    'bind',
    'pprof',
    'metadata',
    'trace',
    'any',
    'acl',
    'dnssec',
    'timeouts',
]);

/**
 * The blocks CoreDNS groups with the kubernetes plugin's block: plain DNS on the same port (`core/dnsserver/register.go`
 * groups server blocks by listen address). Blocks on other ports or transports are not reached through the cluster DNS
 * Service and only get a note.
 */
function listenerBlocks(blocks: RawServerBlock[], withK8s: RawServerBlock, notes: string[]): ServerBlock[] {
    const port = withK8s.keys.map(parseKey).find((k) => k.scheme === 'dns')?.port ?? 53;
    const out: ServerBlock[] = [];
    const owner = new Map<string, string>();
    for (const b of blocks) {
        const keys = b.keys.map(parseKey);
        const zones: string[] = [];
        for (const k of keys) {
            if (k.scheme !== 'dns' || k.port !== port) continue;
            const zone = k.zone === '.' ? '.' : normalizeZone(k.zone);
            if (zone === null) notes.push(`server block key "${k.zone}" not understood; ignored`);
            else zones.push(zone);
        }
        const key = b.keys.join(' ');
        if (zones.length === 0) {
            if (b !== withK8s) notes.push(`server block ${key} does not listen on port ${port} (plain DNS): the cluster DNS Service does not reach it`);
            continue;
        }
        for (const z of zones) {
            const first = owner.get(z);
            if (first !== undefined && first !== key)
                notes.push(`zone ${z} is in two server blocks (${first}, ${key}): CoreDNS starts only with the view plugin; svcdig routes it to ${first}`);
            else owner.set(z, key);
        }
        const kubernetes = b === withK8s;
        const answers =
            b.directives
                .filter((d) => !HOUSEKEEPING.has(d.name))
                .map((d) => [d.name, ...d.args].join(' '))
                .join('; ') || 'no plugin that answers';
        out.push({ key, zones, kubernetes, answers });
        if (!kubernetes) notes.push(`server block ${key} (${answers}) answers names under ${zones.join(', ')}: svcdig does not predict them`);
    }
    return out;
}

/** Lower-case, no trailing dot; a CIDR such as 10.0.0.0/8 becomes its reverse zone (CoreDNS accepts both). */
export function normalizeZone(raw: string): string | null {
    const z = raw.trim().toLowerCase().replace(/\.$/, '');
    if (z === '' || z === '.') return null;
    const cidr = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(z);
    if (cidr) {
        const bits = Number(cidr[5]);
        if (bits % 8 !== 0 || bits > 32) return null;
        const octets = cidr.slice(1, 1 + bits / 8).reverse();
        return [...octets, 'in-addr.arpa'].join('.');
    }
    return z;
}

interface Directive {
    name: string;
    args: string[];
    block?: Directive[];
}

/** A server block as read: its keys and its directives (snippets imported). */
interface RawServerBlock {
    keys: string[];
    directives: Directive[];
}

type Token = { text: string; line: number; quoted: boolean };

function tokenize(text: string): Token[] {
    const tokens: Token[] = [];
    let line = 1;
    let i = 0;
    while (i < text.length) {
        const c = text[i]!;
        if (c === '\n') {
            tokens.push({ text: '\n', line, quoted: false });
            line++;
            i++;
        } else if (c === ' ' || c === '\t' || c === '\r') {
            i++;
        } else if (c === '#') {
            while (i < text.length && text[i] !== '\n') i++;
        } else if (c === '"' || c === '`') {
            let j = i + 1;
            let s = '';
            while (j < text.length && text[j] !== c) {
                if (text[j] === '\\' && c === '"' && j + 1 < text.length) {
                    s += text[j + 1];
                    j += 2;
                    continue;
                }
                if (text[j] === '\n') line++;
                s += text[j];
                j++;
            }
            tokens.push({ text: s, line, quoted: true });
            i = j + 1;
        } else if (c === '{' || c === '}') {
            tokens.push({ text: c, line, quoted: false });
            i++;
        } else {
            let j = i;
            while (j < text.length && !/[\s{}"#]/.test(text[j]!)) j++;
            // `{$ENV}` placeholders stay one token
            if (text[j] === '{' && text[j + 1] === '$') {
                const end = text.indexOf('}', j);
                if (end > 0) j = end + 1;
            }
            tokens.push({ text: text.slice(i, j), line, quoted: false });
            i = j;
        }
    }
    return tokens;
}

const MAX_BLOCK_DEPTH = 32;

/** The deepest nesting of unquoted braces, counted without recursion. */
function blockDepth(tokens: Token[]): number {
    let depth = 0;
    let max = 0;
    for (const t of tokens) {
        if (t.quoted) continue;
        if (t.text === '{') max = Math.max(max, ++depth);
        else if (t.text === '}') depth = Math.max(0, depth - 1);
    }
    return max;
}

/** Splits tokens into lines of directives with nested blocks. */
function parseServerBlocks(tokens: Token[]): RawServerBlock[] {
    return new ServerBlockReader(tokens).readAll();
}

/**
 * Reads server blocks (`keys {`, directives, `}`) from the tokens, one position at a time. A block whose only key is
 * `(name)` is a snippet, not a server block; `import name` in a later block inlines it (Caddyfile snippets,
 * coredns/caddy caddyfile/parse.go). The guards bound the loops on input that makes no progress.
 */
class ServerBlockReader {
    private pos = 0;
    private readonly snippets = new Map<string, Directive[]>();
    private readonly tokens: Token[];

    constructor(tokens: Token[]) {
        this.tokens = tokens;
    }

    readAll(): RawServerBlock[] {
        const blocks: RawServerBlock[] = [];
        for (let guard = 0; guard < 10000; guard++) {
            this.skipNewlines();
            if (this.pos >= this.tokens.length) break;
            const keys = this.readLine()
                .flatMap((k) => k.split(','))
                .filter((k) => k !== '');
            if (this.atBrace('{')) {
                this.pos++;
                const directives = this.readBlockBody();
                const first = keys[0];
                if (keys.length === 1 && first && first.startsWith('(') && first.endsWith(')')) this.snippets.set(first.slice(1, -1), directives);
                else blocks.push({ keys, directives });
            } else if (this.atBrace('}')) {
                this.pos++;
            }
        }
        return blocks;
    }

    /** The directives up to the `}` that closes the block (or the end of the tokens). */
    private readBlockBody(): Directive[] {
        const out: Directive[] = [];
        for (let guard = 0; guard < 100000; guard++) {
            this.skipNewlines();
            if (this.pos >= this.tokens.length) return out;
            if (this.atBrace('}')) {
                this.pos++;
                return out;
            }
            out.push(...this.readDirective());
        }
        return out;
    }

    /** One directive line and its block, if any; an `import` of a known snippet gives the snippet's directives. */
    private readDirective(): Directive[] {
        const words = this.readLine();
        let block: Directive[] | undefined;
        if (this.atBrace('{')) {
            this.pos++;
            block = this.readBlockBody();
        }
        if (words.length === 0) return [];
        const [name, ...args] = words;
        const snippet = name === 'import' && args[0] ? this.snippets.get(args[0]) : undefined;
        if (snippet) return snippet;
        return [block ? { name: name!, args, block } : { name: name!, args }];
    }

    /** The words up to the end of the line or an unquoted brace. */
    private readLine(): string[] {
        const out: string[] = [];
        while (this.pos < this.tokens.length) {
            const t = this.tokens[this.pos]!;
            if (t.text === '\n' || (!t.quoted && (t.text === '{' || t.text === '}'))) break;
            out.push(t.text);
            this.pos++;
        }
        return out;
    }

    private skipNewlines(): void {
        while (this.pos < this.tokens.length && this.tokens[this.pos]!.text === '\n' && !this.tokens[this.pos]!.quoted) this.pos++;
    }

    private atBrace(brace: '{' | '}'): boolean {
        const t = this.tokens[this.pos];
        return t !== undefined && t.text === brace && !t.quoted;
    }
}

/** Flags beat the Corefile: --zone, --ttl, --pods-mode, --endpoint-pod-names. */
export interface DnsConfigFlags {
    zone?: string;
    ttl?: number;
    podsMode?: PodsMode;
    endpointPodNames?: boolean;
}

export function applyDnsFlags(config: DnsConfig, flags: DnsConfigFlags): DnsConfig {
    const set = Object.entries(flags).filter(([, v]) => v !== undefined);
    if (set.length === 0) return config;
    const out: DnsConfig = { ...config, notes: [...config.notes] };
    if (flags.zone !== undefined) {
        const zone = normalizeZone(flags.zone) ?? 'cluster.local';
        out.zones = [zone, ...config.zones.filter((z) => z !== zone)];
        // the flag's zone is the kubernetes plugin's: its block serves it, whatever the Corefile's keys said
        if (config.serverBlocks)
            out.serverBlocks = config.serverBlocks.map((b) => (b.kubernetes && !b.zones.includes(zone) ? { ...b, zones: [...b.zones, zone] } : b));
    }
    if (flags.ttl !== undefined) out.ttl = flags.ttl;
    if (flags.podsMode !== undefined) out.podsMode = flags.podsMode;
    if (flags.endpointPodNames !== undefined) out.endpointPodNames = flags.endpointPodNames;
    if (config.source === 'defaults') {
        out.notes = out.notes.filter((n) => !n.startsWith('no Corefile read'));
        out.notes.push(`no Corefile read: kubeadm defaults with flags (${set.map(([k]) => k).join(', ')})`);
    } else {
        out.notes.push(`flags override the Corefile: ${set.map(([k, v]) => `${k}=${String(v)}`).join(', ')}`);
    }
    out.source = config.source === 'defaults' ? 'defaults+flags' : 'corefile+flags';
    return out;
}

/** The DNS configuration for a snapshot: its coredns ConfigMap's Corefile when present, else kubeadm's defaults; then flags. */
export function dnsConfigFor(corefile: string | undefined, flags: DnsConfigFlags = {}): DnsConfig {
    const base = corefile !== undefined ? parseCorefile(corefile) : kubeadmDefaultDnsConfig();
    return applyDnsFlags(base, flags);
}
