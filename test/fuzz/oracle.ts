/**
 * The fuzz oracle: runs one received message through the resolver's receive path (screenReply: the RFC 5452 §9.1
 * screening and the strict RFC 1035 §4.1 parse) and, when the reply is accepted, through every renderer of replies.
 * A case passes when the receive path returns accept/drop/malformed (its only known outcomes; a thrown exception of
 * any type is a crash), an accepted reply keeps the RR model's invariants (src/core/dns/reply.ts), and every renderer returns
 * a string. Each call is timed: the receive path or any one renderer call over HANG_MS is a hang.
 */
import { DroppedReplies } from '../../src/adapters/dns/dropped.js';
import { isIP } from 'node:net';
import { screenReply, type Expected, type ParsedReply, type Screened } from '../../src/adapters/dns/message.js';
import type { DnsExchange } from '../../src/adapters/dns/index.js';
import type { Reply, RR } from '../../src/core/dns/reply.js';
import { compareReplies, normalizeReply } from '../../src/core/compare.js';
import { buildResolveResult, type ResolveReport, type ResolveResult } from '../../src/core/resolve-report.js';
import { reasonFor, type AddressOwners } from '../../src/core/difference-reasons.js';
import { renderDig } from '../../src/render/dig.js';
import { printReport } from '../../src/render/registry.js';
import { printOptions } from '../../src/commands/common/print.js';
import { RunContext } from '../../src/context.js';
import type { Deps } from '../../src/deps.js';

/** A single call (the receive path, or one renderer) taking longer than this is a hang. */
// Generous on purpose: the test suite runs files in parallel on 2 cores; a real hang never finishes at all.
export const HANG_MS = 5000;

export type FailureKind = 'crash' | 'invariant' | 'render' | 'hang';

export interface CaseResult {
    outcome: Screened['kind'] | 'failed';
    /** The drop reason or malformed explanation. */
    detail: string;
    ms: number;
    failure?: { kind: FailureKind; message: string; stack?: string };
}

const NAME_TYPES = new Set(['CNAME', 'PTR', 'NS', 'DNAME']);
const MAX_NAME_CHARS = 254;
const GENERIC_RDATA = /^\\# (\d+)( [0-9A-F]+)?$/;

function isUint(v: unknown, max: number): boolean {
    return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;
}

function checkName(v: unknown, what: string, problems: string[]): void {
    if (typeof v !== 'string' || v.length === 0 || v.length > MAX_NAME_CHARS) problems.push(`${what} is not a name of valid length: ${JSON.stringify(v)}`);
}

