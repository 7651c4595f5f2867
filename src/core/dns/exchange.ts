/**
 * One question and the reply that came back, as svcdig's resolver (src/adapters/dns) saw it on the wire: the data the
 * `-o dig` printer shows. Types only, so printers need not import the adapter.
 */
import type { Reply } from './reply.js';

export interface DnsServerAddress {
    host: string;
    port: number;
}

export interface HeaderFlags {
    aa: boolean;
    tc: boolean;
    rd: boolean;
    ra: boolean;
    ad: boolean;
    cd: boolean;
}

export interface EdnsInfo {
    udpSize: number;
    version: number;
    do: boolean;
    options: { code: number; data: string /* hex */ }[];
}

/** Replies ignored while waiting, counted by kind (src/adapters/dns/dropped.ts). */
export interface DroppedCounts {
    readonly total: number;
    readonly counts: Readonly<Partial<Record<string, number>>>;
}

export interface DnsExchange {
    server: DnsServerAddress;
    transport: 'udp' | 'tcp';
    rttMs: number;
    question: { name: string; type: string; class: 'IN' };
    flags: HeaderFlags;
    id: number;
    opcode: string;
    /** Sections in the RR model: names as received, without the trailing dot; the OPT record is in `edns`. */
    reply: Reply;
    ednsUdpSize?: number;
    edns?: EdnsInfo;
    messageBytes: number;
    /** Replies ignored (wrong ID, wrong question, QR clear, wrong source, too short), across every attempt. */
    dropped: DroppedCounts;
    /** The UDP reply had TC set (carrying this many answers) and the query was repeated over TCP. */
    truncatedUdp?: { answers: number };
}
