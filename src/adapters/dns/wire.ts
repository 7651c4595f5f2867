/**
 * A strict walk over a DNS message's wire format (RFC 1035 §4.1), done before trusting dns-packet's lenient decoder:
 * it checks that every name stays inside the message, that every record's rdata fits, and that nothing trails the last
 * record. dns-packet itself reads a cut-short A record as "10.0.undefined.undefined" and ignores trailing bytes.
 */

export class WireError extends Error {}

export const SECTIONS = ['question', 'answer', 'authority', 'additional'] as const;
export type Section = (typeof SECTIONS)[number];

export interface WireRecord {
    section: Exclude<Section, 'question'>;
    /** Offset of the owner name. */
    start: number;
    type: number;
    klass: number;
    rdStart: number;
    rdLength: number;
}

export interface WireQuestion {
    name: string;
    type: number;
    klass: number;
}

export interface WireMessage {
    id: number;
    flags: number;
    counts: { question: number; answer: number; authority: number; additional: number };
    questions: WireQuestion[];
    records: WireRecord[];
}

const MAX_POINTER_JUMPS = 128;

/** Reads the name at `offset`: its text (labels joined by '.', '.' for the root) and where the name ends in place. */
export function readName(buf: Buffer, offset: number): { name: string; end: number } {
    const labels: string[] = [];
    const end = walkName(buf, offset, labels);
    return { name: labels.length ? labels.join('.') : '.', end };
}

/** Checks the name at `offset` as readName does, without building its text; returns where it ends in place. */
export function checkName(buf: Buffer, offset: number): number {
    return walkName(buf, offset);
}

/**
 * Checks the name at `offset` and returns where it ends in place; its labels go to `labels` when given (a record's
 * owner is only checked here: dns-packet reads its text).
 */
function walkName(buf: Buffer, offset: number, labels?: string[]): number {
    let pos = offset;
    let end = -1;
    let jumps = 0;
    let length = 1;
    for (;;) {
        if (pos >= buf.length) throw new WireError('a name runs past the end of the message');
        const len = buf[pos] as number;
        if ((len & 0xc0) === 0xc0) {
            if (pos + 1 >= buf.length) throw new WireError('a name pointer runs past the end of the message');
            if (end === -1) end = pos + 2;
            if (++jumps > MAX_POINTER_JUMPS) throw new WireError('a name has a compression pointer loop');
            const target = buf.readUInt16BE(pos) & 0x3fff;
            if (target >= pos) throw new WireError('a name has a compression pointer that points forward');
            pos = target;
            continue;
        }
        if ((len & 0xc0) !== 0) throw new WireError(`a name has an unknown label type 0x${(len & 0xc0).toString(16)}`);
        if (len === 0) {
            if (end === -1) end = pos + 1;
            break;
        }
        if (pos + 1 + len > buf.length) throw new WireError('a name runs past the end of the message');
        length += len + 1;
        if (length > 255) throw new WireError('a name is longer than 255 bytes');
        // A label holding a "." byte (api\.dev on the wire) would read as two labels once joined: the same text as a
        // different name. No cluster name has one (Kubernetes names are DNS-1123 labels), so the reply is malformed.
        if (hasDot(buf, pos + 1, pos + 1 + len)) {
            const label = buf.toString('latin1', pos + 1, pos + 1 + len);
            throw new WireError(`a name has a label containing "." (${JSON.stringify(label)}), which svcdig cannot tell apart from two labels`);
        }
        labels?.push(buf.toString('latin1', pos + 1, pos + 1 + len));
        pos += 1 + len;
    }
    return end;
}

const DOT = 0x2e;

function hasDot(buf: Buffer, from: number, to: number): boolean {
    for (let i = from; i < to; i++) if (buf[i] === DOT) return true;
    return false;
}

/** Walks the header, the question and every record; throws WireError on anything that does not fit exactly. */
export function walkMessage(buf: Buffer): WireMessage {
    if (buf.length < 12) throw new WireError(`only ${buf.length} bytes, shorter than a DNS header`);
    const counts = {
        question: buf.readUInt16BE(4),
        answer: buf.readUInt16BE(6),
        authority: buf.readUInt16BE(8),
        additional: buf.readUInt16BE(10),
    };
    let pos = 12;
    const questions: WireQuestion[] = [];
    for (let i = 0; i < counts.question; i++) {
        const { name, end } = readName(buf, pos);
        if (end + 4 > buf.length) throw new WireError('the question runs past the end of the message');
        questions.push({ name, type: buf.readUInt16BE(end), klass: buf.readUInt16BE(end + 2) });
        pos = end + 4;
    }
    const records: WireRecord[] = [];
    for (const section of ['answer', 'authority', 'additional'] as const) {
        for (let i = 0; i < counts[section]; i++) {
            const start = pos;
            const end = walkName(buf, pos);
            if (end + 10 > buf.length) {
                throw new WireError(`${section} record ${i + 1} of ${counts[section]} runs past the end of the message`);
            }
            const rdLength = buf.readUInt16BE(end + 8);
            const rdStart = end + 10;
            if (rdStart + rdLength > buf.length) {
                throw new WireError(
                    `${section} record ${i + 1} of ${counts[section]} declares ${rdLength} bytes of data but only ${buf.length - rdStart} remain`,
                );
            }
            records.push({ section, start, type: buf.readUInt16BE(end), klass: buf.readUInt16BE(end + 2), rdStart, rdLength });
            pos = rdStart + rdLength;
        }
    }
    if (pos !== buf.length) throw new WireError(`${buf.length - pos} unexpected bytes after the last record`);
    return { id: buf.readUInt16BE(0), flags: buf.readUInt16BE(2), counts, questions, records };
}
