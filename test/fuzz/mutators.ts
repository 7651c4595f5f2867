/**
 * Mutations of DNS messages (RFC 1035 §4.1 layout): blind byte-level ones (bit flips, byte sets, truncation,
 * extension, insertion, deletion, splicing) and structure-aware ones that aim at the fields a parser trusts (section
 * counts, label length bytes, compression pointers, record type/class/rdlength, the header's ID and flags). Every
 * mutator is a pure function of its random source, so a case is replayed from its seed alone.
 */
import { walkMessage, type WireMessage } from '../../src/adapters/dns/wire.js';
import type { Rng } from './prng.js';

/** Where a message's names and fixed fields are, found by walking the unmutated seed. */
export interface Layout {
    /** Offsets of names: the question's, every owner name, and the names inside CNAME/PTR/NS/SRV/SOA/MX rdata. */
    names: number[];
    /** Offsets of each record's TYPE field (CLASS is +2, TTL +4, RDLENGTH +8). */
    typeFields: number[];
    records: { start: number; end: number }[];
    /** End of the question section. */
    questionEnd: number;
}

export function layoutOf(buf: Buffer): Layout | null {
    let wire: WireMessage;
    try {
        wire = walkMessage(buf);
    } catch {
        return null;
    }
    const names: number[] = wire.questions.length ? [12] : [];
    const typeFields: number[] = [];
    const records: Layout['records'] = [];
    for (const r of wire.records) {
        names.push(r.start);
        typeFields.push(r.rdStart - 10);
        records.push({ start: r.start, end: r.rdStart + r.rdLength });
        if ([2, 5, 12, 39, 6].includes(r.type) && r.rdLength > 0) names.push(r.rdStart);
        if (r.type === 33 && r.rdLength > 6) names.push(r.rdStart + 6);
        if (r.type === 15 && r.rdLength > 2) names.push(r.rdStart + 2);
    }
    const questionEnd = records[0]?.start ?? buf.length;
    return { names, typeFields, records, questionEnd };
}

export interface MutationInput {
    rng: Rng;
    buf: Buffer;
    layout: Layout | null;
    /** Another seed message, for splicing. */
    donor: () => Buffer;
}

export type Mutator = (m: MutationInput) => Buffer;

const INTERESTING_BYTES = [0x00, 0x01, 0x3f, 0x40, 0x7f, 0x80, 0xbf, 0xc0, 0xc1, 0xff, 0x0c, 0x20, 0x2e];
const INTERESTING_16 = [0, 1, 2, 3, 4, 6, 15, 16, 17, 63, 64, 255, 256, 512, 0x7fff, 0x8000, 0xfffe, 0xffff];
const TYPES = [1, 2, 5, 6, 12, 15, 16, 28, 33, 39, 41, 0, 255, 257, 46, 47, 43, 50, 13, 10, 99, 65, 64, 0xffff];

const copy = (b: Buffer) => Buffer.from(b);

/** An offset inside `b` (0 for an empty buffer). */
const anywhere = (rng: Rng, b: Buffer) => rng.int(b.length);

function write16(b: Buffer, at: number, v: number): Buffer {
    if (at + 2 <= b.length) b.writeUInt16BE(v & 0xffff, at);
    return b;
}

function some16(rng: Rng, current: number): number {
    switch (rng.int(4)) {
        case 0:
            return rng.pick(INTERESTING_16);
        case 1:
            return current + rng.range(-3, 3);
        case 2:
            return rng.int(0x10000);
        default:
            return current ^ (1 << rng.int(16));
    }
}

