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

/**
 * kubelet's limits (`pkg/kubelet/network/dns/dns.go formDNSConfigFitsLimits`, constants in
 * `pkg/apis/core/validation/validation.go`, the expanded values since ExpandedDNSConfig went GA in 1.28): at most 3
 * nameservers (glibc and musl use no more either); at most 32 search paths; entries longer than 253 characters
 * dropped; and the `search` line at most 2048 characters, cut from the end.
 */
export const MAX_NAMESERVERS = 3;
const MAX_SEARCH_PATHS = 32;
const MAX_SEARCH_ENTRY_CHARS = 253;
const MAX_SEARCH_LINE_CHARS = 2048;

/** kubelet `omitDuplicates`: the first of equal strings stays, order kept; `a.example` and `a.example.` both stay. */
const unique = (list: string[]) => [...new Set(list)];

/** A search entry naming the root: kubelet writes `search .` itself (Default with an empty --resolv-conf). */
export const isRootSearchEntry = (entry: string): boolean => entry === '.' || entry === '';

/** kubelet `formDNSSearchFitsLimits`, in its order: the first 32 paths, then over-long entries out, then the 2048-char line. */
function fitSearchLimits(search: string[]): string[] {
    let out = search.slice(0, MAX_SEARCH_PATHS).filter((s) => s.length <= MAX_SEARCH_ENTRY_CHARS);
    let line = out.join(' ').length;
    while (line > MAX_SEARCH_LINE_CHARS && out.length > 0) {
        line -= out[out.length - 1]!.length + 1;
        out = out.slice(0, -1);
    }
    return out;
}

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

    // kubelet `parseResolvConf` reads the node's search list without trailing dots
    const nodeSearch = (args.nodeSearch ?? []).map((s) => s.replace(/\.$/, ''));
    let nameservers: string[] = [];
    let search: string[] = [];
    let options: string[] = [];
    if (kind === 'cluster') {
        nameservers = [...args.clusterDnsIPs];
        search = unique([`${args.namespace}.svc.${zone}`, `svc.${zone}`, zone, ...nodeSearch]);
        options = ['ndots:5'];
    } else if (kind === 'host') {
        nameservers = [...(args.nodeNameservers ?? [])];
        search = nodeSearch;
    }
    if (args.dnsConfig) {
        // `appendDNSConfig`: dnsConfig entries pass through as written (a `.` included), duplicates omitted
        nameservers = unique([...nameservers, ...(args.dnsConfig.nameservers ?? [])]);
        search = unique([...search, ...(args.dnsConfig.searches ?? [])]);
        options = mergeOptions(options, args.dnsConfig.options ?? []);
    }
    return { nameservers: nameservers.slice(0, MAX_NAMESERVERS), search: fitSearchLimits(search), ndots: ndotsOf(options), options };
}

/**
 * Candidate names in the order a stub resolver asks them (resolv.conf(5) `search`, `ndots`), without trailing dots:
 * - a trailing dot: the name alone;
 * - glibc (`resolv/res_query.c __res_context_search`): with at least `ndots` dots the name as-is first, then each
 *   search suffix; with fewer, each suffix and then the name as-is. A root entry (`.`) asks the name as-is at its
 *   place in the list (`dname` becomes ""), and then the name is not asked again at the end (`root_on_list`);
 * - musl (`src/network/lookup_name.c name_from_dns_search`): with at least `ndots` dots the name alone (no search);
 *   with fewer, each suffix and then the name as-is. A root entry makes `name..`, which `__res_mkquery` refuses
 *   (an empty label), so `name_from_dns` returns 0 without sending anything and the search goes on.
 * A name asked twice (glibc's as-is first and a root entry) is listed once: the second reply is the first one again.
 */
export function searchCandidates(name: string, resolv: ResolvConf, flavour: StubFlavour = 'glibc'): string[] {
    if (name.endsWith('.')) return [name.slice(0, -1)];
    const dots = name.split('.').length - 1;
    const suffixes = flavour === 'musl' ? resolv.search.filter((s) => !isRootSearchEntry(s)) : resolv.search;
    const withSuffix = suffixes.map((s) => (isRootSearchEntry(s) ? name : `${name}.${s.replace(/\.$/, '')}`));
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
