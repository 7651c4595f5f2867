import { Option, type Command } from 'commander';
import { invalidZoneReason } from '../../core/name-rules.js';
import { PODS_MODES } from '../../core/dns/dns-config.js';
import { usageError } from '../../errors.js';
import { formatsOf, type ReportKind } from '../../render/formats.js';
import { COLOR_WHEN, type ColorWhen } from '../../render/color-when.js';

/** Options every cluster-reading command shares; names follow kubectl exactly. */
export interface SourceOptions {
    namespace?: string;
    allNamespaces?: boolean;
    context?: string;
    cluster?: string;
    user?: string;
    kubeconfig?: string;
    requestTimeout?: string;
    fromFile?: string[];
    recursive?: boolean;
    demo?: boolean;
    zone?: string;
    ttl?: number;
    podsMode?: 'disabled' | 'insecure' | 'verified';
    endpointPodNames?: boolean;
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/** How svcdig asks the real DNS; shared by resolve and check. */
export interface DnsQueryFlags {
    expectedOnly?: boolean;
    server?: string[];
    /** dig's -p: the port of every --server (or @SERVER) written without one. */
    port?: string;
    /** Several servers: ask each and compare them, or ask them in turn until one answers (README: --server modes). */
    serverMode?: 'each' | 'failover';
    via?: 'auto' | 'direct' | 'port-forward';
    tcp?: boolean;
    /** Per-query timeout in ms (parsed and checked as the flag is read). */
    timeout?: number;
    retries?: string;
}

/** `oneServer`: a command that asks one server at a time (svcdig shell, whose server verb changes it): no --server-mode. */
export function addDnsQueryOptions(cmd: Command, opts: { oneServer?: boolean } = {}): Command {
    cmd.option('--expected-only', 'only compute the expected records; query no DNS server');
    if (opts.oneServer) cmd.option('--server <host[:port]>', 'ask this DNS server instead of the cluster DNS (works with --from-file)', collect);
    else
        cmd.option(
            '--server <host[:port]>',
            'ask this DNS server instead of the cluster DNS (repeatable: every one is asked, see --server-mode; works with --from-file)',
            collect,
        );
    cmd.option('-p, --port <port>', "the port of every --server given without one, as dig's -p");
    if (!opts.oneServer)
        cmd.addOption(
            new Option('--server-mode <mode>', 'with several --server: ask each and compare their answers, or ask the next only when one fails')
                .choices(['each', 'failover'])
                .default('each'),
        );
    return cmd
        .addOption(
            new Option('--via <how>', 'how to reach the cluster DNS: direct to its ClusterIP, port-forward through the API server, or auto')
                .choices(['auto', 'direct', 'port-forward'])
                .default('auto'),
        )
        .option('--tcp', 'query over TCP only')
        .addOption(new Option('--timeout <duration>', 'per-query timeout (default 2s)').argParser((v) => parseTimeout(v, '--timeout')))
        .option('--retries <n>', 'retries per server (default 1)');
}

/** What choosing and using a DNS transport reads of the command's flags (resolve and check). */
export interface DnsTransportOptions extends SourceOptions, DnsQueryFlags {
    asPod?: string;
    allReplicas?: boolean;
}

export interface OutputOptions {
    output: string;
    /** --color (default auto); false: --no-color. */
    color?: ColorWhen | false;
    headers?: boolean;
    debug?: boolean;
    verbose?: boolean;
}

/** `stdinFree`: a command whose stdin holds something else (svcdig shell's lines): no `-f -`. */
export function addSourceOptions(cmd: Command, opts: { allNamespaces?: boolean; stdinFree?: boolean } = {}): Command {
    cmd.option('-n, --namespace <ns>', 'namespace (default: the kubeconfig context\'s, else "default")');
    if (opts.allNamespaces) cmd.option('-A, --all-namespaces', 'every namespace');
    cmd.option(
        '-f, --from-file <path>',
        `read API objects from a YAML/JSON file or a directory's *.yaml, *.yml, *.json instead of the cluster (repeatable${opts.stdinFree ? '' : ', - = stdin'})`,
        collect,
    )
        .option('-R, --recursive', 'with -f DIR, read its subdirectories too')
        .option('--demo', 'use the built-in demo cluster (no cluster needed)')
        .option('--kubeconfig <path>', 'path to the kubeconfig file')
        .option('--context <name>', 'kubeconfig context to use')
        .option('--cluster <name>', 'kubeconfig cluster to use')
        .option('--user <name>', 'kubeconfig user to use')
        .option('--request-timeout <duration>', 'API request timeout, e.g. 10s, 500ms (default 30s)')
        .addOption(new Option('--zone <domain>', 'cluster domain (overrides the Corefile)').argParser(parseZone))
        .addOption(new Option('--ttl <seconds>', 'record TTL of the kubernetes plugin (overrides the Corefile)').argParser(parseTtl))
        .addOption(new Option('--pods-mode <mode>', 'kubernetes plugin pods mode (overrides the Corefile)').choices(PODS_MODES))
        .option('--endpoint-pod-names', 'CoreDNS endpoint_pod_names is on (overrides the Corefile)');
    return cmd;
}

/** -o with the formats the printer registry has for the command's report (render/registry.ts), and the shared display flags. */
export function addOutputOptions(cmd: Command, kind: ReportKind, defaultFormat: string): Command {
    return cmd
        .addOption(new Option('-o, --output <format>', 'output format').choices(formatsOf(kind)).default(defaultFormat))
        .addOption(colorOption())
        .addOption(noColorOption())
        .option('--no-headers', 'omit table headers')
        .option('--debug', 'show stack traces of internal errors')
        .option('-v, --verbose', 'explain what svcdig does, on stderr');
}

/** --color WHEN: auto colours a terminal only; NO_COLOR, FORCE_COLOR and TERM=dumb are read too (render/style.ts colorLevel). */
export const colorOption = () =>
    new Option('--color <when>', 'colour the output: auto (a terminal, unless NO_COLOR or TERM=dumb), always or never').choices(COLOR_WHEN).default('auto');
/** --no-color: the same as --color never (kept from earlier builds and for kubectl-style scripts). */
export const noColorOption = () => new Option('--no-color', 'never colour the output (= --color never)');

function parseTtl(v: string): number {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 3600) throw usageError(`--ttl must be a whole number of seconds from 0 to 3600, got "${v}"`);
    return n;
}

