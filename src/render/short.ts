/**
 * `-o short` (dig's `+short`): the answers only, one record's data per line in dig's presentation form, query after
 * query, as `dig +short` prints them (a CNAME chain: the alias's target, then the target's records). The data is the
 * actual reply's; a result nothing was asked for (--expected-only, files without --server) prints svcdig's expected
 * records instead, the only answer there is; a query that failed prints dig's kind of comment line, `;; ERROR`.
 */
import { digRdata } from './dig.js';
import { terminalText } from './escape.js';
import type { ResolvePrintable } from './resolve-render.js';

export function printResolveShort(p: ResolvePrintable): string {
    const lines: string[] = [];
    for (const r of p.report.results) {
        if (r.verdict === 'error') lines.push(`;; ${r.error ?? 'no reply'}`);
        const reply = r.actual ?? (r.verdict === 'expected-only' ? r.expected : null);
        for (const rr of reply?.answers ?? []) lines.push(digRdata(rr));
    }
    return terminalText(lines.map((l) => `${l}\n`).join(''));
}
