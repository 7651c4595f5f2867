/**
 * The session's DNS transport, opened once and kept while nothing that chose it changes: the demo's responder, a
 * port-forward to a CoreDNS pod, or the cluster DNS that --via auto proved to be one (commands/common/dns-transport.ts
 * chooses, as for every command). Opening is what costs (a port-forward, auto's probe of up to 800 ms, a note on
 * stderr); the queries themselves are asked afresh for every line. A new server, transport flag, pod to resolve as, or
 * a cluster read again after an API change opens a new one.
 */
import { isDeepStrictEqual } from 'node:util';
import type { DnsTransport } from '../../adapters/dns/transport.js';
import { openDnsTransport } from '../common/dns-transport.js';

type Open = typeof openDnsTransport;
type OpenArgs = Parameters<Open>[0];

export class TransportCache {
    private held: { key: unknown[]; transport: Promise<DnsTransport | null>; abort: AbortController } | undefined;

    /**
     * openDnsTransport's stand-in for the commands: the held transport when it still fits, its close() left to the
     * session. A line's Ctrl-C aborts the held transport's queries in flight (their sockets close at once) and lets it
     * go: the next line opens a new one.
     */
    readonly open: Open = async (args) => {
        const key = keyOf(args);
        if (!this.held || this.held.key[0] !== key[0] || !isDeepStrictEqual(this.held.key.slice(1), key.slice(1))) {
            await this.close();
            const abort = new AbortController();
            this.held = { key, transport: openDnsTransport({ ...args, signal: abort.signal }), abort };
        }
        const held = this.held;
        args.signal?.addEventListener('abort', () => void (this.held === held ? this.close() : held.abort.abort()), { once: true });
        try {
            const transport = await held.transport;
            return transport && { ...transport, close: async () => {} };
        } catch (err) {
            if (this.held === held) this.held = undefined;
            throw err;
        }
    };

    /** How the held transport reaches its server (undefined before the first line asked, or when it failed to open). */
    async heldVia(): Promise<DnsTransport['via'] | undefined> {
        return (await this.held?.transport.catch(() => null))?.via;
    }

    async close(): Promise<void> {
        const held = this.held;
        this.held = undefined;
        held?.abort.abort();
        await (await held?.transport.catch(() => null))?.close();
    }
}

/** What chose the transport: the cluster read (first: compared by identity), the flags and the pod's DNS path. */
function keyOf(args: OpenArgs): unknown[] {
    const o = args.opts;
    return [args.cluster.snapshot, o.server, o.via, o.tcp, o.timeout, o.retries, o.asPod, args.podDns, args.resolv.nameservers];
}
