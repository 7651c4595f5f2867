import type { RecordVerdict } from '../core/compare.js';
import { rdataText, type Reply, type RR } from '../core/dns/reply.js';
import type { ReplicaAnswer, ResolveReport, ResolveResult, ServerAnswer } from '../core/resolve-report.js';
import type { Styler } from './style.js';
import { tableOptions, type PrintOptions } from './print-options.js';
import { NOT_PREDICTED, renderTable, type Column } from './table.js';
import type { DnsExchange } from '../core/dns/exchange.js';
import { digQuestionLine, digRecordLine, renderDig } from './dig.js';
import { printable, terminalText } from './escape.js';
import { groupErrors, queriesText, type ErrorGroup } from '../core/error-groups.js';

/** What resolve prints: the report, and the wire exchanges behind its actual replies (for -o dig). */
export interface ResolvePrintable {
    report: ResolveReport;
    exchanges: Map<ResolveResult, DnsExchange>;
}

/**
 * `-o table|wide`: each result's header, candidates, records side by side, reasons and differences. An error that
 * several queries met alike (a server that is down) is said once, after the results, with its count; -o json keeps
 * each result's error.
 */
export function printResolveTable(p: ResolvePrintable, o: PrintOptions): string {
    const repeated = groupErrors(p.report.results, (r) => r.error).filter((g) => g.items.length > 1);
    const alike = new Map(repeated.flatMap((g) => g.items.map((r) => [r, g.items.length] as const)));
    const blocks = p.report.results.map((r) => renderResult(r, tableOptions(o), alike.get(r)));
    return terminalText([...blocks, ...repeated.map((g) => repeatedErrorLine(g, o.styler))].join('\n'));
}

/** The Queries a repeated error names at most; the rest are counted. */
const NAMED_QUERIES = 3;

function repeatedErrorLine(g: ErrorGroup<ResolveResult>, s: Styler): string {
    const shown = g.items.length > NAMED_QUERIES + 1 ? NAMED_QUERIES : g.items.length;
    const named = g.items.slice(0, shown).map((r) => `${printable(r.query.name)} ${r.query.type}`);
    const more = shown < g.items.length ? `, … ${g.items.length - shown} more` : '';
    return `${s.bad('error:')} ${queriesText(g.items.length)} (${named.join(', ')}${more}): ${printable(g.message)}\n`;
}

/** `-o dig`: svcdig's expected reply, then the received one, each as dig prints a reply. */
export function printResolveDig(p: ResolvePrintable): string {
    return terminalText(renderResolveDig(p.report, p.exchanges));
}

type RenderOpts = { wide: boolean; headers: boolean; styler: Styler; width: number | undefined };

const verdictText = (v: ResolveResult['verdict'], s: Styler) =>
    v === 'match' ? s.ok('MATCH') : v === 'mismatch' ? s.bad('MISMATCH') : v === 'error' ? s.bad('ERROR') : s.dim('EXPECTED ONLY');

function summary(reply: Reply | null): string {
    if (!reply) return '—';
    if (reply.forwarded) return reply.answers.length > 0 ? `${countText(reply.answers.length)}, then ${NOT_PREDICTED}` : NOT_PREDICTED;
    if (reply.rcode === 'NOERROR' && reply.answers.length === 0) return 'NOERROR (no records)';
    return reply.answers.length > 0 ? `${reply.rcode}, ${countText(reply.answers.length)}` : reply.rcode;
}

const countText = (n: number) => `${n} record${n === 1 ? '' : 's'}`;

