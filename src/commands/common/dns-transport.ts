import { isIP } from 'node:net';
import type { RunContext } from '../../context.js';
import { isLoopbackIp, type PodDnsPath, type ResolvConf } from '../../core/dns/index.js';
import type { DnsTransport } from '../../adapters/dns/transport.js';
import type { QueryOptions, UdpSocketPool } from '../../adapters/dns/index.js';
import { formatServerAddress, parseServerAddress, type DnsServerAddress } from '../../adapters/dns/server-address.js';
import { SvcdigError, usageError } from '../../errors.js';
import type { LoadedCluster } from './load-cluster.js';
import type { DnsTransportOptions } from './options.js';

export function queryOptionsFrom(opts: DnsTransportOptions): { timeoutMs: number; retries: number; tcp: boolean } {
    const timeoutMs = opts.timeout ?? 2000;
    const retries = opts.retries === undefined ? 1 : Number(opts.retries);
    if (!Number.isInteger(retries) || retries < 0 || retries > 10) throw usageError(`--retries takes a whole number from 0 to 10, got "${opts.retries}"`);
    return { timeoutMs, retries, tcp: !!opts.tcp };
}

/**
 * The --server addresses (dig's -p applied to those written without a port), parsed: a bad one is a usage error
 * before anything is read. A server given twice (`@A @A`, `--server A @A`) is asked once. Empty without --server.
 */
export function serverAddresses(opts: Pick<DnsTransportOptions, 'server' | 'port'>): DnsServerAddress[] {
    const parsed = withPort(opts.server ?? [], opts.port).map(parseServerAddress);
    return parsed.filter((a, i) => parsed.findIndex((b) => formatServerAddress(b) === formatServerAddress(a)) === i);
}

/**
 * Notes for DNS flags a run does not use, said rather than refused so that a dig line keeps working as a dry run
 * (`--expected-only` added to it) and an interactive session's sticky settings do not fail every line: --server (or
 * @SERVER) with --expected-only is not asked; --via (how the cluster DNS is reached) with --server has no effect.
 */
export function unusedDnsFlagNotes(opts: Pick<DnsTransportOptions, 'server' | 'expectedOnly' | 'via'>): string[] {
    const servers = opts.server ?? [];
    if (servers.length === 0) return [];
    const named = servers.join(', ');
    if (opts.expectedOnly) return [`note: --expected-only asks no DNS server: ${named} ${servers.length > 1 ? 'are' : 'is'} not asked`];
    if (opts.via && opts.via !== 'auto')
        return [`note: --via ${opts.via} says how to reach the cluster DNS; --server ${named} is asked instead, so --via has no effect`];
    return [];
}

/** -p's value, checked. */
export function portFlag(port: string): number {
    if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) throw usageError(`-p takes a port from 1 to 65535, got "${port}"`);
    return Number(port);
}

/**
 * dig's `-p PORT` on every server written without a port (`@127.0.0.1 -p 5353` = `--server 127.0.0.1:5353`); a
 * server with its own port keeps it. Without a server there is nothing it maps onto: svcdig reaches the cluster DNS
 * at its Service's port (or a CoreDNS pod's), never a port of the user's choosing.
 */
function withPort(servers: string[], port: string | undefined): string[] {
    if (port === undefined) return servers;
    portFlag(port);
    if (servers.length === 0) throw usageError('-p PORT is the port of --server HOST (or @SERVER); give a server to ask on that port');
    return servers.map((s) => {
        if (isIP(s) === 6) return `[${s}]:${port}`;
        return /^\[[^\]]*\]$/.test(s) || !s.includes(':') ? `${s}:${port}` : s;
    });
}

/**
 * Chooses where the actual answers come from: --server; the demo's built-in responder; for --as-pod with a pod that
 * does not ask the cluster DNS, that pod's own nameservers; or the cluster DNS Service (direct to its ClusterIP, or
 * through an API port-forward to a CoreDNS pod). Returns null when there is nothing to ask (files without --server).
 */
export async function openDnsTransport(args: {
    opts: DnsTransportOptions;
    cluster: LoadedCluster;
    ctx: RunContext;
    resolv: ResolvConf;
    podDns?: PodDnsPath;
    signal?: AbortSignal;
}): Promise<DnsTransport | null> {
    const dns = await import('../../adapters/dns/index.js');
    // One pool of UDP sockets for every query the transport asks (check asks thousands), closed with it.
    const udpPool = new dns.UdpSocketPool();
    let transport: DnsTransport | null;
    try {
        transport = await chooseDnsTransport(args, dns, udpPool);
    } catch (err) {
        udpPool.close();
        throw err;
    }
    if (!transport) {
        udpPool.close();
        return null;
    }
    const close = transport.close;
    return {
        ...transport,
        close: async () => {
            udpPool.close();
            await close();
        },
    };
}

