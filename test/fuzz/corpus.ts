/**
 * The fuzzer's seed corpus: valid replies of every kind svcdig receives from cluster DNS (the zones of
 * test/kit/dns/cluster-zone.ts:
 * A/AAAA sets, SRV with the targets' addresses in the additional section, PTR, CNAME, TXT, NXDOMAIN/NODATA with the
 * SOA in the authority section, the 200-A headless name truncated both ways, EDNS0 OPT with options), built with
 * dns-packet, plus real replies Knot wrote (corpus/knot-replies.json, captured by capture-knot.ts).
 */
import { readFileSync } from 'node:fs';
import * as dnsPacket from 'dns-packet';
import type { Expected } from '../../src/adapters/dns/message.js';

/** One seed: the bytes of a reply and the query it answers (ID, name, type as svcdig asked). */
export interface CorpusEntry {
    label: string;
    expected: Expected;
    buf: Buffer;
    /** False for the stress seeds, too large for the every-length truncation sweep. */
    sweep?: boolean;
}

/** A reply captured from a real server (hex bytes). */
export interface CapturedReply {
    source: string;
    id: number;
    name: string;
    type: string;
    hex: string;
}

const OPT = (options: { code: number; data: Buffer }[] = [], udpPayloadSize = 1232): dnsPacket.Answer =>
    ({ name: '.', type: 'OPT', udpPayloadSize, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options }) as unknown as dnsPacket.Answer;

const AA_RD = dnsPacket.AUTHORITATIVE_ANSWER | dnsPacket.RECURSION_DESIRED;

function soa(zone: string, ttl = 5): dnsPacket.Answer {
    return {
        name: zone,
        type: 'SOA',
        class: 'IN',
        ttl,
        data: { mname: `ns.dns.${zone}`, rname: `hostmaster.${zone}`, serial: 1700000000, refresh: 7200, retry: 1800, expire: 86400, minimum: 5 },
    };
}

/** The kinds of reply svcdig sees, as (type asked, reply) for a query of `name` with `id`. */
function kinds(name: string): [string, string, Omit<dnsPacket.Packet, 'id' | 'questions' | 'type'>][] {
    const zone = 'cluster.local';
    const a = (ip: string, owner = name, ttl = 5): dnsPacket.Answer => ({ name: owner, type: 'A', class: 'IN', ttl, data: ip });
    const aaaa = (ip: string, owner = name): dnsPacket.Answer => ({ name: owner, type: 'AAAA', class: 'IN', ttl: 5, data: ip });
    const targets = [0, 1, 2].map((i) => `web-${i}.web.default.svc.${zone}`);
    const bigAnswers = Array.from({ length: 200 }, (_, i) => a(`10.244.2.${i + 1}`));
    return [
        ['a-set', 'A', { flags: AA_RD, answers: [a('10.244.1.10'), a('10.244.1.11'), a('10.244.1.12')], additionals: [OPT()] }],
        ['a-one', 'A', { flags: AA_RD, answers: [a('10.96.0.20', name, 30)] }],
        ['aaaa-set', 'AAAA', { flags: AA_RD, answers: [aaaa('fd00:10:244:1::a'), aaaa('2001:db8::1'), aaaa('::ffff:10.0.0.1')], additionals: [OPT()] }],
        [
            'srv-additionals',
            'SRV',
            {
                flags: AA_RD,
                answers: targets.map(
                    (target, i) => ({ name, type: 'SRV', class: 'IN', ttl: 5, data: { priority: 0, weight: 33, port: 80 + i, target } }) as dnsPacket.Answer,
                ),
                additionals: [...targets.map((t, i) => a(`10.244.1.${10 + i}`, t)), aaaa('fd00::1', targets[0]), OPT()],
            },
        ],
        ['ptr', 'PTR', { flags: AA_RD, answers: [{ name, type: 'PTR', class: 'IN', ttl: 5, data: targets[1] as string }] }],
        [
            'cname-chain',
            'A',
            {
                flags: AA_RD | dnsPacket.RECURSION_AVAILABLE,
                answers: [{ name, type: 'CNAME', class: 'IN', ttl: 5, data: 'db.example.test' }, a('192.0.2.7', 'db.example.test', 300)],
                additionals: [OPT()],
            },
        ],
        ['cname-only', 'CNAME', { flags: AA_RD, answers: [{ name, type: 'CNAME', class: 'IN', ttl: 5, data: 'db.example.test' }] }],
        [
            'txt',
            'TXT',
            {
                flags: AA_RD,
                answers: [
                    {
                        name,
                        type: 'TXT',
                        class: 'IN',
                        ttl: 30,
                        data: [Buffer.from('1.1.0'), Buffer.from('say "hi" \\ café'), Buffer.alloc(0), Buffer.from([0, 9, 10, 27, 0xff])],
                    },
                ],
            },
        ],
        ['nxdomain-soa', 'A', { flags: AA_RD | 3, authorities: [soa(zone)], additionals: [OPT()] }],
        ['nodata-soa', 'AAAA', { flags: AA_RD, authorities: [soa(zone)] }],
        ['soa', 'SOA', { flags: AA_RD, answers: [soa(zone, 30)], authorities: [{ name: zone, type: 'NS', class: 'IN', ttl: 30, data: `ns.dns.${zone}` }] }],
        [
            'ns',
            'NS',
            { flags: AA_RD, answers: [{ name, type: 'NS', class: 'IN', ttl: 30, data: `ns.dns.${zone}` }], additionals: [a('10.96.0.10', `ns.dns.${zone}`)] },
        ],
        ['servfail', 'A', { flags: dnsPacket.RECURSION_DESIRED | 2 }],
        ['refused', 'A', { flags: dnsPacket.RECURSION_DESIRED | 5, additionals: [OPT()] }],
        ['tc-empty-200', 'A', { flags: AA_RD | dnsPacket.TRUNCATED_RESPONSE, additionals: [OPT()] }],
        ['tc-partial-200', 'A', { flags: AA_RD | dnsPacket.TRUNCATED_RESPONSE, answers: bigAnswers.slice(0, 74), additionals: [OPT()] }],
        ['full-200', 'A', { flags: AA_RD, answers: bigAnswers }],
        [
            'opt-options',
            'A',
            {
                flags: AA_RD,
                answers: [a('10.244.1.10')],
                additionals: [
                    OPT(
                        [
                            { code: 3, data: Buffer.from('coredns-abc12') },
                            { code: 10, data: Buffer.from('0123456789abcdef0011223344556677', 'hex') },
                            { code: 12, data: Buffer.alloc(8) },
                            { code: 65001, data: Buffer.from([1, 2, 3]) },
                        ],
                        4096,
                    ),
                ],
            },
        ],
        ['mx', 'MX', { flags: AA_RD, answers: [{ name, type: 'MX', class: 'IN', ttl: 5, data: { preference: 10, exchange: `mail.${zone}` } }] }],
        ['dname', 'DNAME', { flags: AA_RD, answers: [{ name, type: 'DNAME', class: 'IN', ttl: 5, data: 'other.example.test' }] }],
        ['caa', 'CAA', { flags: AA_RD, answers: [{ name, type: 'CAA', class: 'IN', ttl: 5, data: { flags: 0, tag: 'issue', value: 'ca.example.net' } }] }],
        [
            'unknown-type',
            'A',
            {
                flags: AA_RD,
                answers: [
                    a('10.0.0.1'),
                    { name, type: 'UNKNOWN_65' as dnsPacket.RecordType, class: 'IN', ttl: 5, data: Buffer.from([1, 2, 3, 4]) } as dnsPacket.Answer,
                ],
            },
        ],
    ];
}

