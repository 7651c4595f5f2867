import type { Pod } from '../k8s.js';

/**
 * resolv.conf a pod gets (kubernetes/kubernetes pkg/kubelet/network/dns/dns.go). `options` as written (`ndots:5`);
 * `ndots` parsed from them.
 */
export interface ResolvConf {
    nameservers: string[];
    search: string[];
    ndots: number;
    options: string[];
}

export type StubFlavour = 'glibc' | 'musl';

/** kubelet's search-list limits with ExpandedDNSConfig (GA in 1.28): 32 paths; entries over 253 characters dropped. */
const MAX_SEARCH_PATHS = 32;
const MAX_SEARCH_ENTRY_CHARS = 253;

const unique = (list: string[]) => [...new Set(list)];

/** `ndots:N` from resolv.conf options (the last one wins); the resolver default is 1. */
export function ndotsOf(options: string[]): number {
    let ndots = 1;
    for (const o of options) {
        const m = /^ndots:(\d+)$/.exec(o.trim());
        if (m) ndots = Math.min(Number(m[1]), 15);
    }
    return ndots;
}

/** kubelet `mergeDNSOptions`: options keep their first position; a later option with the same name replaces the value. */
function mergeOptions(existing: string[], extra: { name: string; value?: string }[]): string[] {
    const out = [...existing];
    for (const o of extra) {
        const text = o.value !== undefined && o.value !== '' ? `${o.name}:${o.value}` : o.name;
        const at = out.findIndex((x) => x.split(':')[0] === o.name);
        if (at >= 0) out[at] = text;
        else out.push(text);
    }
    return out;
}

/**
 * The resolv.conf kubelet writes for a pod (kubernetes/kubernetes `pkg/kubelet/network/dns/dns.go`):
 * - ClusterFirst (default): cluster DNS IPs; search `<ns>.svc.<zone> svc.<zone> <zone>` + the node's domains
 *   (duplicates removed); `options ndots:5` (the node's options are replaced).
 * - hostNetwork with ClusterFirst falls back to Default; ClusterFirstWithHostNet keeps cluster DNS.
 * - Default: the node's resolv.conf. None: empty. Either way `dnsConfig` is merged in (duplicates removed).
 * - ClusterFirst without cluster DNS IPs also falls back to Default (kubelet logs a warning).
 */
export function resolvConfForPod(args: {
    namespace: string;
    zone: string;
    clusterDnsIPs: string[];
    dnsPolicy?: string;
    hostNetwork?: boolean;
    dnsConfig?: Pod['spec']['dnsConfig'];
    nodeSearch?: string[];
    nodeNameservers?: string[];
}): ResolvConf {
    const policy = args.dnsPolicy ?? 'ClusterFirst';
    const zone = args.zone.replace(/\.$/, '');
    let kind: 'cluster' | 'host' | 'none';
    if (policy === 'None') kind = 'none';
    else if (policy === 'Default') kind = 'host';
    else if (policy === 'ClusterFirstWithHostNet') kind = 'cluster';
    else kind = args.hostNetwork ? 'host' : 'cluster';
    if (kind === 'cluster' && args.clusterDnsIPs.length === 0) kind = 'host';

    let nameservers: string[] = [];
    let search: string[] = [];
    let options: string[] = [];
    if (kind === 'cluster') {
        nameservers = [...args.clusterDnsIPs];
        search = unique([`${args.namespace}.svc.${zone}`, `svc.${zone}`, zone, ...(args.nodeSearch ?? [])]);
        options = ['ndots:5'];
    } else if (kind === 'host') {
        nameservers = [...(args.nodeNameservers ?? [])];
        search = [...(args.nodeSearch ?? [])];
    }
    if (args.dnsConfig) {
        nameservers = unique([...nameservers, ...(args.dnsConfig.nameservers ?? [])]);
        search = unique([...search, ...(args.dnsConfig.searches ?? [])]);
        options = mergeOptions(options, args.dnsConfig.options ?? []);
    }
    search = search
        .map((s) => s.replace(/\.$/, ''))
        .filter((s) => s.length > 0 && s.length <= MAX_SEARCH_ENTRY_CHARS)
        .slice(0, MAX_SEARCH_PATHS);
    return { nameservers, search, ndots: ndotsOf(options), options };
}

/**
 * Candidate names in the order a stub resolver asks them (resolv.conf(5) `search`, `ndots`), without trailing dots:
 * - a trailing dot: the name alone;
 * - glibc (`resolv/res_query.c __res_context_search`): with at least `ndots` dots the name as-is first, then each
 *   search suffix; with fewer, each suffix and then the name as-is;
 * - musl (`src/network/lookup_name.c name_from_dns_search`): with at least `ndots` dots the name alone (no search);
 *   with fewer, each suffix and then the name as-is.
 * Duplicates (e.g. a `.` search entry) are asked once.
 */
export function searchCandidates(name: string, resolv: ResolvConf, flavour: StubFlavour = 'glibc'): string[] {
    if (name.endsWith('.')) return [name.slice(0, -1)];
    const dots = name.split('.').length - 1;
    const withSuffix = resolv.search.map((s) => (s === '' || s === '.' ? name : `${name}.${s.replace(/\.$/, '')}`));
    let list: string[];
    if (dots >= resolv.ndots) list = flavour === 'musl' ? [name] : [name, ...withSuffix];
    else list = [...withSuffix, name];
    const seen = new Set<string>();
    return list.filter((c) => {
        const k = c.toLowerCase();
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
    });
}
