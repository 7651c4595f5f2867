import { isIP } from 'node:net';
import * as dnsPacket from 'dns-packet';
import type { RR, RRData } from '../../core/dns/reply.js';
import { recordTypeByCode, recordTypeByName } from '../../core/dns/record-types.js';
import type { DropCode } from './dropped.js';
import type { EdnsInfo, HeaderFlags } from '../../core/dns/exchange.js';
import { checkName, readName, walkMessage, WireError, type WireRecord } from './wire.js';

const RCODE_NAMES: Readonly<Record<number, string>> = {
    0: 'NOERROR',
    1: 'FORMERR',
    2: 'SERVFAIL',
    3: 'NXDOMAIN',
    4: 'NOTIMP',
    5: 'REFUSED',
    6: 'YXDOMAIN',
    7: 'YXRRSET',
    8: 'NXRRSET',
    9: 'NOTAUTH',
    10: 'NOTZONE',
    16: 'BADVERS',
};

const OPCODE_NAMES = ['QUERY', 'IQUERY', 'STATUS', 'OPCODE3', 'NOTIFY', 'UPDATE'];

const CLASS_IN = 1;
const TYPE_OPT = 41;

/** A reply that passed every check: header, the echoed question, and each record in the RR model. */
export interface ParsedReply {
    id: number;
    opcode: string;
    rcode: string;
    flags: HeaderFlags;
    /** The question as the server echoed it (its case may differ from the query's). */
    questionName: string;
    answers: RR[];
    authority: RR[];
    additionals: RR[];
    edns?: EdnsInfo;
    bytes: number;
}

export interface Expected {
    id: number;
    name: string;
    type: string;
}

export type Screened = { kind: 'accept'; reply: ParsedReply } | { kind: 'drop'; code: DropCode; reason: string } | { kind: 'malformed'; why: string };

/** The name without its trailing dot, as svcdig keeps names (the root stays '.'). */
export function bareName(name: string): string {
    return name.length > 1 && name.endsWith('.') ? name.slice(0, -1) : name;
}

/** A query packet: one question of class IN, RD as a pod's stub resolver sets it, EDNS0 with a 4096-byte buffer. */
export function buildQuery(q: { id: number; name: string; type: string; rd: boolean; edns: boolean }): dnsPacket.Packet {
    return {
        type: 'query',
        id: q.id,
        flags: q.rd ? dnsPacket.RECURSION_DESIRED : 0,
        questions: [{ name: bareName(q.name), type: packetTypeName(q.type), class: 'IN' }],
        additionals: q.edns ? [{ name: '.', type: 'OPT', udpPayloadSize: 4096, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }] : [],
    };
}

/**
 * The question type for dns-packet: its `UNKNOWN_<code>` form takes any wire code (types.js toType), so the code
 * always comes from svcdig's own table, including types dns-packet has no mnemonic for (SVCB, HTTPS).
 */
function packetTypeName(type: string): dnsPacket.RecordType {
    const t = recordTypeByName(type);
    if (!t) throw new Error(`unknown DNS query type ${type}`);
    return `UNKNOWN_${t.code}` as dnsPacket.RecordType;
}

/**
 * Decides what one received datagram or TCP message is (RFC 5452 §9.1): accepted only with QR set, the query's ID
 * and the query's question (name compared case-insensitively, type, class); anything else is dropped. A message that
 * matches the query but does not parse exactly is malformed.
 */
export function screenReply(buf: Buffer, expected: Expected): Screened {
    if (buf.length < 12) return { kind: 'drop', code: 'short', reason: `${buf.length} bytes, shorter than a DNS header` };
    const id = buf.readUInt16BE(0);
    if (id !== expected.id) return { kind: 'drop', code: 'wrong-id', reason: `wrong id ${id} (asked with ${expected.id})` };
    const flags = buf.readUInt16BE(2);
    if (!(flags & 0x8000)) return { kind: 'drop', code: 'not-response', reason: 'not a response (QR bit clear)' };
    const opcode = (flags >> 11) & 0xf;
    if (opcode !== 0) return { kind: 'drop', code: 'opcode', reason: `opcode ${OPCODE_NAMES[opcode] ?? opcode}, not a QUERY response` };

    let wire;
    try {
        wire = walkMessage(buf);
    } catch (err) {
        if (err instanceof WireError) return { kind: 'malformed', why: err.message };
        throw err;
    }
    const q = wire.questions[0];
    if (wire.questions.length !== 1 || !q) return { kind: 'drop', code: 'wrong-question', reason: `wrong question (${wire.questions.length} questions)` };
    if (!sameWireName(q.name, expected.name) || q.type !== recordTypeByName(expected.type)?.code || q.klass !== CLASS_IN) {
        return {
            kind: 'drop',
            code: 'wrong-question',
            reason: `wrong question (${q.name} ${recordTypeByCode(q.type).name}${q.klass === CLASS_IN ? '' : ` class ${q.klass}`})`,
        };
    }
    try {
        return { kind: 'accept', reply: parseChecked(buf, wire.records, q.name, flags) };
    } catch (err) {
        if (err instanceof WireError) return { kind: 'malformed', why: err.message };
        return { kind: 'malformed', why: `undecodable: ${(err as Error).message}` };
    }
}

