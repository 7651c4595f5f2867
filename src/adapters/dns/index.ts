/**
 * svcdig's own DNS resolver (no dig, no system resolver): asks the given servers the way a pod's stub resolver does
 * and reports everything about the reply. UDP first with EDNS0 (4096-byte buffer); TCP when the reply is truncated
 * (both shapes: TC with no answers as Knot/NSD/Unbound send it, TC with the answers that fit as CoreDNS/dnsmasq do)
 * or when asked. Hygiene per RFC 5452: random 16-bit ID from crypto, UDP sockets connected to the server asked (a few
 * per server, shared by the queries in flight and replaced as they go: udp.ts), a fresh TCP connection per query,
 * replies accepted only from the server asked, with QR set, the same ID and the same question.
 */
import { randomInt } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import * as dnsPacket from 'dns-packet';
import type { Reply } from '../../core/dns/reply.js';
import { usageError } from '../../errors.js';
import type { AttemptContext, AttemptResult } from './attempt.js';
import { DnsQueryError, ServerFailure, type DnsServerFailure } from './errors.js';
import { QUERY_TYPE_NAMES, recordTypeByName } from '../../core/dns/record-types.js';
import { DroppedReplies } from './dropped.js';
import { bareName, buildQuery, type ParsedReply } from './message.js';
import { formatServerAddress, type DnsServerAddress } from './server-address.js';
import { tcpAttempt } from './tcp.js';
import { UdpSocketPool } from './udp.js';

export { UdpSocketPool } from './udp.js';
export { DnsQueryError, type DnsFailureReason, type DnsServerFailure } from './errors.js';
export { parseServerAddress, formatServerAddress, type DnsServerAddress } from './server-address.js';
export type { DnsExchange, EdnsInfo, HeaderFlags } from '../../core/dns/exchange.js';
import type { DnsExchange } from '../../core/dns/exchange.js';

export interface QueryOptions {
    /** Per attempt. */
    timeoutMs: number;
    /** Extra attempts per server after a timeout (0: one try). */
    retries: number;
    /** Ask over TCP from the start. */
    tcp?: boolean;
    /** Send an EDNS0 OPT record advertising a 4096-byte UDP buffer (default true). */
    edns?: boolean;
    /** Set RD, as a pod's stub resolver does (default true). */
    recursionDesired?: boolean;
    signal?: AbortSignal;
    /**
     * A custom stream transport (a port-forward): given a server, return a connected duplex stream to it. Port-forward
     * carries no UDP, so every query then goes over this stream, framed as DNS over TCP.
     */
    connectStream?: (server: DnsServerAddress) => Promise<Duplex>;
    /**
     * The UDP sockets to share with other queries (a `check` asks thousands); its owner closes it. Without one, each
     * attempt opens a socket of its own and closes it when it ends.
     */
    udpPool?: UdpSocketPool;
}

/** The query type in upper case, or a usage error naming the supported ones. */
export function checkQueryType(type: string): string {
    const t = recordTypeByName(type);
    if (!t) throw usageError(`unknown record type "${type}" (try ${QUERY_TYPE_NAMES.join(', ')}, or TYPEnnn)`);
    return t.name;
}

function checkQueryName(name: string): string {
    const n = bareName(name.trim());
    if (!n || n.length > 253 || !labelsFit(n)) {
        throw usageError(`invalid DNS name "${name}"`);
    }
    return n;
}

/** Every label of `name` is 1 to 63 characters long (RFC 1035 §2.3.4), read in place: a check asks thousands of names. */
function labelsFit(name: string): boolean {
    let start = 0;
    for (let i = 0; i <= name.length; i++) {
        if (i < name.length && name.charCodeAt(i) !== 0x2e) continue;
        if (i === start || i - start > 63) return false;
        start = i + 1;
    }
    return true;
}

async function resolveHost(server: DnsServerAddress, serverText: string): Promise<{ host: string; port: number }> {
    if (isIP(server.host)) return server;
    try {
        const { address } = await lookup(server.host);
        return { host: address, port: server.port };
    } catch (err) {
        throw new ServerFailure('network', `cannot find the address of DNS server ${serverText}: ${(err as NodeJS.ErrnoException).code ?? err}`);
    }
}

interface Asked {
    name: string;
    type: string;
    rd: boolean;
    edns: boolean;
}

/** Where one server is asked: its address as given (for reports), as dialed, and as messages name it. */
interface Target {
    server: DnsServerAddress;
    address: { host: string; port: number };
    serverText: string;
}

/** One attempt over one transport, with a fresh random ID (over UDP the pool's socket picks it: udp.ts). */
function attempt(
    transport: 'udp' | 'tcp',
    target: Target,
    asked: Asked,
    opts: QueryOptions,
    udpPool: UdpSocketPool,
    dropped: DroppedReplies,
): Promise<AttemptResult> {
    const context = (id: number): AttemptContext => {
        const ctx: AttemptContext = { expected: { id, name: asked.name, type: asked.type }, timeoutMs: opts.timeoutMs, serverText: target.serverText, dropped };
        if (opts.signal) ctx.signal = opts.signal;
        return ctx;
    };
    if (transport === 'udp') return udpPool.attempt(target.address, (id) => ({ query: dnsPacket.encode(buildQuery({ id, ...asked })), ctx: context(id) }));
    const id = randomInt(0, 0x10000);
    const connectStream = opts.connectStream;
    const framed = dnsPacket.streamEncode(buildQuery({ id, ...asked }));
    return tcpAttempt(target.address, framed, context(id), connectStream ? () => connectStream(target.server) : undefined);
}

