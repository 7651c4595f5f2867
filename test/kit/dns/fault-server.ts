/**
 * An in-process DNS server on 127.0.0.1 (UDP and TCP on the same free port) that answers from a list of records and
 * misbehaves on demand, so the resolver's handling of every fault can be tested: each fault is one thing real
 * networks and servers do (RFC 5452 spoofing shapes; the truncation shapes of Knot, TC with no records, and of CoreDNS
 * and dnsmasq, TC with as many records as fit; dns-packet's lenient decoding, e.g. a cut A record decoding as
 * "10.0.undefined.undefined", see mafintosh/dns-packet index.js).
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import * as dnsPacket from 'dns-packet';
import type { RR } from '../../../src/core/dns/reply.js';
import { bindUdpAndTcp, dnsTcpServer, tcpFrame } from '../../../src/demo/dns-sockets.js';

export type Fault =
    /** Answer correctly. */
    | 'none'
    /** Never answer (UDP and TCP; the TCP connection stays open). */
    | 'drop'
    /** Answer correctly after `delayMs`. */
    | 'delay'
    /** UDP: TC=1 with no answers (Knot, NSD, Unbound); TCP answers in full. */
    | 'tc-empty'
    /** UDP: TC=1 with the first half of the answers (CoreDNS, dnsmasq); TCP answers in full. */
    | 'tc-partial'
    /** Reply with another ID. */
    | 'wrong-id'
    /** Reply with another question name. */
    | 'wrong-question'
    /** Echo the query back with QR clear. */
    | 'not-response'
    /** UDP: send the reply from a second socket (another source port). */
    | 'other-port'
    | 'servfail'
    | 'refused'
    /** The query's ID with QR set, then random bytes: a message that claims to answer but does not parse. */
    | 'garbage'
    /** Five random bytes, shorter than a DNS header. */
    | 'short-garbage'
    /** The reply cut two bytes into its last A record's address (dns-packet reads "10.0.undefined.undefined"). */
    | 'truncated-rdata'
    /** The last A record's rdlength set to 3 with one address byte removed (dns-packet still reads 4). */
    | 'bad-rdlength'
    /** Correct reply followed by extra bytes (dns-packet ignores them). */
    | 'trailing-garbage'
    /** UDP: TC with no answers; TCP: half of the framed reply, then the connection closes. */
    | 'tcp-cut'
    /** UDP: TC with no answers; TCP: the connection is accepted and never answered. */
    | 'tc-then-silent'
    /** A spoofed reply with the wrong ID first, then the right one. */
    | 'spoof-then-answer';

export interface FaultServerOptions {
    records: RR[];
    fault?: Fault;
    /** For 'delay' (default 1000 ms). */
    delayMs?: number;
}

export interface FaultServer {
    host: '127.0.0.1';
    port: number;
    /** Queries received, by transport. */
    stats: { udp: number; tcp: number };
    setFault(fault: Fault): void;
    stop(): Promise<void>;
}

const RCODE = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 } as const;

function toAnswer(rr: RR): dnsPacket.Answer {
    const d = rr.data;
    return { name: rr.name, type: rr.type, class: 'IN', ttl: rr.ttl, data: Array.isArray(d) ? d.map((s) => Buffer.from(s)) : d } as dnsPacket.Answer;
}

/** The correct authoritative reply from `records`: the RRset asked for, NODATA or NXDOMAIN. */
function correctReply(query: dnsPacket.Packet, records: RR[], rcodeOverride?: number, answersFilter?: (a: RR[]) => RR[]): dnsPacket.Packet {
    const q = query.questions?.[0];
    const name = q?.name.toLowerCase() ?? '';
    const owned = records.filter((r) => r.name.toLowerCase() === name);
    let answers = owned.filter((r) => r.type === q?.type);
    if (answersFilter) answers = answersFilter(answers);
    const rcode = rcodeOverride ?? (owned.length ? RCODE.NOERROR : RCODE.NXDOMAIN);
    return {
        type: 'response',
        id: query.id ?? 0,
        flags: dnsPacket.AUTHORITATIVE_ANSWER | ((query.flags ?? 0) & dnsPacket.RECURSION_DESIRED) | rcode,
        questions: query.questions ?? [],
        answers: rcodeOverride ? [] : answers.map(toAnswer),
    };
}

/** The offset of the last record's rdata in an encoded message whose last record is an A record. */
function lastARdata(buf: Buffer): number {
    return buf.length - 4;
}