/**
 * The echoed question's name against the one asked, by their wire bytes: the query carries the name's UTF-8 bytes
 * (dns-packet writes labels as UTF-8), a name read off the wire holds one character per byte (wire.ts readName), and
 * only ASCII letters compare case-insensitively (RFC 4343 §3): another byte is equal only to itself.
 */
function sameWireName(received: string, asked: string): boolean {
    const askedWire = bareName(asked);
    // the usual case, an echo byte for byte of an ASCII name, decided without building the two forms below
    if (received === askedWire && !NON_ASCII.test(askedWire)) return true;
    return asciiLower(received) === asciiLower(Buffer.from(askedWire, 'utf8').toString('latin1'));
}

const NON_ASCII = /[^\x00-\x7f]/;

const asciiLower = (name: string) => name.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());

interface DecodedRecord {
    name: string;
    type: string;
    ttl?: number;
    data?: unknown;
    udpPayloadSize?: number;
    ednsVersion?: number;
    extendedRcode?: number;
    flag_do?: boolean;
    options?: { code: number; data?: Buffer }[];
}

interface AnswerCodec {
    decode: ((buf: Buffer, offset: number) => DecodedRecord) & { bytes: number };
}
/** dns-packet's per-record codec (exported as `answer`, absent from its typings), to check each record's length. */
const answerCodec = (dnsPacket as unknown as { answer: AnswerCodec }).answer;

const FIXED_RDLENGTH: Readonly<Record<number, [string, string, number]>> = { 1: ['A', 'an IPv4 address', 4], 28: ['AAAA', 'an IPv6 address', 16] };