/** The built replies for a query of `name` with `id`: one per kind, the question echoed as asked. */
export function builtReplies(id: number, name: string): CorpusEntry[] {
    return kinds(name).map(([label, type, p]) => ({
        label: `built ${label}`,
        expected: { id, name, type },
        buf: dnsPacket.encode({ ...p, type: 'response', id, questions: [{ name, type: type as dnsPacket.RecordType, class: 'IN' }] }),
    }));
}

/** A header and the question (uncompressed name at offset 12) with `answers` records to follow. */
function headerAndQuestion(id: number, name: string, type: string, answers: number): Buffer {
    const b = dnsPacket.encode({ type: 'response', id, flags: AA_RD, questions: [{ name, type: type as dnsPacket.RecordType, class: 'IN' }] });
    b.writeUInt16BE(answers, 6);
    return b;
}

/** An A record whose owner is a compression pointer to `target`. */
function pointerA(target: number, i: number): Buffer {
    return Buffer.from([0xc0 | (target >> 8), target & 0xff, 0, 1, 0, 1, 0, 0, 0, 5, 0, 4, 10, (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff]);
}

/**
 * Stress seeds, the largest shapes a reply takes: a TCP reply near the 65,535-byte limit (4,000 A records, every
 * owner a pointer to the question: a headless Service with 4,000 ready endpoints), and 120 records whose owners are a
 * chain of pointers, each to the record before it (120 jumps for the last, under svcdig's limit of 128).
 */
export function stressReplies(id: number, name: string): CorpusEntry[] {
    const head = headerAndQuestion(id, name, 'A', 4000);
    const big = Buffer.concat([head, ...Array.from({ length: 4000 }, (_, i) => pointerA(12, i))]);
    const chainHead = headerAndQuestion(id, name, 'A', 120);
    const chain: Buffer[] = [];
    let offset = chainHead.length;
    for (let i = 0; i < 120; i++) {
        chain.push(pointerA(i === 0 ? 12 : offset - 16, i));
        offset += 16;
    }
    return [
        { label: 'stress 4000 A (64 KB over TCP)', expected: { id, name, type: 'A' }, buf: big, sweep: false },
        { label: 'stress pointer chain of 120', expected: { id, name, type: 'A' }, buf: Buffer.concat([chainHead, ...chain]), sweep: false },
    ];
}

/** The real replies captured from Knot. */
export function capturedReplies(): CorpusEntry[] {
    const text = readFileSync(new URL('./corpus/knot-replies.json', import.meta.url), 'utf8');
    return (JSON.parse(text) as CapturedReply[]).map((c) => ({
        label: `${c.source} ${c.name} ${c.type}`,
        expected: { id: c.id, name: c.name, type: c.type },
        buf: Buffer.from(c.hex, 'hex'),
    }));
}

/** Names the in-process fuzzer asks about (a service, a SRV name, a reverse name, an upper-case echo). */
export const FUZZ_NAMES = [
    'web.default.svc.cluster.local',
    '_http._tcp.web.default.svc.cluster.local',
    '11.1.244.10.in-addr.arpa',
    'Api.Default.SVC.cluster.local',
];

/** The whole seed corpus: built replies for each fuzz name (IDs 0x0a00 + i), the stress seeds, and Knot's. */
export function seedCorpus(): CorpusEntry[] {
    return [...FUZZ_NAMES.flatMap((n, i) => builtReplies(0x0a00 + i, n)), ...stressReplies(0x0b00, 'big.default.svc.cluster.local'), ...capturedReplies()];
}
