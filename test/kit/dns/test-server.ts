/**
 * The test kit's one DNS server: UDP and TCP on the same free 127.0.0.1 port (src/demo/dns-sockets.ts), answering
 * each query
 * - from `records`, as an authoritative server answers (the RRset asked for, NODATA or NXDOMAIN),
 * - or with the Reply `answer(name, type)` computes (encoded as the demo's responder does, src/demo/demo-dns-server.ts),
 * - or with the bytes `raw(decoded query, transport)` says to send, for tests that need full control (the fuzz receive path),
 * and misbehaving on demand (`fault`), after a delay (`delayMs`), leaving chosen questions unanswered (`drop`),
 * while counting what it was asked (`stats`, `load`). Each fault is one thing real networks and servers do (RFC 5452 spoofing
 * shapes; the truncation shapes of Knot, TC with no records, and of CoreDNS and dnsmasq, TC with as many records as
 * fit; dns-packet's lenient decoding, e.g. a cut A record decoding as "10.0.undefined.undefined", see
 * mafintosh/dns-packet index.js). Stop it in the test that started it.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import * as dnsPacket from 'dns-packet';
import type { Reply, RR } from '../../../src/core/dns/reply.js';
import { answerQuery, type AnswerFor } from '../../../src/demo/demo-dns-server.js';
import { bindUdpAndTcp, dnsTcpServer, tcpFrame } from '../../../src/demo/dns-sockets.js';

export type Fault =
    /** Answer correctly. */
    | 'none'
    /** Never answer (UDP and TCP; the TCP connection stays open). */
    | 'drop'
    /** Answer correctly after `delayMs` (default 1000 ms for this fault). */
    | 'delay'
    /** UDP: TC=1 with no answers (Knot, NSD, Unbound); TCP answers in full. */
    | 'tc-empty'
    /** UDP: TC=1 with the first half of the answers (CoreDNS, dnsmasq); TCP answers in full. */
    | 'tc-partial'
    /** TC=1 with no answers over TCP as well: a server that never lets the client escape truncation. */
    | 'tc-always'
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

export type Transport = 'udp' | 'tcp';

/**
 * One piece a `raw` responder sends: a UDP datagram, or bytes written as they are on the TCP connection (the
 * responder frames them, or not). `afterMs` counts from the query's arrival; `end` closes the TCP connection after it.
 */
export interface RawSend {
    bytes: Buffer;
    afterMs?: number;
    end?: boolean;
}

export interface TestServerOptions {
    /** Answer as an authoritative server holding these records. */
    records?: RR[];
    /** Answer each question with this Reply (instead of `records`). */
    answer?: AnswerFor;
    /** Send exactly these bytes for each query (instead of `records` or `answer`; `fault` and `drop` do not apply). */
    raw?: (query: dnsPacket.Packet, transport: Transport) => RawSend[];
    /** 'none' unless told otherwise. */
    fault?: Fault;
    /** Every reply waits this long after its query arrived; the query counts as in flight meanwhile. */
    delayMs?: number;
    /** Questions (lower-case name without trailing dot, type) left unanswered. */
    drop?: (name: string, type: string) => boolean;
}

/** What the server was asked beyond the per-transport count: for tests of how many queries a client holds open. */
export interface TestServerLoad {
    /** Decodable queries received (UDP + TCP). */
    queries: number;
    /** The most queries held at once (waiting for `delayMs`). */
    maxInFlight: number;
    /** The distinct questions seen, as "name TYPE" (name lower-case). */
    questions: Set<string>;
}

export interface TestDnsServer {
    host: '127.0.0.1';
    port: number;
    /** Messages received, by transport. */
    stats: { udp: number; tcp: number };
    load: TestServerLoad;
    setFault(fault: Fault): void;
    stop(): Promise<void>;
}

/** The authoritative answer from `records`: the RRset asked for, NODATA or NXDOMAIN. */
function fromRecords(records: RR[]): AnswerFor {
    return (name, type): Reply => {
        const owned = records.filter((r) => r.name.toLowerCase() === name.toLowerCase());
        return { rcode: owned.length ? 'NOERROR' : 'NXDOMAIN', answers: owned.filter((r) => r.type === type), additionals: [], because: [] };
    };
}

const RCODE_MASK = 0x000f;
const withRcode = (p: dnsPacket.Packet, rcode: number): dnsPacket.Packet => ({ ...p, flags: ((p.flags ?? 0) & ~RCODE_MASK) | rcode, answers: [] });
const truncated = (p: dnsPacket.Packet, answers: dnsPacket.Answer[]): Buffer =>
    dnsPacket.encode({ ...p, flags: (p.flags ?? 0) | dnsPacket.TRUNCATED_RESPONSE, answers, authorities: [], additionals: [] });

function garbageFor(query: dnsPacket.Packet): Buffer {
    const b = Buffer.alloc(40);
    for (let i = 12; i < b.length; i++) b[i] = Math.floor(Math.random() * 256);
    b.writeUInt16BE(query.id ?? 0, 0);
    b.writeUInt16BE(0x8400, 2);
    b.writeUInt16BE(1, 4);
    b.writeUInt16BE(1, 6);
    b[12] = 0x40; // label type 01, unassigned (RFC 6891 §5): undecodable whatever follows
    return b;
}