/** `alike`: how many results failed with this result's error, when more than this one did (said once, at the end). */
function renderResult(r: ResolveResult, o: RenderOpts, alike?: number): string {
    const s = o.styler;
    const lines: string[] = [];
    const compared = r.candidates.find((c) => c.name === r.comparedCandidate);
    const searched = r.candidates.length > 1 || r.candidates[0]?.name !== r.query.name.toLowerCase().replace(/\.$/, '');
    lines.push(`${s.bold(`${printable(r.query.name)} ${r.query.type}`)} → ${answerHeader(r, searched)}   ${verdictText(r.verdict, s)}`);
    if (searched && (o.wide || !r.answeredBy || (r.verdict === 'mismatch' && walkWorthShowing(r)))) {
        const cols: Column<ResolveResult['candidates'][number]>[] = [
            { header: 'CANDIDATE', cell: (c) => printable(c.name) + (c.name === r.answeredBy ? ' ←' : '') },
            { header: 'EXPECTED', cell: (c) => summary(c.expected) },
        ];
        if (r.verdict !== 'expected-only') cols.push({ header: actualHeader(r), cell: (c) => summary(c.actual) });
        lines.push(indent(renderTable(cols, r.candidates, o)));
    }
    if (r.verdict === 'expected-only' || r.verdict === 'error') {
        const records = r.expected.answers;
        lines.push(`  expected: ${summary(r.expected)}`);
        if (records.length > 0) lines.push(indent(renderTable(recordColumns(o.wide), records, o)));
        if (o.wide && r.expected.additionals.length > 0) {
            lines.push('  additional:');
            lines.push(indent(renderTable(recordColumns(false), r.expected.additionals, o)));
        }
    } else {
        const at = compared ?? { name: r.answeredBy, expected: r.expected, actual: r.actual };
        lines.push(
            `  ${at.name && at.name !== r.answeredBy ? `${printable(at.name)}: ` : ''}expected: ${summary(at.expected)}   actual: ${summary(at.actual)}${r.server ? s.dim(`   (${r.server} ${r.transport?.toUpperCase()}, ${r.rttMs?.toFixed(1)} ms)`) : ''}`,
        );
        if (r.records.length > 0) lines.push(indent(renderTable(verdictColumns(!!at.expected?.forwarded, actualHeader(r)), r.records, o)));
    }
    if (r.servers)
        lines.push(`  each server, asked ${printable(r.servers[0]?.name ?? r.query.name)}:`, indent(indent(renderTable(SERVER_COLUMNS, r.servers, o))));
    if (r.replicas) lines.push(...replicaLines(r.replicas, r.query.name, o));
    const why = compared && compared.name !== r.answeredBy ? compared.expected.because.map((b) => `${compared.name}: ${b}`) : r.expected.because;
    for (const b of why) if (o.wide || !b.includes('SOA carries serial')) lines.push(`  ${s.dim('why:')} ${printable(b)}`);
    for (const d of r.differences) {
        const mark = d.noteOnly ? s.warn('note:') : s.bad('diff:');
        lines.push(`  ${mark} ${printable(d.message)}${d.reason ? ` — ${printable(d.reason)}` : ''}`);
    }
    if (r.error) lines.push(`  ${s.bad('error:')} ${alike ? `see below: ${queriesText(alike)} failed alike` : printable(r.error)}`);
    return lines.join('\n') + '\n';
}

/**
 * On a mismatch, the candidate table says something the header line does not only when the walk went past one
 * candidate on either side, or the two sides ended at different candidates; else it would repeat the one row the
 * `expected: … actual: …` line below says.
 */
const walkWorthShowing = (r: ResolveResult) => r.expectedQueries > 1 || r.queries > 1 || (r.actualAnsweredBy ?? null) !== (r.answeredBy ?? null);

/**
 * The ACTUAL column's header: with several --server, whose answers it holds (the first server's: it did the search-list
 * walk; every server's answer is in the `each server` table below).
 */
const actualHeader = (r: ResolveResult) =>
    r.servers && r.servers.length > 1 ? `ACTUAL (${r.servers[0]!.server}, first of ${r.servers.length} servers)` : 'ACTUAL';

/**
 * Where each side's search-list walk ended and what it cost. When both sides end at the same candidate the header
 * names it first, as a reader greps for it: `NAME (search list: candidate 1, 1 query on each side)`; when they differ,
 * each side is said apart: `expected: candidate 4 NAME (4 queries) · actual: candidate 1 NAME (1 query)`. A name asked
 * as typed (absolute, or one candidate that is the name itself) is just that name.
 */
