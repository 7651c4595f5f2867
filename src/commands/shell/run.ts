import type { RunContext } from '../../context.js';
import { recordTypeByName, QUERY_TYPE_NAMES } from '../../core/dns/record-types.js';
import type { SessionSettings } from '../../core/shell/settings.js';
import { usageError } from '../../errors.js';
import { parseServerAddress } from '../../adapters/dns/server-address.js';
import { checkSourceFlags } from '../common/load-cluster.js';
import { portFlag, queryOptionsFrom } from '../common/dns-transport.js';
import { parseAsPod } from '../resolve/as-pod.js';
import { ClusterCache } from './cluster-cache.js';
import type { ShellOptions } from './options.js';
import { Session, type ErrorReporter } from './session.js';

/**
 * svcdig shell: every flag is checked first, the cluster is read once, then lines are answered until `exit`, Ctrl-D
 * or the end of stdin. On a terminal the line editor (terminal.ts); otherwise stdin line by line, plain output. The
 * exit code is the worst of every line's (0 when everything matched).
 */
export async function runShell(opts: ShellOptions, ctx: RunContext, reportError: ErrorReporter): Promise<void> {
    const settings = firstSettings(opts);
    const cache = await ClusterCache.open(opts, ctx);
    const session = new Session({ ...settings, namespace: opts.namespace ?? cache.cluster.namespace }, cache, opts, ctx, reportError);
    try {
        session.checkFirstPod();
        if (typedAtTerminal(ctx) && ctx.deps.stdinLines) return await (await import('./terminal.js')).runTerminal(session, ctx);
        for await (const line of lines(ctx)) if ((await session.runLine(line)) === 'exit') return;
    } finally {
        await session.close();
    }
}

/**
 * A person types the lines when stdin is a terminal, as nslookup decides (bin/dig/nslookup.c: isatty(0)); the editor
 * then needs a terminal to draw on: stdout's, or stderr's when stdout is saved (`svcdig shell | tee log`).
 */
function typedAtTerminal(ctx: RunContext): boolean {
    return ctx.deps.stdinIsTTY && (ctx.deps.stdout.isTTY || ctx.deps.stderr.isTTY);
}

function firstSettings(opts: ShellOptions): SessionSettings {
    checkSourceFlags(opts);
    if (opts.fromFile?.includes('-')) throw usageError("-f - reads stdin, which holds the session's lines; give the objects in a file");
    const q = queryOptionsFrom(opts);
    const type = opts.type === undefined ? undefined : recordTypeByName(opts.type);
    if (opts.type !== undefined && !type) throw usageError(`unknown record type "${opts.type}" (try ${QUERY_TYPE_NAMES.join(', ')}, or TYPEnnn)`);
    if (opts.asPod) parseAsPod(opts.asPod, opts.namespace ?? 'default');
    if ((opts.server?.length ?? 0) > 1) throw usageError('svcdig shell asks one --server at a time (the server verb changes it)');
    const server = opts.server?.[0];
    if (server) parseServerAddress(server);
    return {
        namespace: opts.namespace ?? 'default',
        type: type?.name ?? 'A',
        stub: opts.stub ?? 'glibc',
        asPod: opts.asPod ?? null,
        via: opts.via ?? 'auto',
        expectedOnly: !!opts.expectedOnly,
        server: server ?? null,
        // -p is the session's first `set port=`: the port of every server given without one
        port: opts.port === undefined ? null : portFlag(opts.port),
        vc: q.tcp,
        timeout: opts.timeout === undefined ? null : `${opts.timeout}ms`,
        retry: opts.retries === undefined ? null : q.retries,
        debug: false,
        search: null,
        ndots: null,
    };
}

/** stdin line by line as it arrives; whole when the caller gave it whole (tests). */
async function* lines(ctx: RunContext): AsyncIterable<string> {
    if (ctx.deps.stdinLines) return yield* ctx.deps.stdinLines();
    yield* (await ctx.deps.readStdin()).split(/\r?\n/);
}