/** Named mutators; the name goes into the case's recipe so a failure says what was done. */
export const MUTATORS: Record<string, Mutator> = {
    bitflip({ rng, buf }) {
        const b = copy(buf);
        for (let i = rng.range(1, 8); i > 0 && b.length; i--) {
            const at = anywhere(rng, b);
            b[at] = (b[at] as number) ^ (1 << rng.int(8));
        }
        return b;
    },
    byteset({ rng, buf }) {
        const b = copy(buf);
        for (let i = rng.range(1, 4); i > 0 && b.length; i--) b[anywhere(rng, b)] = rng.chance(0.6) ? rng.pick(INTERESTING_BYTES) : rng.int(256);
        return b;
    },
    truncate({ rng, buf }) {
        return buf.subarray(0, rng.int(buf.length + 1));
    },
    extend({ rng, buf }) {
        const garbage = rng.chance(0.3) ? Buffer.alloc(rng.range(1, 8)) : rng.bytes(rng.range(1, 300));
        return Buffer.concat([buf, garbage]);
    },
    insert({ rng, buf }) {
        const at = rng.int(buf.length + 1);
        return Buffer.concat([buf.subarray(0, at), rng.bytes(rng.range(1, 16)), buf.subarray(at)]);
    },
    delete({ rng, buf }) {
        const at = rng.int(buf.length + 1);
        return Buffer.concat([buf.subarray(0, at), buf.subarray(at + rng.range(1, 16))]);
    },
    counts({ rng, buf }) {
        const b = copy(buf);
        const at = 4 + 2 * rng.int(4);
        return at + 2 <= b.length ? write16(b, at, some16(rng, b.readUInt16BE(at))) : b;
    },
    header({ rng, buf }) {
        const b = copy(buf);
        if (b.length < 4) return b;
        switch (rng.int(6)) {
            case 0:
                return write16(b, 0, rng.int(0x10000));
            case 1:
                return write16(b, 2, b.readUInt16BE(2) ^ 0x8000); // QR
            case 2:
                return write16(b, 2, (b.readUInt16BE(2) & ~0x7800) | (rng.int(16) << 11)); // opcode
            case 3:
                return write16(b, 2, (b.readUInt16BE(2) & ~0x000f) | rng.int(16)); // rcode
            case 4:
                return write16(b, 2, b.readUInt16BE(2) ^ (1 << rng.range(4, 10))); // AA TC RD RA Z AD CD
            default:
                return write16(b, 2, rng.int(0x10000));
        }
    },
    /** Compression pointer games at a name: loops, forward pointers, out of range, into the header, chains. */
    pointer({ rng, buf, layout }) {
        const b = copy(buf);
        if (b.length < 14) return b;
        const at = layout?.names.length && rng.chance(0.85) ? rng.pick(layout.names) : anywhere(rng, b);
        if (at + 2 > b.length) return b;
        let target: number;
        switch (rng.int(7)) {
            case 0:
                target = at; // points at itself: a loop
                break;
            case 1:
                target = rng.range(at + 1, Math.min(0x3fff, at + 64)); // forward
                break;
            case 2:
                target = rng.range(b.length, 0x3fff); // out of the message
                break;
            case 3:
                target = rng.int(12); // into the header
                break;
            case 4: {
                // two pointers pointing at each other (the second before the first)
                target = Math.max(0, at - 2);
                if (target + 2 <= b.length) write16(b, target, 0xc000 | at);
                break;
            }
            case 5:
                target = layout?.names.length ? rng.pick(layout.names) : 12; // another name, possibly later
                break;
            default:
                target = rng.int(Math.max(1, at)); // backward, anywhere
        }
        return write16(b, at, 0xc000 | (target & 0x3fff));
    },
    /** A label length byte set to something else: longer than what follows, 63/64, the 0x40/0x80 label types, zero. */
    label({ rng, buf, layout }) {
        const b = copy(buf);
        const at = layout?.names.length ? rng.pick(layout.names) : 12;
        if (at >= b.length) return b;
        // walk a few labels in so inner labels are hit too
        let pos = at;
        for (let hops = rng.int(4); hops > 0 && pos < b.length && (b[pos] as number) > 0 && (b[pos] as number) < 64; hops--) pos += 1 + (b[pos] as number);
        if (pos >= b.length) return b;
        b[pos] = rng.pick([0, 1, 62, 63, 64, 65, 0x7f, 0x80, 0xbf, 0xff, ((b[pos] as number) + 1) & 0xff, ((b[pos] as number) + 40) & 0xff, rng.int(256)]);
        return b;
    },
    rdlength({ rng, buf, layout }) {
        const b = copy(buf);
        if (!layout?.typeFields.length) return b;
        const at = rng.pick(layout.typeFields) + 8;
        return at + 2 <= b.length ? write16(b, at, some16(rng, b.readUInt16BE(at))) : b;
    },
    rtype({ rng, buf, layout }) {
        const b = copy(buf);
        if (!layout?.typeFields.length) return b;
        const at = rng.pick(layout.typeFields) + (rng.chance(0.8) ? 0 : 2); // TYPE, sometimes CLASS
        return write16(b, at, rng.chance(0.8) ? rng.pick(TYPES) : rng.int(0x10000));
    },
    ttl({ rng, buf, layout }) {
        const b = copy(buf);
        if (!layout?.typeFields.length) return b;
        const at = rng.pick(layout.typeFields) + 4;
        if (at + 4 <= b.length) b.writeUInt32BE(rng.pick([0, 1, 0x7fffffff, 0x80000000, 0xffffffff, rng.int(0x100000000)]), at);
        return b;
    },
    /** Bytes inside one record's data only (addresses, ports, names in rdata, TXT lengths, OPT options). */
    rdata({ rng, buf, layout }) {
        const b = copy(buf);
        if (!layout?.typeFields.length) return b;
        const i = rng.int(layout.typeFields.length);
        const rdStart = (layout.typeFields[i] as number) + 10;
        const end = layout.records[i]?.end ?? rdStart;
        if (end <= rdStart) return b;
        for (let n = rng.range(1, 3); n > 0; n--) b[rng.range(rdStart, end - 1)] = rng.chance(0.5) ? rng.pick(INTERESTING_BYTES) : rng.int(256);
        return b;
    },
    /** A record repeated (count raised to match), or a record removed (count lowered): valid shapes, odd contents. */
    records({ rng, buf, layout }) {
        if (!layout?.records.length || buf.length < 12) return copy(buf);
        const r = rng.pick(layout.records);
        const section = sectionOf(buf, layout, r.start);
        const dup = rng.chance(0.6);
        const out = dup
            ? Buffer.concat([buf.subarray(0, r.end), buf.subarray(r.start, r.end), buf.subarray(r.end)])
            : Buffer.concat([buf.subarray(0, r.start), buf.subarray(r.end)]);
        if (section >= 0) {
            const at = 6 + 2 * section;
            write16(out, at, out.readUInt16BE(at) + (dup ? 1 : -1));
        }
        return out;
    },
    /** Two messages cut and joined: a byte-level splice, or one's header and question with the other's records. */
    splice({ rng, buf, layout, donor }) {
        const other = donor();
        if (rng.chance(0.5) || !layout) return Buffer.concat([buf.subarray(0, rng.int(buf.length + 1)), other.subarray(rng.int(other.length + 1))]);
        const otherLayout = layoutOf(other);
        if (!otherLayout) return Buffer.concat([buf, other]);
        const out = Buffer.concat([buf.subarray(0, layout.questionEnd), other.subarray(otherLayout.questionEnd)]);
        if (out.length >= 12 && other.length >= 12) other.copy(out, 6, 6, 12); // the donor's record counts
        return out;
    },
};

/** Which record section (0 answer, 1 authority, 2 additional) the record at `start` is in, from the header counts. */
function sectionOf(buf: Buffer, layout: Layout, start: number): number {
    const idx = layout.records.findIndex((r) => r.start === start);
    let acc = 0;
    for (let s = 0; s < 3; s++) {
        acc += buf.readUInt16BE(6 + 2 * s);
        if (idx < acc) return s;
    }
    return -1;
}

export const MUTATOR_NAMES = Object.keys(MUTATORS);
