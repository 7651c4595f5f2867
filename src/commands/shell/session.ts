/**
 * One `svcdig shell` session: its settings and its cached cluster. Each line is read by core/shell/line.ts; setting
 * verbs change the settings (checked here where the check needs more than the line), view verbs run the commands'
 * own code (answer.ts). A bad line is one error on stderr and the session goes on; its exit code still counts, so a
 * script with a typo fails (2) as `svcdig resolve` with a bad name does.
 */
import type { RunContext } from '../../context.js';
import { clusterDnsIPs } from '../../core/cluster-dns.js';
import { parseShellLine } from '../../core/shell/line.js';
import { describeSettings, type SessionSettings, type SettingChange } from '../../core/shell/settings.js';
import { verbTable } from '../../core/shell/verbs.js';
import { nsOf } from '../../core/snapshot.js';
import { SvcdigError, usageError, type ExitCode } from '../../errors.js';
import { invalidPodNameReason } from '../../core/name-rules.js';
import { terminalText } from '../../render/escape.js';
import { findPod } from '../common/find-service.js';
import { parseAsPod } from '../resolve/as-pod.js';
import { parseServerAddress } from '../../adapters/dns/server-address.js';
import { changeSummary } from '../common/interactive.js';
import { parseTimeout } from '../common/options.js';
import { answerView, expectedOnly, serverWithPort, type ViewRequest } from './answer.js';
import type { ClusterCache } from './cluster-cache.js';
import { TransportCache } from './transport-cache.js';
import { serverAddressOf } from './server-name.js';
import type { ShellOptions } from './options.js';

/**
 * The longest line read: a DNS name has at most 253 characters (RFC 1035 §2.3.4), so a longer line is a paste gone
 * wrong, refused without quoting it whole.
 */
const LONGEST_LINE = 4096;
const tooLong = (text: string) =>
    ({ kind: 'error', message: `a line of ${text.length} characters is longer than any verb or name takes (at most ${LONGEST_LINE})` }) as const;

/** 5000 → 5s, 1500 → 1.5s, 500 → 500ms. */
const durationText = (ms: number) => (ms >= 1000 ? `${ms / 1000}s` : `${ms}ms`);

/** Reports an error as the CLI does (cli.ts): one line, a hint, the exit code. */
export type ErrorReporter = (err: unknown, ctx: RunContext) => ExitCode;

export class Session {
    readonly initialServer: string | null;
    private readonly transports = new TransportCache();

    constructor(
        public settings: SessionSettings,
        readonly cache: ClusterCache,
        private readonly opts: ShellOptions,
        private readonly ctx: RunContext,
        private readonly reportError: ErrorReporter,
    ) {
        this.initialServer = settings.server;
    }

    /** Answers one line; 'exit' when it ends the session. */
    async runLine(text: string, signal?: AbortSignal): Promise<'exit' | undefined> {
        const cmd = text.length > LONGEST_LINE ? tooLong(text) : parseShellLine(text);
        try {
            switch (cmd.kind) {
                case 'nothing':
                    return undefined;
                case 'exit':
                    return 'exit';
                case 'error':
                    throw usageError(cmd.message);
                case 'ignored':
                    this.ctx.note(`note: ${cmd.note}`);
                    return undefined;
                case 'help':
                    this.say(verbTable());
                    return undefined;
                case 'show-settings': {
                    // A port-forward carries TCP only: whatever vc says, the queries go over TCP.
                    const tcpOnly = (await this.transports.heldVia()) === 'port-forward';
                    const shown = { ...this.settings, expectedOnly: expectedOnly(this.settings, this.cache.cluster) };
                    // The demo's responder listens on a port of its own, which set port= does not change.
                    const ownPort = !this.settings.server && !shown.expectedOnly && this.cache.cluster.origin === 'demo' ? 'the demo responder' : undefined;
                    this.say(terminalText(describeSettings(shown, this.serverShown(), { tcpOnly, ownPort })));
                    return undefined;
                }
                case 'show-server':
                    this.say(this.serverLines());
                    return undefined;
                case 'initial-server':
                    this.apply({ server: this.initialServer });
                    return undefined;
                case 'change':
                    this.apply(cmd.change);
                    return undefined;
                default:
                    await this.view(cmd, signal);
                    return undefined;
            }
        } catch (err) {
            if (signal?.aborted) return this.cancelled();
            this.ctx.raise(this.reportError(inSessionWords(err), this.ctx));
            return undefined;
        }
    }

    /** Ends the session: its DNS transport (a port-forward, the demo's responder) and the API watches. */
    async close(): Promise<void> {
        this.cache.close();
        await this.transports.close();
    }

    /** The prompt's context: where the cluster comes from and the namespace (`demo/default`). */
    where(): string {
        const c = this.cache.cluster;
        const source = c.origin === 'live' ? (c.live?.target.context ?? 'cluster') : c.origin;
        return `${source}/${this.settings.namespace}`;
    }

