/**
 * `-o dig`: a reply printed the way BIND's dig 9.18 prints it, so it can be pasted where people expect dig output.
 * Columns follow dig's master-file style (TTL at column 24, class 32, type 40, data 48, tabs of 8, at least one space;
 * a question line skips the TTL and does not count its ';'), and character strings and names are escaped as dig escapes them.
 */
import type { DnsExchange } from '../core/dns/exchange.js';
import type { RR, SoaData, SrvData } from '../core/dns/reply.js';
import { rdataForm } from '../core/dns/record-types.js';
import { printable } from './escape.js';

const TTL_COLUMN = 24;
const CLASS_COLUMN = 32;
const TYPE_COLUMN = 40;
const DATA_COLUMN = 48;
const TAB = 8;

/** Whitespace from column `from` to column `to` as dig writes it: tabs where they land exactly, else spaces. */
function indent(from: number, to: number): { text: string; column: number } {
    const target = Math.max(to, from + 1);
    const tabs = Math.floor(target / TAB) - Math.floor(from / TAB);
    const spaces = tabs > 0 ? target % TAB : target - from;
    return { text: '\t'.repeat(Math.max(0, tabs)) + ' '.repeat(spaces), column: target };
}

/** Fields laid out at the given columns (the last field is written as it is). */
function columns(fields: [string, number][], last: string): string {
    let out = '';
    let column = 0;
    for (const [text, nextColumn] of fields) {
        out += text;
        column += text.length;
        const pad = indent(column, nextColumn);
        out += pad.text;
        column = pad.column;
    }
    return out + last;
}

/** A name as an absolute name in presentation form: one trailing dot (whether or not it came with one), special characters escaped. */
export function digName(name: string): string {
    const bare = name.endsWith('.') ? name.slice(0, -1) : name;
    if (bare === '') return '.';
    const escaped = bare
        .split('.')
        .map((label) =>
            // names off the wire are one character per byte (latin1); a name from a cluster object may hold wider
            // characters, which the wire would carry as UTF-8 (latin1 would keep only their low byte)
            [...Buffer.from(label, /[^\u0000-\u00ff]/.test(label) ? 'utf8' : 'latin1')]
                .map((b) => {
                    const c = String.fromCharCode(b);
                    if (b <= 0x20 || b >= 0x7f) return `\\${String(b).padStart(3, '0')}`;
                    return '"();\\@$'.includes(c) ? `\\${c}` : c;
                })
                .join(''),
        )
        .join('.');
    return `${escaped}.`;
}

/** A TXT character-string quoted as dig prints it: `"` and `\` escaped, bytes outside printable ASCII as \DDD. */
export function digCharacterString(s: string): string {
    const bytes = Buffer.from(s, 'utf8');
    let out = '"';
    for (const b of bytes) {
        if (b < 0x20 || b >= 0x7f) out += `\\${String(b).padStart(3, '0')}`;
        else if (b === 0x22 || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
        else out += String.fromCharCode(b);
    }
    return out + '"';
}

/** The record's data in dig's presentation form. */
export function digRdata(rr: RR): string {
    const d = rr.data;
    switch (rdataForm(rr.type)) {
        case 'name':
            return digName(d as string);
        case 'srv': {
            const s = d as SrvData;
            return `${s.priority} ${s.weight} ${s.port} ${digName(s.target)}`;
        }
        case 'soa': {
            const s = d as SoaData;
            return `${digName(s.mname)} ${digName(s.rname)} ${s.serial} ${s.refresh} ${s.retry} ${s.expire} ${s.minimum}`;
        }
        case 'txt':
            return (Array.isArray(d) ? d : [String(d)]).map(digCharacterString).join(' ');
        case 'mx': {
            const [pref, exchange] = String(d).split(' ');
            return `${pref} ${digName(exchange ?? '.')}`;
        }
        default:
            return typeof d === 'string' ? d : JSON.stringify(d);
    }
}

/** One resource record line: `name TTL IN TYPE data`. */
export function digRecordLine(rr: RR): string {
    return columns(
        [
            [digName(rr.name), TTL_COLUMN],
            [String(rr.ttl), CLASS_COLUMN],
            ['IN', TYPE_COLUMN],
            [rr.type, DATA_COLUMN],
        ],
        digRdata(rr),
    );
}

/** The question line: `;name IN TYPE` (dig does not count the leading ';' in its columns). */
export function digQuestionLine(name: string, type: string): string {
    return (
        ';' +
        columns(
            [
                [digName(name), CLASS_COLUMN],
                ['IN', TYPE_COLUMN],
            ],
            type,
        )
    );
}

const OPTION_NAMES: Record<number, string> = { 3: 'NSID', 8: 'CLIENT-SUBNET', 10: 'COOKIE', 11: 'TCP-KEEPALIVE', 12: 'PADDING' };

function serverText(ex: DnsExchange): string {
    return `${ex.server.host}#${ex.server.port}(${ex.server.host})`;
}

/** The whole exchange as dig prints a reply (the banner names svcdig; dig's WHEN line is left out). */
export function renderDig(ex: DnsExchange): string {
    const r = ex.reply;
    const flagNames = (['aa', 'tc', 'rd', 'ra', 'ad', 'cd'] as const).filter((f) => ex.flags[f]);
    const additionalCount = r.additionals.length + (ex.edns ? 1 : 0);
    const lines: string[] = [];
    if (ex.truncatedUdp) lines.push(';; Truncated, retrying in TCP mode.');
    lines.push(
        '',
        `; <<>> svcdig <<>> @${ex.server.host} -p ${ex.server.port} ${printable(ex.question.name)} ${ex.question.type}${ex.transport === 'tcp' && !ex.truncatedUdp ? ' +tcp' : ''}`,
        ';; Got answer:',
        `;; ->>HEADER<<- opcode: ${ex.opcode}, status: ${r.rcode}, id: ${ex.id}`,
        `;; flags: ${['qr', ...flagNames].join(' ')}; QUERY: 1, ANSWER: ${r.answers.length}, AUTHORITY: ${(r.authority ?? []).length}, ADDITIONAL: ${additionalCount}`,
    );
    if (ex.flags.rd && !ex.flags.ra) lines.push(';; WARNING: recursion requested but not available');
    lines.push('');
    if (ex.edns) {
        lines.push(';; OPT PSEUDOSECTION:', `; EDNS: version: ${ex.edns.version}, flags:${ex.edns.do ? ' do' : ''}; udp: ${ex.edns.udpSize}`);
        for (const o of ex.edns.options) {
            const name = OPTION_NAMES[o.code];
            lines.push(name ? `; ${name}: ${o.data}` : `; OPT=${o.code}: ${(o.data.match(/../g) ?? []).join(' ')}`);
        }
    }
    lines.push(';; QUESTION SECTION:', digQuestionLine(ex.question.name, ex.question.type), '');
    for (const [title, records] of [
        ['ANSWER', r.answers],
        ['AUTHORITY', r.authority ?? []],
        ['ADDITIONAL', r.additionals],
    ] as const) {
        if (!records.length) continue;
        lines.push(`;; ${title} SECTION:`, ...records.map(digRecordLine), '');
    }
    lines.push(
        `;; Query time: ${Math.floor(ex.rttMs)} msec`,
        `;; SERVER: ${serverText(ex)} (${ex.transport.toUpperCase()})`,
        `;; MSG SIZE  rcvd: ${ex.messageBytes}`,
        '',
    );
    return lines.join('\n') + '\n';
}
