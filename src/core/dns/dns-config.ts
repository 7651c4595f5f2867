/** What svcdig knows of the cluster DNS configuration: the `kubernetes` plugin of the cluster's Corefile. */
/** The kubernetes plugin's `pods` modes (CoreDNS plugin/kubernetes/README.md; setup.go refuses any other). */
export const PODS_MODES = ['disabled', 'insecure', 'verified'] as const;
export type PodsMode = (typeof PODS_MODES)[number];

export interface DnsConfig {
    /** Forward zones of the kubernetes plugin, lower case, no trailing dot; the first is the primary (cluster domain). */
    zones: string[];
    /** Reverse zones (in-addr.arpa, ip6.arpa or narrower), lower case. */
    reverseZones: string[];
    /** TTL of every record the plugin builds (0–3600; the plugin's default is 5, kubeadm's Corefile sets 30). */
    ttl: number;
    podsMode: PodsMode;
    /** `namespaces a b`: only these are exposed; empty = all. */
    namespaces: string[];
    endpointPodNames: boolean;
    ignoreEmptyService: boolean;
    noEndpoints: boolean;
    /** `fallthrough [zones]`: null = off; [] = every zone; else the listed zones. */
    fallthrough: string[] | null;
    /** Where each value came from and anything odd met while reading it (unknown plugins or options). */
    notes: string[];
    source: 'corefile' | 'defaults' | 'flags' | 'corefile+flags' | 'defaults+flags';
    /** The Corefile's plugins in the server block that serves the zone, in order (e.g. cache, loadbalance). */
    plugins: string[];
    /** The `cache` plugin's capacity TTL if present (answers may show lower TTLs). */
    cacheTtl?: number;
    /**
     * Every server block of the Corefile that listens where the kubernetes plugin's block does (same port, plain DNS),
     * the kubernetes one included, in Corefile order; they decide which block a name goes to (dns/server-blocks.ts).
     * Absent: one root block `.` with the kubernetes plugin (kubeadm's Corefile, and what svcdig assumes without one).
     */
    serverBlocks?: ServerBlock[];
}

/** A Corefile server block, reduced to what routing a query needs. */
export interface ServerBlock {
    /** The block's keys as written (`acme.local:53`), for messages. */
    key: string;
    /** The zones it serves: lower case, no trailing dot, `.` for the root. */
    zones: string[];
    /** The block runs the kubernetes plugin svcdig models. */
    kubernetes: boolean;
    /** The directives that answer in it (`forward . 10.0.0.5`), for messages; housekeeping plugins left out. */
    answers: string;
}

/**
 * The cluster domain: the kubernetes plugin's first zone, lower case without the trailing dot (kubelet's
 * --cluster-domain must agree with it for the search list to work); cluster.local when none is known.
 */
export function primaryZone(config: Pick<DnsConfig, 'zones'>): string {
    return (config.zones[0] ?? 'cluster.local').toLowerCase().replace(/\.$/, '');
}

/** kubeadm's default Corefile, as svcdig assumes it when it cannot read the cluster's. */
export function kubeadmDefaultDnsConfig(): DnsConfig {
    return {
        zones: ['cluster.local'],
        reverseZones: ['in-addr.arpa', 'ip6.arpa'],
        ttl: 30,
        podsMode: 'insecure',
        namespaces: [],
        endpointPodNames: false,
        ignoreEmptyService: false,
        noEndpoints: false,
        fallthrough: ['in-addr.arpa', 'ip6.arpa'],
        notes: ['no Corefile read: assuming kubeadm defaults (zone cluster.local, ttl 30, pods insecure, reverse zones in-addr.arpa ip6.arpa)'],
        source: 'defaults',
        plugins: ['errors', 'health', 'ready', 'kubernetes', 'prometheus', 'forward', 'cache', 'loop', 'reload', 'loadbalance'],
        cacheTtl: 30,
    };
}
