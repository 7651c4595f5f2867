/**
 * `resolve --server A --server B` (--server-mode each, the default): every server is asked the name that decides each
 * result (the candidate the first server's search-list walk settles on, as dig asks one name) and the answers are
 * judged by the rule replicas are judged by (core/agreement.ts): a server that disagrees with the others turns its
 * records into differences of the result (a mismatch, exit 1), one that cannot be reached is an error (exit 5).
 */
import type { DnsTransport } from '../../adapters/dns/transport.js';
import { disagreements, judgeAnswers } from '../../core/agreement.js';
import { normalizeReply } from '../../core/compare.js';
import type { Reply } from '../../core/dns/reply.js';
import type { ResolveReport, ResolveResult, ServerAnswer } from '../../core/resolve-report.js';
import { decidingCandidate } from './replicas.js';

type EachServer = NonNullable<DnsTransport['each']>[number];

async function askServer(s: EachServer, name: string, type: string): Promise<{ server: string; reply?: Reply; error?: string }> {
    try {
        return { server: s.server, reply: (await s.query(name, type)).reply };
    } catch (err) {
        return { server: s.server, error: err instanceof Error ? err.message : String(err) };
    }
}

/** Adds `servers` to every result that was asked and flags the servers that disagree; failures go to `errors`. */
export async function askEachServer(results: ResolveResult[], servers: EachServer[], errors: ResolveReport['errors']): Promise<void> {
    for (const r of results) {
        if (r.verdict === 'expected-only' || r.candidates.length === 0) continue;
        const cand = r.candidates[decidingCandidate(r)]!;
        // the first server did the search-list walk: its reply (or failure) there is reused, not asked again
        const walked = (s: EachServer) =>
            cand.actual ? { server: s.server, reply: cand.actual } : r.verdict === 'error' ? { server: s.server, error: r.error ?? 'no reply' } : undefined;
        const answers = await Promise.all(servers.map((s, i) => (i === 0 ? walked(s) : undefined) ?? askServer(s, cand.name, r.query.type)));
        const { agrees } = judgeAnswers(answers, cand.expected);
        r.servers = answers.map((a, i): ServerAnswer => ({
            server: a.server,
            name: cand.name,
            ...(a.reply ? { reply: normalizeReply(a.reply) } : {}),
            ...(a.error ? { error: a.error } : {}),
            agrees: agrees[i]!,
        }));
        const ref = answers.find((_, i) => agrees[i]);
        const refServers = answers.filter((_, i) => agrees[i]).map((a) => a.server);
        for (const [i, a] of answers.entries()) {
            // the first server's failure is the result's own error already (it did the search-list walk)
            if (a.error && !(i === 0 && r.verdict === 'error')) errors.push({ query: `${cand.name} ${r.query.type}`, server: a.server, message: a.error });
            if (agrees[i] || !ref?.reply || !a.reply) continue;
            r.differences.push(...disagreements(ref.reply, a.reply, `server ${a.server}`, `server ${a.server} disagrees with ${refServers.join(', ')}`));
        }
        if (r.differences.some((d) => !d.noteOnly) && r.verdict === 'match') r.verdict = 'mismatch';
    }
}