/** What the RR model promises about one record (src/core/dns/reply.ts; the data forms of message.ts checkedData). */
export function recordProblems(rr: RR, where: string): string[] {
    const p: string[] = [];
    const what = `${where} ${String(rr.type)} record`;
    checkName(rr.name, `${what}'s owner`, p);
    if (typeof rr.type !== 'string' || !/^[A-Z][A-Z0-9-]*$/.test(rr.type)) p.push(`${what} has type ${JSON.stringify(rr.type)}`);
    if (rr.type === 'OPT') p.push(`an OPT record in the ${where} section of the model (it belongs in edns)`);
    if (!isUint(rr.ttl, 0xffffffff)) p.push(`${what} has TTL ${String(rr.ttl)}`);
    const d = rr.data as unknown;
    if (rr.type === 'A') {
        if (typeof d !== 'string' || isIP(d) !== 4) p.push(`${what} has data ${JSON.stringify(d)}, not an IPv4 address`);
    } else if (rr.type === 'AAAA') {
        if (typeof d !== 'string' || isIP(d) !== 6) p.push(`${what} has data ${JSON.stringify(d)}, not an IPv6 address`);
    } else if (NAME_TYPES.has(rr.type)) {
        checkName(d, `${what}'s target`, p);
    } else if (rr.type === 'SRV') {
        const s = d as Record<string, unknown> | null;
        if (!s || typeof s !== 'object' || !isUint(s.priority, 0xffff) || !isUint(s.weight, 0xffff) || !isUint(s.port, 0xffff)) {
            p.push(`${what} has SRV numbers out of range: ${JSON.stringify(d)}`);
        } else checkName(s.target, `${what}'s target`, p);
    } else if (rr.type === 'SOA') {
        const s = d as Record<string, unknown> | null;
        if (!s || typeof s !== 'object') p.push(`${what} has no SOA fields`);
        else {
            checkName(s.mname, `${what}'s mname`, p);
            checkName(s.rname, `${what}'s rname`, p);
            for (const k of ['serial', 'refresh', 'retry', 'expire', 'minimum']) if (!isUint(s[k], 0xffffffff)) p.push(`${what} has ${k} ${String(s[k])}`);
        }
    } else if (rr.type === 'TXT') {
        if (!Array.isArray(d) || !d.every((s) => typeof s === 'string')) p.push(`${what} has TXT data that is not a list of strings`);
    } else if (rr.type === 'MX') {
        const m = typeof d === 'string' ? /^(\d+) (.+)$/.exec(d) : null;
        if (!m || !isUint(Number(m[1]), 0xffff)) p.push(`${what} has MX data ${JSON.stringify(d)}`);
        else checkName(m[2], `${what}'s exchange`, p);
    } else {
        const m = typeof d === 'string' ? GENERIC_RDATA.exec(d) : null;
        if (!m) p.push(`${what} is not in RFC 3597 generic form: ${JSON.stringify(d)}`);
        else if (Number(m[1]) * 2 !== (m[2] ? m[2].length - 1 : 0))
            p.push(`${what}'s generic form declares ${m[1]} bytes but holds ${(m[2]?.length ?? 1) - 1} hex digits`);
    }
    return p;
}

/** What an accepted reply promises: the query's ID and question, the header, every record, the OPT summary. */
export function replyProblems(reply: ParsedReply, expected: Expected, bytes: number): string[] {
    const p: string[] = [];
    if (reply.id !== expected.id) p.push(`accepted a reply with ID ${reply.id} for a query with ID ${expected.id}`);
    if (reply.questionName.toLowerCase() !== expected.name.toLowerCase().replace(/\.$/, ''))
        p.push(`accepted a reply to ${reply.questionName}, asked ${expected.name}`);
    if (reply.opcode !== 'QUERY') p.push(`accepted opcode ${reply.opcode}`);
    if (typeof reply.rcode !== 'string' || !/^[A-Z]+\d*$/.test(reply.rcode)) p.push(`rcode ${JSON.stringify(reply.rcode)}`);
    for (const f of ['aa', 'tc', 'rd', 'ra', 'ad', 'cd'] as const) if (typeof reply.flags[f] !== 'boolean') p.push(`flag ${f} is ${String(reply.flags[f])}`);
    if (reply.bytes !== bytes) p.push(`reply says ${reply.bytes} bytes, received ${bytes}`);
    for (const [where, rrs] of [
        ['answer', reply.answers],
        ['authority', reply.authority],
        ['additional', reply.additionals],
    ] as const) {
        for (const rr of rrs) p.push(...recordProblems(rr, where));
    }
    if (reply.edns) {
        const e = reply.edns;
        if (!isUint(e.udpSize, 0xffff) || !isUint(e.version, 0xff) || typeof e.do !== 'boolean') p.push(`EDNS summary out of range: ${JSON.stringify(e)}`);
        for (const o of e.options) if (!isUint(o.code, 0xffff) || !/^([0-9a-f]{2})*$/.test(o.data)) p.push(`EDNS option ${JSON.stringify(o)}`);
    }
    return p;
}

