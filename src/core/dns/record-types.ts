/**
 * The DNS record types svcdig knows, in one table: the wire code (IANA "Resource Record (RR) TYPEs" registry), the
 * form of the data (how the wire adapter checks it, how compare normalises it and how dig prints it), and whether
 * CoreDNS's kubernetes plugin can hold records of the type (plugin/kubernetes/handler.go ServeDNS dispatches A, AAAA,
 * TXT, CNAME, PTR, MX, SRV, SOA and NS; any other type gets an existence check: NODATA or NXDOMAIN).
 *
 * Adding a type is one entry here; a new data form also needs its codec in src/adapters/dns/message.ts (checkedData)
 * and its presentation in src/render/dig.ts (digRdata).
 */

/**
 * - `ipv4`, `ipv6`: an address (RFC 1035 §3.4.1, RFC 3596); AAAA text is compared lower-case.
 * - `name`: a domain name (CNAME, PTR, NS, DNAME): compared lower-case, without the trailing dot.
 * - `srv` (RFC 2782), `soa` (RFC 1035 §3.3.13), `txt` (character-strings), `mx` (`preference exchange`).
 * - `generic`: RFC 3597 `\# LENGTH HEX` text; svcdig never predicts records of these types.
 */
export type RdataForm = 'ipv4' | 'ipv6' | 'name' | 'srv' | 'soa' | 'txt' | 'mx' | 'generic';

export interface RecordType {
    name: string;
    code: number;
    form: RdataForm;
    /** The kubernetes plugin can answer with records of this type (otherwise it only says NODATA or NXDOMAIN). */
    clusterRecords: boolean;
    /** Only a query type (a meta type, RFC 6895 §3.1): never the type of a record in a reply. */
    queryOnly?: true;
}

export const RECORD_TYPES: readonly RecordType[] = [
    { name: 'A', code: 1, form: 'ipv4', clusterRecords: true },
    { name: 'NS', code: 2, form: 'name', clusterRecords: true },
    { name: 'CNAME', code: 5, form: 'name', clusterRecords: true },
    { name: 'SOA', code: 6, form: 'soa', clusterRecords: true },
    { name: 'PTR', code: 12, form: 'name', clusterRecords: true },
    { name: 'HINFO', code: 13, form: 'generic', clusterRecords: false },
    { name: 'MX', code: 15, form: 'mx', clusterRecords: true },
    { name: 'TXT', code: 16, form: 'txt', clusterRecords: true },
    { name: 'AAAA', code: 28, form: 'ipv6', clusterRecords: true },
    { name: 'SRV', code: 33, form: 'srv', clusterRecords: true },
    { name: 'NAPTR', code: 35, form: 'generic', clusterRecords: false },
    { name: 'DNAME', code: 39, form: 'name', clusterRecords: false },
    { name: 'DS', code: 43, form: 'generic', clusterRecords: false },
    { name: 'DNSKEY', code: 48, form: 'generic', clusterRecords: false },
    { name: 'SVCB', code: 64, form: 'generic', clusterRecords: false },
    { name: 'HTTPS', code: 65, form: 'generic', clusterRecords: false },
    { name: 'CAA', code: 257, form: 'generic', clusterRecords: false },
    { name: 'IXFR', code: 251, form: 'generic', clusterRecords: false, queryOnly: true },
    { name: 'AXFR', code: 252, form: 'generic', clusterRecords: false, queryOnly: true },
    { name: 'ANY', code: 255, form: 'generic', clusterRecords: false, queryOnly: true },
];

const BY_NAME = new Map(RECORD_TYPES.map((t) => [t.name, t]));
const BY_CODE = new Map(RECORD_TYPES.map((t) => [t.code, t]));
/** RFC 3597 §5: `TYPEnnn` names any type by its number. */
const GENERIC_NAME = /^TYPE(\d{1,5})$/;

/** The type named `text` (case-insensitive; a known mnemonic or RFC 3597 `TYPEnnn`), or undefined. */
export function recordTypeByName(text: string): RecordType | undefined {
    const upper = text.toUpperCase();
    const known = BY_NAME.get(upper);
    if (known) return known;
    const m = GENERIC_NAME.exec(upper);
    if (!m) return undefined;
    const code = Number(m[1]);
    if (code < 1 || code > 0xffff) return undefined;
    return recordTypeByCode(code);
}

/** The type with wire code `code`; an unknown one is `TYPEnnn` with generic data. */
export function recordTypeByCode(code: number): RecordType {
    return BY_CODE.get(code) ?? { name: `TYPE${code}`, code, form: 'generic', clusterRecords: false };
}

/** The data form of a record type by name (`generic` for a type svcdig does not know). */
export function rdataForm(typeName: string): RdataForm {
    return recordTypeByName(typeName)?.form ?? 'generic';
}

/** The mnemonics a user is offered (help, errors, completion): the everyday ones first, then the rest of the table. */
const EVERYDAY = ['A', 'AAAA', 'SRV', 'PTR', 'CNAME', 'TXT', 'NS', 'SOA', 'MX', 'ANY'];
export const QUERY_TYPE_NAMES: readonly string[] = [...EVERYDAY, ...RECORD_TYPES.map((t) => t.name).filter((n) => !EVERYDAY.includes(n))];

/** Why a word given as a record type names none, for every place that reads one (-t, dig's words, the shell's set type=). */
export function unknownTypeMessage(word: string): string {
    if (/^TYPE\d+$/i.test(word)) return `unknown record type "${word}": TYPEnnn takes a type code from 1 to 65535`;
    return `unknown record type "${word}" (try ${QUERY_TYPE_NAMES.join(', ')}, or TYPEnnn)`;
}