function answerHeader(r: ResolveResult, searched: boolean): string {
    if (!searched) return printable(r.answeredBy ?? r.comparedCandidate ?? r.query.name);
    const index = (name: string) => r.candidates.findIndex((c) => c.name === name) + 1;
    const place = (name: string | null | undefined) => (name ? `candidate ${index(name)} ${printable(name)}` : 'no candidate answers');
    if (r.verdict === 'expected-only')
        return r.answeredBy
            ? `${printable(r.answeredBy)} (search list: candidate ${index(r.answeredBy)}, ${queriesText(r.expectedQueries)})`
            : `no candidate answers (${queriesText(r.expectedQueries)})`;
    const expected = `expected: ${place(r.answeredBy)} (${queriesText(r.expectedQueries)})`;
    if (r.verdict === 'error') return `${expected} · actual: ${failedSide(r)} (${queriesText(r.queries)}, the last failed)`;
    if ((r.actualAnsweredBy ?? null) === (r.answeredBy ?? null)) {
        const cost =
            r.queries === r.expectedQueries
                ? `${queriesText(r.queries)} on each side`
                : `expected ${queriesText(r.expectedQueries)}, actual ${queriesText(r.queries)}`;
        return r.answeredBy ? `${printable(r.answeredBy)} (search list: candidate ${index(r.answeredBy)}, ${cost})` : `no candidate answers (${cost})`;
    }
    return `${expected} · actual: ${place(r.actualAnsweredBy)} (${queriesText(r.queries)})`;
}

/** Who gave no answer: with several servers, the first (it walks the search list; the others may have answered). */
function failedSide(r: ResolveResult): string {
    const servers = r.servers ?? [];
    if (servers.length < 2) return 'no answer';
    const answered = servers.filter((a) => a.reply).length;
    return `no answer from ${printable(servers[0]!.server)}, the first server${answered ? ` (${answered} of the others answered, below)` : ''}`;
}

/**
 * --all-replicas: every CoreDNS pod asked (name and IP) and its answer, whether they agree or not, so that a
 * reader sees which replicas a MATCH stands for.
 */
function replicaLines(replicas: ReplicaAnswer[], query: string, o: RenderOpts): string[] {
    const s = o.styler;
    const disagree = replicas.filter((x) => x.reply && !x.agrees).length;
    const failed = replicas.filter((x) => !x.reply).length;
    const verdict = [disagree ? s.bad(`${disagree} disagree${disagree === 1 ? 's' : ''}`) : '', failed ? s.bad(`${failed} failed`) : '']
        .filter(Boolean)
        .join(', ');
    const n = replicas.length;
    // Each replica walks the search list: when they stop at different names, each row says where.
    const apart = new Set(replicas.map((x) => x.name)).size > 1;
    const asked = apart ? `asked ${printable(query)}'s search list in turn` : `asked for ${printable(replicas[0]?.name ?? '')}`;
    const head = `  replicas: ${n} CoreDNS pod${n === 1 ? '' : 's'} ${asked} ${replicas[0]?.via === 'demo' ? "on the demo's responder for each" : 'through port-forward'}: ${verdict || (n === 1 ? s.ok('one answer') : s.ok('all agree'))}`;
    const cols: Column<ReplicaAnswer>[] = [
        { header: 'REPLICA', cell: (x) => printable(x.pod) },
        { header: 'IP', cell: (x) => x.ip ?? '—' },
        ...(apart ? [{ header: 'ANSWERED AT', cell: (x: ReplicaAnswer) => printable(x.name) }] : []),
        { header: 'ANSWER', cell: answerCell },
        { header: 'VERDICT', cell: agreementCell },
    ];
    return [head, indent(renderTable(cols, replicas, o))];
}

/** One answer of several asked the same question (each --server, each CoreDNS replica): rcode, count, the records. */
const answerCell = (a: { reply?: Reply; error?: string }) =>
    a.reply
        ? `${summary(a.reply)}${a.reply.answers.length ? `: ${a.reply.answers.map((rr) => printable(rdataText(rr))).join(', ')}` : ''}`
        : `error: ${printable(a.error ?? '')}`;
const agreementCell = (a: { agrees: boolean; error?: string }, s: Styler) => (a.agrees ? s.ok('agrees') : a.error ? s.bad('error') : s.bad('DISAGREES'));

