import type { Reply } from '../../core/dns/reply.js';
import type { DnsExchange } from './index.js';

/**
 * A way to ask the real DNS one question at a time: a --server list, the demo's responder, or the cluster DNS
 * (directly at its ClusterIP or through a port-forward to a CoreDNS pod). commands/common/dns-transport.ts chooses one.
 */
export interface DnsTransport {
    describe: string;
    via: 'server' | 'direct' | 'port-forward' | 'demo';
    query(name: string, type: string): Promise<{ reply: Reply; server: string; transport: 'udp' | 'tcp'; rttMs: number; exchange?: DnsExchange }>;
    /** --server-mode each with several servers: each one alone (`query` then asks the first only). */
    each?: { server: string; query: DnsTransport['query'] }[];
    close(): Promise<void>;
}