function parseZone(v: string): string {
    const why = invalidZoneReason(v);
    if (why) throw usageError(`invalid --zone "${v}": ${why}`);
    return v;
}

/** The longest delay a Node timer can hold: 2^31 - 1 ms; Node turns anything larger into 1 ms (nodejs.org/api/timers.html). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A timeout as a duration (parseDuration); 0, or less than 1 ms once rounded, would time out before any reply. */
export function parseTimeout(text: string, flag: string): number {
    const ms = parseDuration(text, flag);
    if (ms < 1) throw usageError(`${flag} must be at least 1ms and at most 24 days, got "${text}"`);
    return ms;
}

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * A duration → milliseconds, as kubectl reads --request-timeout (Go's time.ParseDuration): "500ms", "10s", "2m",
 * "1h30m"; a plain number is seconds. At most what a timer holds (about 24 days).
 */
export function parseDuration(text: string, flag: string): number {
    const t = text.trim();
    const parts = /^\d+(?:\.\d+)?$/.test(t) ? [[t, t, 's']] : [...t.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
    if (parts.length === 0 || parts.map((p) => p[0]).join('') !== t)
        throw usageError(`${flag} takes a duration such as 500ms, 10s, 2m or 1h30m, got "${text}"`);
    const ms = Math.round(parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_MS[p[2]!]!, 0));
    if (ms > MAX_TIMER_MS) throw usageError(`${flag} is too long: at most ${(MAX_TIMER_MS / 1000) | 0}s (about 24 days), got "${text}"`);
    return ms;
}
