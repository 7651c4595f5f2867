import * as dnsPacket from 'dns-packet';
import type { Reply, RR } from '../core/dns/reply.js';

const RCODES: Record<string, number> = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 };

function toAnswer(rr: RR): dnsPacket.Answer {
    const d = rr.data;
    const data = Array.isArray(d) ? d.map((s) => Buffer.from(s)) : d;
    return { name: rr.name, type: rr.type, class: 'IN', ttl: rr.ttl, data } as unknown as dnsPacket.Answer;
}

/** A Reply as a DNS response packet to `query` (id, question and RD echoed; AA as the reply says). */
export function replyToPacket(query: dnsPacket.Packet, reply: Reply): Buffer {
    const flags =
        (reply.authoritative !== false ? dnsPacket.AUTHORITATIVE_ANSWER : 0) | ((query.flags ?? 0) & dnsPacket.RECURSION_DESIRED) | (RCODES[reply.rcode] ?? 2);
    return dnsPacket.encode({
        type: 'response',
        id: query.id ?? 0,
        flags,
        questions: query.questions ?? [],
        answers: reply.answers.map(toAnswer),
        authorities: (reply.authority ?? []).map(toAnswer),
        additionals: reply.additionals.map(toAnswer),
    });
}