/** What the server sends for one query: messages (each sent separately; TCP frames them), or nothing. */
function repliesFor(msg: Buffer, fault: Fault, records: RR[], transport: 'udp' | 'tcp'): Buffer[] {
    let query: dnsPacket.Packet;
    try {
        query = dnsPacket.decode(msg);
    } catch {
        return [];
    }
    const good = () => dnsPacket.encode(correctReply(query, records));
    switch (fault) {
        case 'none':
        case 'delay':
        case 'other-port':
            return [good()];
        case 'drop':
            return [];
        case 'tc-empty':
        case 'tc-then-silent':
        case 'tcp-cut': {
            if (transport === 'tcp' && fault === 'tc-then-silent') return [];
            if (transport === 'tcp') return [good()];
            const p = correctReply(query, records, undefined, () => []);
            return [dnsPacket.encode({ ...p, flags: p.flags! | dnsPacket.TRUNCATED_RESPONSE })];
        }
        case 'tc-partial': {
            if (transport === 'tcp') return [good()];
            const p = correctReply(query, records, undefined, (a) => a.slice(0, Math.ceil(a.length / 2)));
            return [dnsPacket.encode({ ...p, flags: p.flags! | dnsPacket.TRUNCATED_RESPONSE })];
        }
        case 'wrong-id':
            return [dnsPacket.encode({ ...correctReply(query, records), id: ((query.id ?? 0) + 1) & 0xffff })];
        case 'spoof-then-answer':
            return [dnsPacket.encode({ ...correctReply(query, records), id: ((query.id ?? 0) + 1) & 0xffff }), good()];
        case 'wrong-question': {
            const p = correctReply(query, records);
            return [dnsPacket.encode({ ...p, questions: (p.questions ?? []).map((q) => ({ ...q, name: `spoofed.${q.name}` })) })];
        }
        case 'not-response':
            return [Buffer.from(msg)];
        case 'servfail':
            return [dnsPacket.encode(correctReply(query, records, RCODE.SERVFAIL))];
        case 'refused':
            return [dnsPacket.encode(correctReply(query, records, RCODE.REFUSED))];
        case 'garbage': {
            const b = Buffer.alloc(40);
            for (let i = 12; i < b.length; i++) b[i] = Math.floor(Math.random() * 256);
            b.writeUInt16BE(query.id ?? 0, 0);
            b.writeUInt16BE(0x8400, 2);
            b.writeUInt16BE(1, 4);
            b.writeUInt16BE(1, 6);
            b[12] = 0x40; // label type 01, unassigned (RFC 6891 §5): undecodable whatever follows
            return [b];
        }
        case 'short-garbage':
            return [Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00])];
        case 'truncated-rdata':
            return [good().subarray(0, -2)];
        case 'bad-rdlength': {
            const b = good();
            const rd = lastARdata(b);
            b.writeUInt16BE(3, rd - 2);
            return [b.subarray(0, rd + 3)];
        }
        case 'trailing-garbage':
            return [Buffer.concat([good(), Buffer.from([1, 2, 3, 4, 5])])];
    }
}

/** Starts the server; 'none' unless `fault` says otherwise. Stop it in the test that started it. */
export async function startFaultServer(opts: FaultServerOptions): Promise<FaultServer> {
    let fault: Fault = opts.fault ?? 'none';
    const delayMs = opts.delayMs ?? 1000;
    const timers = new Set<NodeJS.Timeout>();
    const stats = { udp: 0, tcp: 0 };
    const later = (fn: () => void) => {
        if (fault !== 'delay') return fn();
        const t = setTimeout(() => {
            timers.delete(t);
            fn();
        }, delayMs);
        timers.add(t);
    };

    const { tcp, sockets } = dnsTcpServer((msg, sock) => {
        stats.tcp++;
        const current = fault;
        const out = repliesFor(msg, current, opts.records, 'tcp');
        later(() => {
            for (const m of out) {
                const framed = tcpFrame(m);
                if (current === 'tcp-cut') {
                    sock.end(framed.subarray(0, Math.floor(framed.length / 2)));
                    return;
                }
                sock.write(framed);
            }
        });
    });
    const { udp, port } = await bindUdpAndTcp(tcp);
    const other: UdpSocket = createSocket('udp4');
    await new Promise<void>((resolve) => other.bind(0, '127.0.0.1', () => resolve()));
    udp.on('message', (msg, rinfo) => {
        stats.udp++;
        const out = repliesFor(msg, fault, opts.records, 'udp');
        const from = fault === 'other-port' ? other : udp;
        later(() => {
            for (const m of out) from.send(m, rinfo.port, rinfo.address);
        });
    });
    return {
        host: '127.0.0.1',
        port,
        stats,
        setFault(f) {
            fault = f;
        },
        async stop() {
            for (const t of timers) clearTimeout(t);
            timers.clear();
            for (const s of sockets) s.destroy();
            await Promise.all([
                new Promise<void>((resolve) => udp.close(() => resolve())),
                new Promise<void>((resolve) => other.close(() => resolve())),
                new Promise<void>((resolve) => tcp.close(() => resolve())),
            ]);
        },
    };
}