    private async view(typed: ViewRequest, signal?: AbortSignal): Promise<void> {
        const changed = await this.cache.refresh();
        if (changed.length) this.ctx.note(`changed since the last line: ${changeSummary(changed)}`);
        const req = typed.kind === 'lookup' && typed.server ? { ...typed, server: this.serverAddress(typed.server) } : typed;
        const { text, exitCode } = await answerView(req, {
            opts: this.opts,
            settings: this.settings,
            cluster: this.cache.cluster,
            ctx: this.ctx,
            transports: this.transports,
            ...(signal ? { signal } : {}),
        });
        if (signal?.aborted) return void this.cancelled();
        this.ctx.raise(exitCode);
        this.ctx.deps.stdout.write(text);
    }

    private cancelled(): undefined {
        this.ctx.note('cancelled');
        return undefined;
    }

    /** Checks and applies a setting change; `server` answers as nslookup does, with the server now asked. */
    private apply(typed: SettingChange): void {
        const change = typed.server ? { ...typed, server: this.serverAddress(typed.server) } : typed;
        if (change.server) parseServerAddress(serverWithPort(change.server, change.port ?? this.settings.port));
        // kept normalized, so set all shows what is used: 5 and 5s are 5s, 1.5 is 1.5s
        if (change.timeout) change.timeout = durationText(parseTimeout(change.timeout, 'set timeout'));
        const next = { ...this.settings, ...change };
        if (change.asPod) next.asPod = this.knownPod(change.asPod, next.namespace);
        this.settings = next;
        if (change.namespace) this.noteUnknownNamespace(change.namespace);
        this.noteNoEffect(change);
        if ('server' in change) this.say(this.serverLines());
    }

    /** --as-pod, checked against the cache as the as-pod verb is, before the first line. */
    checkFirstPod(): void {
        const typed = this.settings.asPod;
        if (typed) this.settings = { ...this.settings, asPod: this.knownPod(typed, this.settings.namespace) };
    }

    private serverAddress(typed: string): string {
        return serverAddressOf(typed, this.cache.cluster.snapshot, this.settings.namespace);
    }

    /**
     * `as-pod POD` checked when typed, against the session's cache, and pinned to its namespace (NS/POD), so a later
     * `ns` does not make it another pod.
     */
    private knownPod(typed: string, namespace: string): string {
        const ref = parseAsPod(typed, namespace);
        const why = invalidPodNameReason(ref.name);
        if (why) throw usageError(`as-pod: invalid pod name "${ref.name}": ${why}`);
        findPod(this.cache.cluster.snapshot, ref.namespace, ref.name);
        return `${ref.namespace}/${ref.name}`;
    }

    /** A setting that cannot apply to this session's source says so, rather than being taken silently. */
    private noteNoEffect(change: SettingChange): void {
        const c = this.cache.cluster;
        if (change.expectedOnly === false && expectedOnly(this.settings, c))
            this.ctx.note('note: expected-only stays on: files name no DNS server; give one with server HOST');
        if (change.via !== undefined && c.origin !== 'live')
            this.ctx.note(
                `note: via changes nothing here: it chooses how to reach a live cluster's DNS, and this session reads ${c.origin === 'demo' ? 'the demo' : 'files'}`,
            );
    }

    private noteUnknownNamespace(ns: string): void {
        const s = this.cache.cluster.snapshot;
        const known = s.namespaces.some((n) => n.metadata.name === ns) || s.services.some((o) => nsOf(o) === ns);
        if (s.namespacesKnown && !known) this.ctx.note(`note: namespace "${ns}" not found in ${s.origin}`);
    }

    /** nslookup's answer to `server`: "Default server: NAME" and, for an address, "Address: HOST#PORT". */
    private serverLines(): string {
        const s = this.settings.server;
        const shown = `Default server: ${this.serverShown()}\n`;
        if (!s || expectedOnly(this.settings, this.cache.cluster)) return shown;
        const { host, port } = parseServerAddress(serverWithPort(s, this.settings.port));
        return `${shown}Address: ${host}#${port}\n`;
    }

    /** Who answers the next name, as `server` and `set all` show it. */
    serverShown(): string {
        const c = this.cache.cluster;
        if (expectedOnly(this.settings, c))
            return `none (expected only${c.origin === 'file' && !this.settings.server ? '; files name no DNS server: server HOST' : ''})`;
        if (this.settings.server) return serverWithPort(this.settings.server, this.settings.port);
        if (c.origin === 'demo') return "the demo's DNS responder";
        return `the cluster DNS (${clusterDnsIPs(c.snapshot).join(', ') || 'no kube-dns Service found'}), via ${this.settings.via}`;
    }

    /** Acknowledgements and tables: on stdout, except with -o json or yaml, whose stdout holds reports only. */
    private say(text: string): void {
        const structured = this.opts.output === 'json' || this.opts.output === 'yaml';
        (structured ? this.ctx.deps.stderr : this.ctx.deps.stdout).write(text);
    }
}

/**
 * The session has verbs where the commands have flags: an error or hint a command words with its flags (`-n NS`,
 * `--as-pod`) is said with the verbs that do the same here (`ns NS`, `as-pod`).
 */
export function inSessionWords(err: unknown): unknown {
    if (!(err instanceof SvcdigError)) return err;
    const say = (text: string) => text.replace(/--as-pod\b/g, 'as-pod').replace(/(^|[\s(])-n (?=[a-z0-9])/g, '$1ns ');
    const hint = err.hint === undefined ? undefined : say(err.hint);
    return new SvcdigError(err.kind, say(err.message), hint === undefined ? undefined : { hint });
}