function parseChecked(buf: Buffer, records: WireRecord[], questionName: string, flags: number): ParsedReply {
    for (const rec of records) {
        const fixed = FIXED_RDLENGTH[rec.type];
        if (fixed && rec.rdLength !== fixed[2]) {
            const { name } = readName(buf, rec.start);
            throw new WireError(`${fixed[0]} record for ${name} has ${rec.rdLength} bytes of data; ${fixed[1]} takes ${fixed[2]}`);
        }
    }
    const sections: Record<WireRecord['section'], RR[]> = { answer: [], authority: [], additional: [] };
    let edns: EdnsInfo | undefined;
    let extendedRcode = 0;
    for (const rec of records) {
        const decoded = answerCodec.decode(buf, rec.start);
        const consumed = answerCodec.decode.bytes;
        // built only for a message that says what is wrong with the record: most replies are fine
        const label = () => `${decoded.type} record for ${decoded.name}`;
        if (rec.start + consumed !== rec.rdStart + rec.rdLength) {
            throw new WireError(`${label()} declares ${rec.rdLength} bytes of data but holds ${rec.start + consumed - rec.rdStart}`);
        }
        if (rec.type === TYPE_OPT) {
            if (rec.section !== 'additional' || edns) throw new WireError('an OPT record outside the additional section, or more than one');
            edns = {
                udpSize: decoded.udpPayloadSize ?? 0,
                version: decoded.ednsVersion ?? 0,
                do: !!decoded.flag_do,
                options: (decoded.options ?? []).map((o) => ({ code: o.code, data: (o.data ?? Buffer.alloc(0)).toString('hex') })),
            };
            extendedRcode = decoded.extendedRcode ?? 0;
            continue;
        }
        sections[rec.section].push({
            name: decoded.name,
            type: recordTypeByCode(rec.type).name,
            ttl: decoded.ttl ?? 0,
            data: checkedData(decoded, rec, buf, label),
        });
    }
    const rcodeNumber = (extendedRcode << 4) | (flags & 0xf);
    // The header's bits (RFC 1035 §4.1.1, RFC 4035 §3.2 for AD and CD); walkMessage has checked that every byte after
    // it belongs to a record, so decoding the whole message once more (dns-packet) would only repeat the records.
    const bit = (n: number) => ((flags >> n) & 1) === 1;
    const reply: ParsedReply = {
        id: buf.readUInt16BE(0),
        opcode: 'QUERY',
        rcode: RCODE_NAMES[rcodeNumber] ?? `RCODE${rcodeNumber}`,
        flags: { aa: bit(10), tc: bit(9), rd: bit(8), ra: bit(7), ad: bit(5), cd: bit(4) },
        questionName,
        answers: sections.answer,
        authority: sections.authority,
        additionals: sections.additional,
        bytes: buf.length,
    };
    if (edns) reply.edns = edns;
    return reply;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** TXT character-strings as text: UTF-8 when they are valid UTF-8, otherwise one character per byte (latin1). */
function txtString(b: Buffer): string {
    try {
        return utf8.decode(b);
    } catch {
        return b.toString('latin1');
    }
}

function isName(v: unknown): v is string {
    return typeof v === 'string' && v.length > 0;
}

function isUint(v: unknown, max: number): v is number {
    return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;
}

/** The names inside the data, walked as svcdig's own name reader does (wire.ts checkName), which refuses what it cannot show. */
function checkDataNames(form: string, wire: WireRecord, buf: Buffer): void {
    if (form === 'name') checkName(buf, wire.rdStart);
    else if (form === 'srv' && wire.rdLength > 6) checkName(buf, wire.rdStart + 6);
    else if (form === 'mx' && wire.rdLength > 2) checkName(buf, wire.rdStart + 2);
    else if (form === 'soa') checkName(buf, checkName(buf, wire.rdStart));
}

/** The record's data in the RR model, checked: dns-packet returns whatever it read, valid or not. */
function checkedData(rec: DecodedRecord, wire: WireRecord, buf: Buffer, label: () => string): RRData {
    const form = recordTypeByCode(wire.type).form;
    checkDataNames(form, wire, buf);
    const d = rec.data as Record<string, unknown> | string | Buffer[] | undefined;
    switch (form) {
        case 'ipv4':
            if (typeof d !== 'string' || isIP(d) !== 4) throw new WireError(`${label()} has data "${String(d)}", not an IPv4 address`);
            return d;
        case 'ipv6':
            if (typeof d !== 'string' || isIP(d) !== 6) throw new WireError(`${label()} has data "${String(d)}", not an IPv6 address`);
            return d;
        case 'name':
            if (!isName(d)) throw new WireError(`${label()} has no valid target name`);
            return d;
        case 'srv': {
            const s = d as Record<string, unknown> | undefined;
            if (!s || !isUint(s.priority, 0xffff) || !isUint(s.weight, 0xffff) || !isUint(s.port, 0xffff) || !isName(s.target)) {
                throw new WireError(`${label()} has invalid SRV data`);
            }
            return { priority: s.priority, weight: s.weight, port: s.port, target: s.target };
        }
        case 'soa': {
            const s = d as Record<string, unknown> | undefined;
            const nums = ['serial', 'refresh', 'retry', 'expire', 'minimum'] as const;
            if (!s || !isName(s.mname) || !isName(s.rname) || !nums.every((k) => isUint(s[k], 0xffffffff))) {
                throw new WireError(`${label()} has invalid SOA data`);
            }
            return {
                mname: s.mname,
                rname: s.rname,
                serial: s.serial as number,
                refresh: s.refresh as number,
                retry: s.retry as number,
                expire: s.expire as number,
                minimum: s.minimum as number,
            };
        }
        case 'txt':
            if (!Array.isArray(d) || !d.every((b) => Buffer.isBuffer(b))) throw new WireError(`${label()} has invalid TXT data`);
            return d.map(txtString);
        case 'mx': {
            const s = d as Record<string, unknown> | undefined;
            if (!s || !isUint(s.preference, 0xffff) || !isName(s.exchange)) throw new WireError(`${label()} has invalid MX data`);
            return `${s.preference} ${s.exchange}`;
        }
        case 'generic': {
            // RFC 3597 generic form for every other type.
            const raw = buf.subarray(wire.rdStart, wire.rdStart + wire.rdLength);
            return `\\# ${raw.length}${raw.length ? ' ' + raw.toString('hex').toUpperCase() : ''}`;
        }
    }
}