/** The exchange the resolver would hand the renderers for this reply (index.ts toExchange, field for field). */
export function exchangeFor(reply: ParsedReply, expected: Expected, transport: 'udp' | 'tcp', truncatedUdp?: { answers: number }): DnsExchange {
    const model: Reply = {
        rcode: reply.rcode,
        answers: reply.answers,
        additionals: reply.additionals,
        authority: reply.authority,
        because: [],
        authoritative: reply.flags.aa,
    };
    const ex: DnsExchange = {
        server: { host: '127.0.0.1', port: 5353 },
        transport,
        rttMs: 1.25,
        question: { name: expected.name.replace(/\.$/, ''), type: expected.type, class: 'IN' },
        flags: reply.flags,
        id: reply.id,
        opcode: reply.opcode,
        reply: model,
        messageBytes: reply.bytes,
        dropped: new DroppedReplies(),
    };
    if (reply.edns) {
        ex.edns = reply.edns;
        ex.ednsUdpSize = reply.edns.udpSize;
    }
    if (truncatedUdp) ex.truncatedUdp = truncatedUdp;
    return ex;
}

const sink = { write: () => {}, isTTY: true, columns: 100 };
const deps = (tty: boolean): Deps => ({
    stdout: tty ? sink : { write: () => {}, isTTY: false },
    stderr: sink,
    stdinIsTTY: false,
    readStdin: async () => '',
    env: tty ? { FORCE_COLOR: '3' } : {},
    now: () => new Date('2025-01-01T00:00:00Z'),
    prompt: async () => '',
    sleep: async () => false,
});
const TTY_CTX = new RunContext(deps(true));
const PLAIN_CTX = new RunContext(deps(false));
/** One Service owning an address the corpus uses, so reasonFor takes its Service branch too. */
const OWNERS: AddressOwners = {
    podsByIP: new Map(),
    servicesByIP: new Map([
        ['10.96.0.20', [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', namespace: 'default' }, spec: { clusterIP: '10.96.0.20' } } as never]],
    ]),
};

/** Control characters other than tab and newline: dig's presentation form escapes every one of them. */

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;
/** Colour codes (chalk's SGR sequences), the only escapes svcdig writes itself. */

const SGR = /\u001b\[[0-9;]*m/g;

/**
 * Every renderer of replies on an accepted reply: renderDig (UDP, and TCP after a truncated UDP reply), compare and
 * normalize against the seed's own reply and against itself, the resolve report in every output format. Returns
 * what went wrong (empty when nothing did); `full` adds the YAML output, the slowest.
 */
export function renderProblems(reply: ParsedReply, expected: Expected, expectedReply: Reply, full: boolean, slowest = { what: '', ms: 0 }): string[] {
    const p: string[] = [];
    const timed = <T>(what: string, fn: () => T): T => {
        const t0 = performance.now();
        const out = fn();
        const ms = performance.now() - t0;
        if (ms > slowest.ms) Object.assign(slowest, { what, ms });
        return out;
    };
    const ex = exchangeFor(reply, expected, 'udp');
    for (const e of [ex, exchangeFor(reply, expected, 'tcp', { answers: 0 })]) {
        const text = timed('renderDig', () => renderDig(e));
        if (typeof text !== 'string') p.push('renderDig returned no string');
        else if (CONTROL.test(text)) p.push(`renderDig printed a raw control character: ${JSON.stringify(text.match(CONTROL)?.[0])}`);
        else if (!text.includes(`ANSWER: ${reply.answers.length},`)) p.push('renderDig header does not count the answers');
    }
    const self = timed('compareReplies', () => compareReplies(ex.reply, ex.reply));
    if (self.verdict !== 'match') p.push(`a reply compared with itself is a ${self.verdict}: ${self.differences.map((d) => d.message).join('; ')}`);
    normalizeReply(ex.reply);
    const result: ResolveResult = timed('buildResolveResult', () =>
        buildResolveResult({
            query: { name: expected.name, type: expected.type },
            candidates: [{ name: expected.name, expected: expectedReply, actual: ex.reply }],
            expected: { index: 0 },
            actual: { index: 0 },
            queries: 1,
        }),
    );
    for (const d of result.differences) {
        const why = reasonFor(d, OWNERS, new Date('2025-01-01T00:00:00Z'));
        if (why !== undefined) d.reason = why;
        if (typeof d.message !== 'string') p.push('a difference without a message');
    }
    const report: ResolveReport = {
        apiVersion: 'svcdig/v1alpha1',
        kind: 'ResolveReport',
        namespace: 'default',
        source: 'fuzz',
        dns: {
            zones: ['cluster.local'],
            ttl: 5,
            podsMode: 'insecure',
            configSource: 'fuzz',
            notes: [],
            search: [],
            ndots: 5,
            stub: 'glibc',
            server: '127.0.0.1:5353',
        },
        results: [result],
        errors: [],
    };
    const exchanges = new Map([[result, ex]]);
    const outputs = full ? ['table', 'wide', 'dig', 'json', 'yaml'] : ['table', 'wide', 'dig', 'json'];
    for (const output of outputs) {
        for (const ctx of output === 'table' ? [TTY_CTX, PLAIN_CTX] : [PLAIN_CTX]) {
            const text = timed(`renderResolveReport -o ${output}`, () => printReport('resolve', { report, exchanges }, printOptions({}, output, ctx)));
            if (typeof text !== 'string' || text.length === 0) p.push(`renderResolveReport -o ${output} returned no text`);
            if (output === 'json') JSON.parse(text);
            // Without colour no escape is svcdig's own (with colour, cli-table3's wrapping can split a colour code).
            if (ctx === PLAIN_CTX && output !== 'json' && output !== 'yaml' && CONTROL.test(text.replace(SGR, ''))) {
                p.push(`renderResolveReport -o ${output} printed a raw control character: ${JSON.stringify(text.replace(SGR, '').match(CONTROL)?.[0])}`);
            }
        }
    }
    return p;
}

/** The model form of a seed's own accepted reply: what the mutated replies are compared against. */
export function replyModel(reply: ParsedReply): Reply {
    return {
        rcode: reply.rcode,
        answers: reply.answers,
        additionals: reply.additionals,
        authority: reply.authority,
        because: ['the seed reply'],
        authoritative: reply.flags.aa,
    };
}

function describe(err: unknown): { message: string; stack?: string } {
    if (err instanceof Error) return { message: `${err.constructor.name}: ${err.message}`, ...(err.stack ? { stack: err.stack } : {}) };
    return { message: `thrown non-Error ${String(err)}` };
}

/** One case through the receive path and, when accepted, the renderers. Never throws. */
export function runCase(buf: Buffer, expected: Expected, expectedReply: Reply, opts: { full?: boolean } = {}): CaseResult {
    const t0 = performance.now();
    const done = (r: Omit<CaseResult, 'ms'>): CaseResult => ({ ...r, ms: performance.now() - t0 });
    let s: Screened;
    try {
        s = screenReply(buf, expected);
    } catch (err) {
        return done({ outcome: 'failed', detail: '', failure: { kind: 'crash', ...describe(err) } });
    }
    const screenMs = performance.now() - t0;
    if (screenMs > HANG_MS)
        return done({ outcome: 'failed', detail: '', failure: { kind: 'hang', message: `screenReply took ${screenMs.toFixed(0)} ms (over ${HANG_MS} ms)` } });
    if (s.kind === 'drop') return done({ outcome: 'drop', detail: s.reason });
    if (s.kind === 'malformed') return done({ outcome: 'malformed', detail: s.why });
    const problems = replyProblems(s.reply, expected, buf.length);
    if (problems.length) return done({ outcome: 'failed', detail: '', failure: { kind: 'invariant', message: problems.join('; ') } });
    try {
        const slowest = { what: '', ms: 0 };
        const rp = renderProblems(s.reply, expected, expectedReply, !!opts.full, slowest);
        if (slowest.ms > HANG_MS)
            return done({
                outcome: 'failed',
                detail: '',
                failure: { kind: 'hang', message: `${slowest.what} took ${slowest.ms.toFixed(0)} ms (over ${HANG_MS} ms)` },
            });
        if (rp.length) return done({ outcome: 'failed', detail: '', failure: { kind: 'render', message: rp.join('; ') } });
    } catch (err) {
        return done({ outcome: 'failed', detail: '', failure: { kind: 'render', ...describe(err) } });
    }
    return done({ outcome: 'accept', detail: '' });
}