/** --server given more than once (each mode): every server's answer side by side, and whether it agrees with the others. */
const SERVER_COLUMNS: Column<ServerAnswer>[] = [
    { header: 'SERVER', cell: (a) => a.server },
    { header: 'ANSWER', cell: (a) => answerCell(a) },
    { header: 'VERDICT', cell: (a, s) => agreementCell(a, s) },
];

function indent(text: string): string {
    return text
        .split('\n')
        .map((l) => (l ? `  ${l}` : l))
        .join('\n')
        .replace(/\n$/, '');
}

function recordColumns(wide: boolean): Column<RR>[] {
    return [
        { header: 'NAME', cell: (rr) => printable(rr.name) },
        { header: 'TTL', cell: (rr) => String(rr.ttl) },
        { header: 'TYPE', cell: (rr) => rr.type },
        { header: 'DATA', cell: (rr) => printable(rdataText(rr)) },
        ...(wide ? [] : []),
    ];
}

/** `upstream`: the expected reply is forwarded, so a record svcdig does not expect is upstream's, not a mismatch. */
function verdictColumns(upstream: boolean, actual: string): Column<RecordVerdict>[] {
    const text = (v: RecordVerdict) => printable(rdataText(v));
    return [
        { header: 'NAME', cell: (v) => printable(v.name) },
        { header: 'TYPE', cell: (v) => v.type },
        { header: 'EXPECTED', cell: (v) => (v.status === 'unexpected' ? '—' : `${text(v)}`) },
        {
            header: actual,
            cell: (v) => (v.status === 'missing' ? '—' : v.status === 'changed' ? printable(rdataText({ data: v.actualData! })) : `${text(v)}`),
        },
        { header: 'TTL', cell: (v) => `${v.expectedTtl ?? '—'}/${v.actualTtl ?? '—'}`, priority: 1 },
        {
            header: 'VERDICT',
            cell: (v, s) =>
                v.status === 'match' ? s.ok('match') : v.status === 'unexpected' ? (upstream ? s.dim('not predicted') : s.warn('unexpected')) : s.bad(v.status),
        },
    ];
}

/**
 * `-o dig`: the real reply exactly as dig prints it (the last query a pod made), preceded by svcdig's expected reply in
 * the same layout, marked as computed.
 */
function renderResolveDig(report: ResolveReport, exchanges: Map<ResolveResult, DnsExchange>): string {
    const out: string[] = [];
    for (const r of report.results) {
        const name = (r.answeredBy ?? r.candidates[r.candidates.length - 1]?.name ?? r.query.name).replace(/\.?$/, '.');
        out.push(`; <<>> svcdig expected <<>> ${printable(name)} ${r.query.type} (computed from the cluster, not received)`);
        out.push(expectedDig(name, r.query.type, r.expected));
        const ex = exchanges.get(r);
        if (ex) out.push(renderDig(ex));
        else if (r.error) out.push(`;; ${printable(r.error)}\n`);
    }
    return out.join('\n');
}

function expectedDig(name: string, type: string, reply: Reply): string {
    const flags = ['qr', ...(reply.authoritative === true ? ['aa'] : []), 'rd'].join(' ');
    const lines = [
        ...(reply.forwarded
            ? [
                  `;; ${NOT_PREDICTED}: ${reply.answers.length > 0 ? "only the records below are the cluster's; the rest of the answer comes" : 'the status and the records come'} from the upstream resolver`,
              ]
            : []),
        `;; ->>HEADER<<- opcode: QUERY, status: ${reply.rcode}, id: 0`,
        `;; flags: ${flags}; QUERY: 1, ANSWER: ${reply.answers.length}, AUTHORITY: ${reply.authority?.length ?? 0}, ADDITIONAL: ${reply.additionals.length}`,
        '',
        ';; QUESTION SECTION:',
        digQuestionLine(name, type),
    ];
    const section = (title: string, rrs: RR[] | undefined) => {
        if (rrs?.length) lines.push('', `;; ${title} SECTION:`, ...rrs.map(digRecordLine));
    };
    section('ANSWER', reply.answers);
    section('AUTHORITY', reply.authority);
    section('ADDITIONAL', reply.additionals);
    return lines.join('\n') + '\n';
}
