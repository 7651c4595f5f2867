/**
 * An in-process DNS server on 127.0.0.1 (UDP and TCP on one free port) that answers every query with a mutated reply,
 * for fuzzing the resolver through real sockets. The query name's first label `c<N>` names the case: case N of the
 * seed decides the reply (a built seed reply for the question, 0 to 3 mutations, the query's ID claimed or not) and
 * how it is delivered (UDP: once, twice, or never; TCP: split into random chunks, a wrong length prefix, cut off,
 * or never). Stop it in the test that started it.
 */
import * as dnsPacket from 'dns-packet';
import { bindUdpAndTcp, dnsTcpServer } from '../../src/demo/dns-sockets.js';
import { builtReplies, stressReplies } from './corpus.js';
import { claimAnswer } from './engine.js';
import { layoutOf, MUTATORS, MUTATOR_NAMES } from './mutators.js';
import { caseSeed, mulberry32, type Rng } from './prng.js';

export interface FuzzDnsServer {
    host: '127.0.0.1';
    port: number;
    stats: { udp: number; tcp: number; chunks: number; cut: number; silent: number };
    stop(): Promise<void>;
}

/** The mutated reply for one query: case `index`, the transport as a second input so UDP and TCP differ. */
function replyFor(seed: number, msg: Buffer, transport: 'udp' | 'tcp'): { rng: Rng; reply: Buffer } | null {
    let query: dnsPacket.Packet;
    try {
        query = dnsPacket.decode(msg);
    } catch {
        return null;
    }
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

export async function startFuzzDnsServer(seed: number): Promise<FuzzDnsServer> {
    const stats = { udp: 0, tcp: 0, chunks: 0, cut: 0, silent: 0 };
    const timers = new Set<NodeJS.Timeout>();
    const later = (ms: number, fn: () => void) => {
        const t = setTimeout(() => {
            timers.delete(t);
            fn();
        }, ms);
        timers.add(t);
    };
    const { tcp, sockets } = dnsTcpServer((msg, sock) => {
        stats.tcp++;
        const r = replyFor(seed, msg, 'tcp');
        if (!r) return;
        const { rng, reply } = r;
        if (rng.chance(0.08)) {
            stats.silent++;
            return;
        }
        const framed = Buffer.alloc(2 + reply.length);
        framed.writeUInt16BE(rng.chance(0.1) ? rng.int(0x10000) : reply.length & 0xffff, 0);
        reply.copy(framed, 2);
        const cutAt = rng.chance(0.1) ? rng.int(framed.length) : framed.length;
        if (cutAt < framed.length) stats.cut++;
        let pos = 0;
        let delay = 0;
        while (pos < cutAt) {
            const size = Math.min(cutAt - pos, rng.chance(0.5) ? rng.range(1, 8) : rng.range(1, 2000));
            const piece = framed.subarray(pos, pos + size);
            pos += size;
            const last = pos >= cutAt;
            delay += rng.int(3);
            stats.chunks++;
            later(delay, () => {
                if (sock.destroyed) return;
                if (last && cutAt < framed.length) sock.end(piece);
                else sock.write(piece);
            });
        }
    });
    const { udp, port } = await bindUdpAndTcp(tcp);
    udp.on('message', (msg, rinfo) => {
        stats.udp++;
        const r = replyFor(seed, msg, 'udp');
        if (!r) return;
        const { rng, reply } = r;
        if (rng.chance(0.08)) {
            stats.silent++;
            return;
        }
        // Sometimes a spoofed copy (another ID byte) arrives first.
        if (reply.length >= 2 && rng.chance(0.15)) udp.send(Buffer.from(reply).fill((reply[0]! + 1 + rng.int(255)) & 0xff, 0, 1), rinfo.port, rinfo.address);
        udp.send(reply, rinfo.port, rinfo.address);
    });
    return {
        host: '127.0.0.1',
        port,
        stats,
        async stop() {
            for (const t of timers) clearTimeout(t);
            timers.clear();
            for (const s of sockets) s.destroy();
            await Promise.all([new Promise<void>((resolve) => udp.close(() => resolve())), new Promise<void>((resolve) => tcp.close(() => resolve()))]);
        },
    };
}
