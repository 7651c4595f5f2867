/**
 * IP address parsing the way CoreDNS (Go `net.ParseIP`) does it: dotted-quad IPv4 without leading zeros, IPv6 with
 * at most one `::` and an optional dotted IPv4 tail, no zone. Pure code: src/core may not import node:net.
 */

export interface ParsedIp {
    /** 4 for IPv4 and IPv4-mapped IPv6 (Go's `To4() != nil`), else 6. */
    family: 4 | 6;
    /** 16 bytes (IPv4 as ::ffff:a.b.c.d, as Go stores it). */
    bytes: number[];
}

/**
 * The four numbers of a dotted quad, or null. Character by character: every address of every object read passes
 * here, and split + a regular expression per part was most of the cost of reading a large cluster's pods.
 */
function parseIPv4Bytes(s: string): number[] | null {
    const out: number[] = [];
    let n = 0;
    let digits = 0;
    for (let i = 0; i <= s.length; i++) {
        const c = i === s.length ? DOT : s.charCodeAt(i);
        if (c === DOT) {
            if (digits === 0 || out.length === 4) return null;
            out.push(n);
            n = 0;
            digits = 0;
        } else if (c >= ZERO && c <= ZERO + 9) {
            if (digits === 1 && n === 0) return null; // Go ≥1.17 rejects leading zeros
            n = n * 10 + (c - ZERO);
            if (++digits > 3 || n > 255) return null;
        } else return null;
    }
    return out.length === 4 ? out : null;
}

const DOT = 0x2e;
const ZERO = 0x30;

function parseIPv6Bytes(s: string): number[] | null {
    if (s.includes('%')) return null;
    const halves = s.split('::');
    if (halves.length > 2) return null;
    const groupsOf = (part: string): number[] | null => {
        if (part === '') return [];
        const out: number[] = [];
        const pieces = part.split(':');
        for (let i = 0; i < pieces.length; i++) {
            const piece = pieces[i]!;
            if (i === pieces.length - 1 && piece.includes('.')) {
                const v4 = parseIPv4Bytes(piece);
                if (!v4) return null;
                out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
                continue;
            }
            if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return null;
            out.push(parseInt(piece, 16));
        }
        return out;
    };
    const head = groupsOf(halves[0]!);
    const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
    if (!head || !tail) return null;
    let groups: number[];
    if (halves.length === 2) {
        const missing = 8 - head.length - tail.length;
        if (missing < 1) return null;
        groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
    } else {
        if (head.length !== 8) return null;
        groups = head;
    }
    // an embedded IPv4 tail is only allowed at the very end (checked by groupsOf); a v4 in the head half is invalid
    if (halves.length === 2 && halves[0]!.includes('.')) return null;
    return groups.flatMap((g) => [g >> 8, g & 0xff]);
}

const V4_MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/** Parses an IP as Go's net.ParseIP would; null when it is not an IP. */
export function parseIp(s: string): ParsedIp | null {
    if (s.includes(':')) {
        const bytes = parseIPv6Bytes(s);
        if (!bytes) return null;
        const mapped = V4_MAPPED_PREFIX.every((b, i) => bytes[i] === b);
        return { family: mapped ? 4 : 6, bytes };
    }
    const v4 = parseIPv4Bytes(s);
    return v4 ? { family: 4, bytes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, v4[0]!, v4[1]!, v4[2]!, v4[3]!] } : null;
}

/** 4, 6, or 0 when `s` is not an IP address (Go semantics: IPv4-mapped IPv6 counts as 4). */
export function ipFamily(s: string): 0 | 4 | 6 {
    if (!s.includes(':')) return parseIPv4Bytes(s) ? 4 : 0;
    return parseIp(s)?.family ?? 0;
}

/** The text Go's `net.IP.String()` prints: dotted quad for IPv4 (and IPv4-mapped), RFC 5952 for IPv6. */
export function formatIp(ip: ParsedIp): string {
    if (ip.family === 4) return ip.bytes.slice(12).join('.');
    const groups: number[] = [];
    for (let i = 0; i < 16; i += 2) groups.push((ip.bytes[i]! << 8) | ip.bytes[i + 1]!);
    let bestStart = -1;
    let bestLen = 0;
    for (let i = 0; i < 8;) {
        if (groups[i] !== 0) {
            i++;
            continue;
        }
        let j = i;
        while (j < 8 && groups[j] === 0) j++;
        if (j - i > bestLen && j - i >= 2) {
            bestStart = i;
            bestLen = j - i;
        }
        i = j;
    }
    const hex = (g: number) => g.toString(16);
    if (bestStart < 0) return groups.map(hex).join(':');
    const left = groups.slice(0, bestStart).map(hex).join(':');
    const right = groups
        .slice(bestStart + bestLen)
        .map(hex)
        .join(':');
    return `${left}::${right}`;
}

/** Canonical text of an IP string, or null when it is not one. */
export function canonicalIp(s: string): string | null {
    const ip = parseIp(s);
    return ip ? formatIp(ip) : null;
}

/** 127.0.0.0/8 (also IPv4-mapped) or ::1 (RFC 1122 §3.2.1.3, RFC 4291 §2.5.3): a host's own loopback. */
export function isLoopbackIp(s: string): boolean {
    const ip = parseIp(s);
    if (!ip) return false;
    if (ip.family === 4) return ip.bytes[12] === 127;
    return ip.bytes.slice(0, 15).every((b) => b === 0) && ip.bytes[15] === 1;
}