async function chooseDnsTransport(
    args: Parameters<typeof openDnsTransport>[0],
    dns: typeof import('../../adapters/dns/index.js'),
    udpPool: UdpSocketPool,
): Promise<DnsTransport | null> {
    const { opts, cluster, ctx } = args;
    // `signal` (check --deadline) aborts every query in flight at once.
    const q = { ...queryOptionsFrom(opts), udpPool, ...(args.signal ? { signal: args.signal } : {}) };
    const servers = serverAddresses(opts);
    if (servers.length > 0) {
        const ask = (list: DnsServerAddress[]): DnsTransport['query'] =>
            async function query(name, type) {
                const ex = await dns.queryDns(list, name, type, q);
                return { reply: ex.reply, server: formatServerAddress(ex.server), transport: ex.transport, rttMs: ex.rttMs, exchange: ex };
            };
        const describe = servers.map(formatServerAddress).join(', ');
        const each = servers.length > 1 && opts.serverMode !== 'failover';
        ctx.trace(`asking ${describe}${servers.length > 1 ? (each ? ', each of them' : ', the next when one fails') : ''}`);
        return {
            describe,
            via: 'server',
            // each: the search-list walk asks the first server; every server is then asked alone (resolve/servers.ts)
            query: ask(each ? [servers[0]!] : servers),
            ...(each ? { each: servers.map((s) => ({ server: formatServerAddress(s), query: ask([s]) })) } : {}),
            close: async () => {},
        };
    }
    if (cluster.origin === 'demo') {
        const { startDemoDnsServer } = await import('../../demo/demo-dns-server.js');
        const server = await startDemoDnsServer(cluster.snapshot, cluster.dnsConfig);
        const addr = { host: '127.0.0.1', port: server.port };
        return {
            describe: `the demo's DNS responder on 127.0.0.1:${server.port}`,
            via: 'demo',
            async query(name, type) {
                const ex = await dns.queryDns([addr], name, type, q);
                return { reply: ex.reply, server: `${ex.server.host}:${ex.server.port}`, transport: ex.transport, rttMs: ex.rttMs, exchange: ex };
            },
            close: () => server.close(),
        };
    }
    if (cluster.origin === 'file') return null;
    if (args.podDns && !args.podDns.clusterDns) return podNameservers(args.podDns, args.resolv, opts, ctx, q, dns.queryDns);
    const { openClusterDns } = await import('./cluster-dns.js');
    // --all-replicas is about the CoreDNS pods: the search-list walk goes to one of them too, never to the ClusterIP.
    if (opts.allReplicas) return openClusterDns({ ...args, opts: { ...opts, via: 'port-forward' }, queryOptions: q });
    return openClusterDns({ ...args, queryOptions: q });
}

/**
 * The nameservers of a pod that does not ask the cluster DNS, asked directly in resolv.conf order (port 53), whatever
 * --via says: a port-forward reaches only the CoreDNS pods, which this pod never asks. A nameserver on the pod's own
 * loopback, or the node's that svcdig cannot see, cannot be asked from here.
 */
function podNameservers(
    path: PodDnsPath,
    resolv: ResolvConf,
    opts: DnsTransportOptions,
    ctx: RunContext,
    q: ReturnType<typeof queryOptionsFrom> & Pick<QueryOptions, 'udpPool' | 'signal'>,
    queryDns: typeof import('../../adapters/dns/index.js').queryDns,
): DnsTransport {
    const askElsewhere = 'ask a nameserver yourself with --server ADDR, or show only what svcdig expects with --expected-only';
    if (path.asks === null) throw new SvcdigError('unreachable', `${path.because}: there is no nameserver svcdig knows to ask`, { hint: askElsewhere });
    if (opts.via === 'port-forward')
        throw usageError(
            `--via port-forward reaches the CoreDNS pods, but ${path.because}`,
            `use --via direct from a network that reaches them, or ${askElsewhere}`,
        );
    if (opts.allReplicas) throw usageError(`--all-replicas asks each CoreDNS pod, but ${path.because}`);
    const hosts = resolv.nameservers.length > 0 ? resolv.nameservers : path.asks;
    const loopback = hosts.filter(isLoopbackIp);
    if (loopback.length > 0)
        throw new SvcdigError('unreachable', `${path.because}: ${loopback.join(', ')} is the pod's own loopback, which svcdig cannot reach from here`, {
            hint: askElsewhere,
        });
    const shown = hosts.map((host) => ({ host, port: 53 }));
    const route = ctx.deps.routeClusterDns ?? ((a: { host: string; port: number }) => a);
    const addrs = shown.map(route);
    const describe = shown.map((a) => (a.host.includes(':') ? `[${a.host}]:53` : `${a.host}:53`)).join(', ');
    ctx.note(`note: asking the pod's nameservers directly: ${describe}`);
    return {
        describe,
        via: 'direct',
        async query(name, type) {
            const ex = await queryDns(addrs, name, type, q);
            const asked = shown[addrs.indexOf(ex.server)] ?? ex.server;
            return { reply: ex.reply, server: `${asked.host}:${asked.port}`, transport: ex.transport, rttMs: ex.rttMs, exchange: ex };
        },
        close: async () => {},
    };
}