/** What the server sends for one query under `fault`, given the correct reply: messages (TCP frames each), or none. */
function faultyReplies(msg: Buffer, query: dnsPacket.Packet, good: Buffer, fault: Fault, transport: Transport): Buffer[] {
    const p = dnsPacket.decode(good);
    const otherId = ((query.id ?? 0) + 1) & 0xffff;
    switch (fault) {
        case 'none':
        case 'delay':
        case 'other-port':
            return [good];
        case 'drop':
            return [];
        case 'tc-always':
            return [truncated(p, [])];
        case 'tc-empty':
        case 'tc-then-silent':
        case 'tcp-cut':
            if (transport === 'tcp') return fault === 'tc-then-silent' ? [] : [good];
            return [truncated(p, [])];
        case 'tc-partial': {
            if (transport === 'tcp') return [good];
            const answers = p.answers ?? [];
            return [truncated(p, answers.slice(0, Math.ceil(answers.length / 2)))];
        }
        case 'wrong-id':
            return [dnsPacket.encode({ ...p, id: otherId })];
        case 'spoof-then-answer':
            return [dnsPacket.encode({ ...p, id: otherId }), good];
        case 'wrong-question':
            return [dnsPacket.encode({ ...p, questions: (p.questions ?? []).map((q) => ({ ...q, name: `spoofed.${q.name}` })) })];
        case 'not-response':
            return [Buffer.from(msg)];
        case 'servfail':
            return [dnsPacket.encode(withRcode(p, 2))];
        case 'refused':
            return [dnsPacket.encode(withRcode(p, 5))];
        case 'garbage':
            return [garbageFor(query)];
        case 'short-garbage':
            return [Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00])];
        case 'truncated-rdata':
            return [good.subarray(0, -2)];
        case 'bad-rdlength': {
            // the last record is an A record: its rdata is the last 4 bytes, its rdlength the 2 before
            const b = Buffer.from(good);
            const rd = b.length - 4;
            b.writeUInt16BE(3, rd - 2);
            return [b.subarray(0, rd + 3)];
        }
        case 'trailing-garbage':
            return [Buffer.concat([good, Buffer.from([1, 2, 3, 4, 5])])];
    }
}

/** The messages as they go out on `transport`: TCP frames each; 'tcp-cut' sends half a frame and closes. */
function toSends(messages: Buffer[], fault: Fault, transport: Transport, afterMs: number): RawSend[] {
    if (transport === 'udp') return messages.map((bytes) => ({ bytes, afterMs }));
    return messages.map((m) => {
        const framed = tcpFrame(m);
        return fault === 'tcp-cut' ? { bytes: framed.subarray(0, Math.floor(framed.length / 2)), afterMs, end: true } : { bytes: framed, afterMs };
    });
}

/** Starts the server. Exactly one of `records`, `answer` or `raw` says how it answers. */
export async function startTestDnsServer(opts: TestServerOptions): Promise<TestDnsServer> {
    let fault: Fault = opts.fault ?? 'none';
    const answerFor = opts.answer ?? fromRecords(opts.records ?? []);
    const stats = { udp: 0, tcp: 0 };
    const load: TestServerLoad = { queries: 0, maxInFlight: 0, questions: new Set() };
    let inFlight = 0;
    const timers = new Set<NodeJS.Timeout>();
    const later = (ms: number, fn: () => void) => {
        const t = setTimeout(() => {
            timers.delete(t);
            fn();
        }, ms);
        timers.add(t);
    };

    /** What to send for one query; counts it and holds it in flight until its delay has passed. */
    const sendsFor = (msg: Buffer, transport: Transport): RawSend[] => {
        stats[transport]++;
        let query: dnsPacket.Packet;
        try {
            query = dnsPacket.decode(msg);
        } catch {
            return [];
        }
        if (opts.raw) return opts.raw(query, transport);
        const q = query.questions?.[0];
        load.queries++;
        load.questions.add(`${(q?.name ?? '').toLowerCase()} ${q?.type ?? ''}`);
        const delayMs = opts.delayMs ?? (fault === 'delay' ? 1000 : 0);
        inFlight++;
        load.maxInFlight = Math.max(load.maxInFlight, inFlight);
        later(delayMs, () => inFlight--);
        if (q && opts.drop?.(q.name.toLowerCase(), q.type)) return [];
        const good = answerQuery(msg, answerFor);
        if (!good) return [];
        return toSends(faultyReplies(msg, query, good, fault, transport), fault, transport, delayMs);
    };

    const { tcp, sockets } = dnsTcpServer((msg, sock) => {
        for (const s of sendsFor(msg, 'tcp')) {
            later(s.afterMs ?? 0, () => {
                if (sock.destroyed) return;
                if (s.end) sock.end(s.bytes);
                else sock.write(s.bytes);
            });
        }
    });
    const { udp, port } = await bindUdpAndTcp(tcp);
    const other: UdpSocket = createSocket('udp4');
    await new Promise<void>((resolve) => other.bind(0, '127.0.0.1', () => resolve()));
    udp.on('message', (msg, rinfo) => {
        const from = fault === 'other-port' ? other : udp;
        for (const s of sendsFor(msg, 'udp')) later(s.afterMs ?? 0, () => from.send(s.bytes, rinfo.port, rinfo.address));
    });
    return {
        host: '127.0.0.1',
        port,
        stats,
        load,
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
