/**
 * A session line that asks for a view runs the very command that prints it (resolve, explain, env, check), against
 * the session's cached cluster (load-cluster.ts CachedCluster) with the session's settings as its flags: one
 * definition of the search-list walk, the comparison and the printing. Its output is gathered per line, so a line
 * cancelled with Ctrl-C prints nothing, and -o json comes out as one report per line (JSON Lines).
 */
import { isIP } from 'node:net';
import { RunContext } from '../../context.js';
import type { ExitCode } from '../../errors.js';
import type { SessionSettings } from '../../core/shell/settings.js';
import { FORMATS, type ReportKind } from '../../render/formats.js';
import { jsonText } from '../../render/escape.js';
import { printReport } from '../../render/registry.js';
import { printOptions } from '../common/print.js';
import { parseObjectRef, type NamedKind } from '../../core/object-ref.js';
import { parseServerAddress } from '../../adapters/dns/server-address.js';
import type { CachedCluster, LoadedCluster } from '../common/load-cluster.js';
import { parseTimeout } from '../common/options.js';
import { runResolve } from '../resolve/run.js';
import { runExplain } from '../explain/run.js';
import { runEnv } from '../env/run.js';
import { runCheck } from '../check/run.js';
import type { ShellOptions } from './options.js';
import type { TransportCache } from './transport-cache.js';

export type ViewRequest =
    | { kind: 'lookup'; name: string; server?: string }
    | { kind: 'explain'; service: string }
    | { kind: 'env'; pod?: string }
    | { kind: 'check'; services: string[] };

/**
 * The format of a view in the session's -o: the command's own where it has it, else its human view. `set debug`
 * (nslookup's: every query and reply) makes a name's view wide, whose table lists every candidate the search-list
 * walk asked with both sides' replies, and the deciding exchange follows in full in the dig view.
 */
export function formatFor(kind: ReportKind, output: string, debug: boolean): string {
    if (kind === 'resolve' && debug && !structured(output)) return 'wide';
    if (kind === 'explain' && output === 'table') return 'describe';
    return (FORMATS[kind] as readonly string[]).includes(output) ? output : kind === 'explain' ? 'describe' : 'table';
}

/** HOST[:PORT] with nslookup's `set port=` for a server given without a port. */
export function serverWithPort(server: string, port: number | null): string {
    const explicit = /\]:\d+$/.test(server) || (isIP(server) !== 6 && server.includes(':'));
    if (explicit || port === null) return server;
    const { host } = parseServerAddress(server);
    return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The flags every view shares: the source (the cache), the namespace, the display flags. */
function common(opts: ShellOptions, s: SessionSettings, cluster: LoadedCluster, output: string) {
    const { color, headers, debug, verbose } = opts;
    return { cached: cluster, namespace: s.namespace, output, color, headers, debug, verbose } satisfies CachedCluster & Record<string, unknown>;
}

/** How DNS is asked: the session's server (or the line's), TCP, timeout, retries; nothing with expected-only. */
function dnsFlags(s: SessionSettings, cluster: LoadedCluster, lineServer?: string) {
    const server = lineServer ?? s.server;
    return {
        expectedOnly: expectedOnly(s, cluster, lineServer),
        ...(server ? { server: [serverWithPort(server, s.port)] } : {}),
        via: s.via,
        tcp: s.vc,
        ...(s.timeout !== null ? { timeout: parseTimeout(s.timeout, 'set timeout') } : {}),
        ...(s.retry !== null ? { retries: String(s.retry) } : {}),
    };
}

/** Files name no DNS server: with none set, only the expected side is shown (resolve would say so on every line). */
export function expectedOnly(s: SessionSettings, cluster: LoadedCluster, lineServer?: string): boolean {
    return s.expectedOnly || (cluster.origin === 'file' && !(lineServer ?? s.server));
}

type ViewEnv = { opts: ShellOptions; settings: SessionSettings; cluster: LoadedCluster; ctx: RunContext; transports: TransportCache; signal?: AbortSignal };

