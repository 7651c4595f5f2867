/**
 * `-o short` (dig's `+short`): the answers only, one record's data per line in dig's presentation form, query after
 * query, as `dig +short` prints them (a CNAME chain: the alias's target, then the target's records). The data is the
 * actual reply's; a result nothing was asked for (--expected-only, files without --server) prints svcdig's expected
 * records instead, the only answer there is; a query that failed prints dig's kind of comment line, `;; ERROR`.
 */
import { digRdata } from './dig.js';
import { terminalText } from './escape.js';
import type { ResolvePrintable } from './resolve-render.js';
import type { Reply } from '../core/dns/reply.js';
import type { ResolveResult } from '../core/resolve-report.js';

export function printResolveShort(p: ResolvePrintable): string {
    const lines: string[] = [];
    for (const r of p.report.results) {
        const several = severalAnswers(r);
        if (several) {
            for (const a of several) {
                lines.push(`;; ${a.who}`);
                if (a.error !== undefined) lines.push(`;; ${a.error}`);
                for (const rr of a.reply?.answers ?? []) lines.push(digRdata(rr));
            }
            continue;
        }
        if (r.verdict === 'error') lines.push(`;; ${r.error ?? 'no reply'}`);
        const reply = r.actual ?? (r.verdict === 'expected-only' ? r.expected : null);
        for (const rr of reply?.answers ?? []) lines.push(digRdata(rr));
    }
    return terminalText(lines.map((l) => `${l}\n`).join(''));
}

/**
 * Several servers (each mode) or CoreDNS replicas asked: each one's answer under a `;; SERVER` (`;; REPLICA`) comment
 * line, so that a disagreement shows in the output and not only in the exit code. One server: dig's plain lines.
 */
function severalAnswers(r: ResolveResult): { who: string; reply?: Reply; error?: string }[] | null {
    if (r.servers && r.servers.length > 1) return r.servers.map((a) => ({ who: `SERVER: ${a.server}`, ...pick(a) }));
    if (r.replicas && r.replicas.length > 1) return r.replicas.map((a) => ({ who: `REPLICA: ${a.pod}${a.ip ? ` (${a.ip})` : ''}`, ...pick(a) }));
    return null;
}

const pick = (a: { reply?: Reply; error?: string }) => ({
    ...(a.reply ? { reply: a.reply } : {}),
    ...(a.reply ? {} : { error: a.error ?? 'no reply' }),
});