/** Attempts on one server over one transport: retried after a timeout only; any other failure ends them. */
async function withRetries(
    transport: 'udp' | 'tcp',
    target: Target,
    asked: Asked,
    opts: QueryOptions,
    udpPool: UdpSocketPool,
    dropped: DroppedReplies,
): Promise<AttemptResult> {
    const tries = 1 + Math.max(0, Math.floor(opts.retries));
    for (let i = 1; ; i++) {
        try {
            return await attempt(transport, target, asked, opts, udpPool, dropped);
        } catch (err) {
            if (!(err instanceof ServerFailure) || err.reason !== 'timeout' || i >= tries) {
                if (err instanceof ServerFailure && err.reason === 'timeout' && tries > 1) {
                    throw new ServerFailure('timeout', `${err.message} (${transport.toUpperCase()}, ${tries} tries)`);
                }
                throw err;
            }
        }
    }
}

function toExchange(
    server: DnsServerAddress,
    transport: 'udp' | 'tcp',
    asked: Asked,
    r: AttemptResult,
    dropped: DroppedReplies,
    reply: ParsedReply,
): DnsExchange {
    const model: Reply = {
        rcode: reply.rcode,
        answers: reply.answers,
        additionals: reply.additionals,
        authority: reply.authority,
        because: [],
        authoritative: reply.flags.aa,
    };
    const ex: DnsExchange = {
        server,
        transport,
        rttMs: r.rttMs,
        question: { name: asked.name, type: asked.type, class: 'IN' },
        flags: reply.flags,
        id: r.id,
        opcode: reply.opcode,
        reply: model,
        messageBytes: reply.bytes,
        dropped,
    };
    if (reply.edns) {
        ex.edns = reply.edns;
        ex.ednsUdpSize = reply.edns.udpSize;
    }
    return ex;
}

/**
 * Asks `servers` in order for `name`/`type` and returns the first reply. The next server is asked only when one
 * times out, refuses, closes, or sends a malformed reply; an rcode such as SERVFAIL or REFUSED is an answer and is
 * returned as it is (svcdig reports what the server said; glibc would try the next nameserver, musl would not).
 */
export function queryDns(servers: DnsServerAddress[], name: string, type: string, opts: QueryOptions): Promise<DnsExchange> {
    // (not an async function: a check's every query would pay one more promise for nothing)
    if (opts.udpPool) return queryServers(servers, name, type, opts, opts.udpPool);
    return loneQuery(servers, name, type, opts);
}

/** A query without a pool: each attempt (a retry too) on a socket and port of its own, closed when it ends. */
async function loneQuery(servers: DnsServerAddress[], name: string, type: string, opts: QueryOptions): Promise<DnsExchange> {
    const udpPool = new UdpSocketPool({ queriesPerSocket: 1 });
    try {
        return await queryServers(servers, name, type, opts, udpPool);
    } finally {
        udpPool.close();
    }
}

async function queryServers(servers: DnsServerAddress[], name: string, type: string, opts: QueryOptions, udpPool: UdpSocketPool): Promise<DnsExchange> {
    const asked: Asked = {
        name: checkQueryName(name),
        type: checkQueryType(type),
        rd: opts.recursionDesired ?? true,
        edns: opts.edns ?? true,
    };
    if (!servers.length) throw usageError('no DNS server to ask');
    const dropped = new DroppedReplies();
    const failures: DnsServerFailure[] = [];
    const streamOnly = !!opts.connectStream;
    for (const server of servers) {
        const serverText = formatServerAddress(server);
        const droppedHere = new DroppedReplies();
        try {
            // (no await for an IP address, what every query of a check is given: each await costs a turn)
            const address = streamOnly || isIP(server.host) ? server : await resolveHost(server, serverText);
            const target: Target = { server, address, serverText };
            // ignored replies count toward this server's timeout note, and toward the exchange of the one that answers
            const done = (ex: DnsExchange) => {
                dropped.addAll(droppedHere);
                return ex;
            };
            if (!opts.tcp && !streamOnly) {
                const udp = await withRetries('udp', target, asked, opts, udpPool, droppedHere);
                if (!udp.reply.flags.tc) return done(toExchange(server, 'udp', asked, udp, dropped, udp.reply));
                const tcp = await withRetries('tcp', target, asked, opts, udpPool, droppedHere).catch((e: unknown) => {
                    throw afterTruncation(e);
                });
                const ex = toExchange(server, 'tcp', asked, tcp, dropped, tcp.reply);
                ex.truncatedUdp = { answers: udp.reply.answers.length };
                return done(ex);
            }
            const tcp = await withRetries('tcp', target, asked, opts, udpPool, droppedHere);
            return done(toExchange(server, 'tcp', asked, tcp, dropped, tcp.reply));
        } catch (err) {
            if (!(err instanceof ServerFailure)) throw err;
            if (err.reason === 'aborted') throw new DnsQueryError([{ server: serverText, reason: 'aborted', message: err.message }]);
            dropped.addAll(droppedHere);
            const note = err.reason === 'timeout' ? droppedHere.note() : '';
            failures.push({ server: serverText, reason: err.reason, message: err.message + note });
        }
    }
    throw new DnsQueryError(failures);
}

/**
 * A failure of the TCP retry a truncated UDP reply asked for (RFC 7766 §5): says both, or "no reply" would hide that
 * the server did answer over UDP.
 */
function afterTruncation(err: unknown): unknown {
    if (!(err instanceof ServerFailure) || err.reason === 'aborted') return err;
    const what = err.reason === 'timeout' ? 'TCP did not answer' : 'the retry over TCP failed';
    return new ServerFailure(err.reason, `the UDP reply was truncated (TC) and ${what}: ${err.message}`);
}