/**
 * Runs one view into buffers; returns its text (shaped for -o) and the exit code it raised. Its notes reach stderr
 * when it ends (before its text), unless the line was cancelled: then nothing of it is shown.
 */
export async function answerView(req: ViewRequest, env: ViewEnv): Promise<{ text: string; exitCode: ExitCode }> {
    const { deps } = env.ctx;
    let text = '';
    let notes = '';
    const line = new RunContext({
        ...deps,
        stdout: { ...deps.stdout, write: (t: string) => void (text += t) },
        stderr: { ...deps.stderr, write: (t: string) => void (notes += t) },
    });
    line.verbose = env.ctx.verbose;
    line.debug = env.ctx.debug;
    try {
        await runView(req, env, line);
    } finally {
        if (!env.signal?.aborted) deps.stderr.write(notes);
    }
    return { text: shapeOutput(text, env.opts.output), exitCode: line.exitCode };
}

/** The command that prints the view, with the session's settings as its flags. */
async function runView(req: ViewRequest, env: ViewEnv, line: RunContext): Promise<void> {
    const { opts, settings: s, cluster } = env;
    const out = opts.output;
    const signal = env.signal ? { signal: env.signal } : {};
    if (req.kind === 'lookup') {
        // An address is always its PTR, whatever set type says, as nslookup asks it (bin/dig/nslookup.c addlookup)
        const address = isIP(req.name.replace(/\.$/, '')) !== 0;
        const flags = {
            ...common(opts, s, cluster, formatFor('resolve', out, s.debug)),
            ...dnsFlags(s, cluster, req.server),
            ...(address ? {} : { type: [s.type] }),
            stub: s.stub,
            ...(s.asPod ? { asPod: s.asPod } : {}),
            ...(s.search ? { search: s.search } : {}),
            ...(s.ndots !== null ? { ndots: s.ndots } : {}),
            ...signal,
            openTransport: env.transports.open,
        };
        const printed = await runResolve([{ name: req.name, types: [] }], flags, line);
        if (s.debug && !structured(out)) line.deps.stdout.write(printReport('resolve', printed, printOptions(opts, 'dig', line)));
    } else if (req.kind === 'explain')
        await runExplain(req.service, common(opts, namedIn([req.service], 'Service', s), cluster, formatFor('explain', out, s.debug)), line);
    else if (req.kind === 'env') {
        const settings = namedIn(req.pod ? [req.pod] : [], 'pod', s);
        await runEnv({ ...common(opts, settings, cluster, formatFor('env', out, s.debug)), ...(req.pod ? { pod: req.pod } : {}) }, line);
    } else
        await runCheck(
            req.services,
            {
                ...common(opts, namedIn(req.services, 'Service', s), cluster, formatFor('check', out, s.debug)),
                ...dnsFlags(s, cluster),
                failOn: 'error',
                ...signal,
            },
            line,
        );
}

/**
 * The session's settings for a line that names its objects as NS/NAME (what "did you mean" suggests): that line is
 * answered in the namespace they name, as `kubectl get svc NS/...` has no -n to disagree with. Names that disagree
 * among themselves are left to the command to refuse.
 */
function namedIn(texts: string[], kind: NamedKind, s: SessionSettings): SessionSettings {
    const named = new Set(texts.map((t) => parseObjectRef(t, kind)).flatMap((ref) => ('namespace' in ref && ref.namespace ? [ref.namespace] : [])));
    return named.size === 1 ? { ...s, namespace: [...named][0]! } : s;
}

const structured = (output: string) => output === 'json' || output === 'yaml';

/** -o json: each report on one line (JSON Lines); -o yaml: one YAML document each. */
function shapeOutput(text: string, output: string): string {
    if (output === 'json' && text.trim()) return jsonText(JSON.stringify(JSON.parse(text))) + '\n';
    if (output === 'yaml' && text.trim()) return `---\n${text}`;
    return text;
}
