/**
 * An in-process DNS server on 127.0.0.1 (UDP and TCP on one port) that answers from a record list after a delay and
 * counts how many queries it holds at once, so tests can check svcdig's bound on DNS queries in flight. `drop(name)`
 * leaves chosen questions unanswered (a partly broken server).
 */
import { bindUdpAndTcp, dnsTcpServer, tcpFrame } from '../../src/demo/dns-sockets.js';
import * as dnsPacket from 'dns-packet';
import type { RR } from '../../src/core/dns/reply.js';

export interface CountingDnsServer {
    port: number;
    /** Queries received (UDP + TCP), the most held at once, and the distinct questions ("name TYPE") seen. */
    stats: { queries: number; maxInFlight: number; questions: Set<string> };
    stop(): Promise<void>;
}

const NXDOMAIN = 3;

function toAnswer(rr: RR): dnsPacket.Answer {
    const d = rr.data;
    return { name: rr.name, type: rr.type, class: 'IN', ttl: rr.ttl, data: Array.isArray(d) ? d.map((s) => Buffer.from(s)) : d } as dnsPacket.Answer;
}

/** The authoritative reply for `query` from `records`: the RRset, NODATA or NXDOMAIN. */
function reply(query: dnsPacket.Packet, records: RR[]): Buffer {
    const q = query.questions?.[0];
    const name = (q?.name ?? '').toLowerCase();
    const owned = records.filter((r) => r.name.toLowerCase() === name);
    const answers = owned.filter((r) => r.type === q?.type);
    return dnsPacket.encode({
        type: 'response',
        id: query.id ?? 0,
        flags: dnsPacket.AUTHORITATIVE_ANSWER | ((query.flags ?? 0) & dnsPacket.RECURSION_DESIRED) | (owned.length ? 0 : NXDOMAIN),
        questions: query.questions ?? [],
        answers: answers.map(toAnswer),
    });
}

export async function startCountingDnsServer(opts: { records: RR[]; delayMs: number; drop?: (name: string, type: string) => boolean }): Promise<CountingDnsServer> {
    const stats = { queries: 0, maxInFlight: 0, questions: new Set<string>() };
    let inFlight = 0;
    const timers = new Set<NodeJS.Timeout>();
    /** Holds the query for delayMs (counted as in flight), then answers unless told to drop. */
    const answer = (msg: Buffer, send: (b: Buffer) => void) => {
        let query: dnsPacket.Packet;
        try {
            query = dnsPacket.decode(msg);
        } catch {
            return;
        }
        const q = query.questions?.[0];
        stats.queries++;
        stats.questions.add(`${(q?.name ?? '').toLowerCase()} ${q?.type ?? ''}`);
        inFlight++;
        stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
        const t = setTimeout(() => {
            timers.delete(t);
            inFlight--;
            if (q && opts.drop?.(q.name.toLowerCase(), q.type)) return;
            send(reply(query, opts.records));
        }, opts.delayMs);
        timers.add(t);
    };
    const { tcp, sockets } = dnsTcpServer((msg, sock) =>
        answer(msg, (b) => {
            if (!sock.destroyed) sock.write(tcpFrame(b));
        }),
    );
    const { udp, port } = await bindUdpAndTcp(tcp);
    udp.on('message', (msg, rinfo) => answer(msg, (b) => udp.send(b, rinfo.port, rinfo.address)));
    return {
        port,
        stats,
        async stop() {
            for (const t of timers) clearTimeout(t);
            for (const s of sockets) s.destroy();
            await Promise.all([new Promise<void>((r) => udp.close(() => r())), new Promise<void>((r) => tcp.close(() => r()))]);
        },
    };
}
