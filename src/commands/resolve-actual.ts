import type { RunContext } from '../context.js';
import type { ResolvConf } from '../core/dns/index.js';
import type { Reply } from '../core/dns-reply.js';
import type { DnsExchange } from '../adapters/dns/index.js';
import { usageError } from '../errors.js';
import type { LoadedCluster } from './load-cluster.js';
import { parseDuration } from './options.js';
import type { ResolveOptions } from './resolve.js';

/** A way to ask the real DNS one question at a time. */
export interface ActualDns {
    describe: string;
    via: 'server' | 'direct' | 'port-forward' | 'demo';
    query(name: string, type: string): Promise<{ reply: Reply; server: string; transport: 'udp' | 'tcp'; rttMs: number; exchange?: DnsExchange }>;
    close(): Promise<void>;
}

export function queryOptionsFrom(opts: ResolveOptions): { timeoutMs: number; retries: number; tcp: boolean } {
    const timeoutMs = opts.timeout ? parseDuration(opts.timeout, '--timeout') : 2000;
    const retries = opts.retries === undefined ? 1 : Number(opts.retries);
    if (!Number.isInteger(retries) || retries < 0 || retries > 10) throw usageError(`--retries takes a whole number from 0 to 10, got "${opts.retries}"`);
    return { timeoutMs, retries, tcp: !!opts.tcp };
}

/**
 * Chooses where the actual answers come from: --server; the demo's built-in responder; or the cluster DNS Service
 * (direct to its ClusterIP, or through an API port-forward to a CoreDNS pod). Returns null when there is nothing to ask
 * (files without --server).
 */
export async function openActualDns(args: { opts: ResolveOptions; cluster: LoadedCluster; ctx: RunContext; resolv: ResolvConf; signal?: AbortSignal }): Promise<ActualDns | null> {
    const { opts, cluster, ctx } = args;
    // `signal` (check --deadline) aborts every query in flight at once.
    const q = { ...queryOptionsFrom(opts), ...(args.signal ? { signal: args.signal } : {}) };
    const dns = await import('../adapters/dns/index.js');
    if (opts.server?.length) {
        const servers = opts.server.map((s) => dns.parseServerAddress(s));
        const describe = servers.map((s) => (s.host.includes(':') ? `[${s.host}]:${s.port}` : `${s.host}:${s.port}`)).join(', ');
        ctx.trace(`asking ${describe}`);
        return {
            describe,
            via: 'server',
            async query(name, type) {
                const ex = await dns.queryDns(servers, name, type, q);
                return { reply: ex.reply, server: `${ex.server.host}:${ex.server.port}`, transport: ex.transport, rttMs: ex.rttMs, exchange: ex };
            },
            close: async () => {},
        };
    }
    if (cluster.origin === 'demo') {
        const { startDemoDnsServer } = await import('../demo/demo-dns-server.js');
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
    const { openClusterDns } = await import('./cluster-dns.js');
    return openClusterDns({ ...args, queryOptions: q });
}
