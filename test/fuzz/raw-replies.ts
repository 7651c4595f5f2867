/**
 * The fuzz receive path's replies through real sockets: a `raw` responder for the test kit's DNS server
 * (test/kit/dns/test-server.ts) that answers every query with a mutated reply. The query name's first label `c<N>`
 * names the case: case N of the seed decides the reply (a built seed reply for the question, 0 to 3 mutations, the
 * query's ID claimed or not) and how it is delivered (UDP: once, twice, or never; TCP: split into random chunks, a
 * wrong length prefix, cut off, or never).
 */
import type * as dnsPacket from 'dns-packet';
import type { RawSend, Transport } from '../kit/dns/test-server.js';
import { builtReplies, stressReplies } from './corpus.js';
import { claimAnswer } from './engine.js';
import { layoutOf, MUTATORS, MUTATOR_NAMES } from './mutators.js';
import { caseSeed, mulberry32, type Rng } from './prng.js';

/** How the replies were delivered, so the test can check the odd deliveries happened. */
export interface DeliveryStats {
    chunks: number;
    cut: number;
    silent: number;
}

/** The mutated reply for one query: case `index`, the transport as a second input so UDP and TCP differ. */
function replyFor(seed: number, query: dnsPacket.Packet, transport: Transport): { rng: Rng; reply: Buffer } | null {
    const q = query.questions?.[0];
    if (!q) return null;
    const index = Number(/^c(\d+)\./.exec(q.name)?.[1] ?? 0);
    const rng = mulberry32(caseSeed(seed, index * 2 + (transport === 'tcp' ? 1 : 0)));
    const id = query.id ?? 0;
    const all = [...builtReplies(id, q.name), ...(rng.chance(0.03) ? stressReplies(id, q.name) : [])];
    const same = all.filter((e) => e.expected.type === q.type);
    const base = rng.pick(same.length && rng.chance(0.9) ? same : all);
    let buf: Buffer = Buffer.from(base.buf);
    let layout = layoutOf(buf);
    for (let n = rng.pick([0, 1, 1, 1, 2, 3]); n > 0; n--) {
        buf = (MUTATORS[rng.pick(MUTATOR_NAMES)] as (typeof MUTATORS)[string])({ rng, buf, layout, donor: () => rng.pick(all).buf });
        layout = layoutOf(buf) ?? layout;
    }
    if (rng.chance(0.85)) buf = claimAnswer(Buffer.from(buf), base.expected);
    return { rng, reply: buf };
}

/** TCP: the reply framed (sometimes with a wrong length), in random chunks at growing delays, sometimes cut off. */
function tcpSends(rng: Rng, reply: Buffer, stats: DeliveryStats): RawSend[] {
    const framed = Buffer.alloc(2 + reply.length);
    framed.writeUInt16BE(rng.chance(0.1) ? rng.int(0x10000) : reply.length & 0xffff, 0);
    reply.copy(framed, 2);
    const cutAt = rng.chance(0.1) ? rng.int(framed.length) : framed.length;
    if (cutAt < framed.length) stats.cut++;
    const sends: RawSend[] = [];
    let pos = 0;
    let delay = 0;
    while (pos < cutAt) {
        const size = Math.min(cutAt - pos, rng.chance(0.5) ? rng.range(1, 8) : rng.range(1, 2000));
        const bytes = framed.subarray(pos, pos + size);
        pos += size;
        delay += rng.int(3);
        stats.chunks++;
        sends.push({ bytes, afterMs: delay, end: pos >= cutAt && cutAt < framed.length });
    }
    return sends;
}

/** The raw responder for `seed`; `stats` counts its odd deliveries. */
export function fuzzReplies(seed: number, stats: DeliveryStats): (query: dnsPacket.Packet, transport: Transport) => RawSend[] {
    return (query, transport) => {
        const r = replyFor(seed, query, transport);
        if (!r) return [];
        const { rng, reply } = r;
        if (rng.chance(0.08)) {
            stats.silent++;
            return [];
        }
        if (transport === 'tcp') return tcpSends(rng, reply, stats);
        // Sometimes a spoofed copy (another ID byte) arrives first.
        const spoof = reply.length >= 2 && rng.chance(0.15) ? [{ bytes: Buffer.from(reply).fill((reply[0]! + 1 + rng.int(255)) & 0xff, 0, 1) }] : [];
        return [...spoof, { bytes: reply }];
    };
}
