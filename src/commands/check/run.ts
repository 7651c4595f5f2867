import { API_VERSION } from '../../core/api-version.js';
import { accessSync, constants, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { hostname } from 'node:os';
import type { RunContext } from '../../context.js';
import { buildDnsIndex } from '../../core/dns/index.js';
import { explainService } from '../../core/explain.js';
import {
    atOrAbove,
    howToQuery,
    notChecked,
    notQueriedWhy,
    recordCheck,
    serviceFails,
    summarize,
    withoutReplies,
    type CheckReport,
    type FailOn,
    type RecordCheck,
    type ServiceCheck,
} from '../../core/check-report.js';
import { renderJunit, renderJunitContexts, renderJunitFailure } from '../../render/junit.js';
import { checkContexts, contextsReport, contextsToCheck, printContexts, type ContextResult } from './contexts.js';
import { DEFAULT_DEADLINE } from './deadline.js';
import { sortFindings } from '../../core/findings/finding.js';
import { matchesSelector, parseLabelSelector } from '../../core/label-selector.js';
import { nsOf } from '../../core/snapshot.js';
import type { Service } from '../../core/k8s.js';
import type { Reply } from '../../core/dns/reply.js';
import type { DnsIndex } from '../../core/dns/index.js';
import type { Finding } from '../../core/findings/finding.js';
import type { ServiceExplanation } from '../../core/explain.js';
import { ExitCode, SvcdigError, usageError } from '../../errors.js';
import { noteReportNotes, printToStdout } from '../common/print.js';
import type { DnsQueryFlags, OutputOptions, SourceOptions } from '../common/options.js';
import { findService, namedBy, namedObject, requireNamespace } from '../common/find-service.js';
import { loadCluster, loadClusterBase, type LoadedCluster } from '../common/load-cluster.js';
import { namespacePlan, wholePlan, type CheckPlan } from './check-groups.js';
import { parseDuration } from '../common/options.js';
import type { DnsTransport } from '../../adapters/dns/transport.js';
import { openDnsTransport, serverAddresses, unusedDnsFlagNotes } from '../common/dns-transport.js';
import { clusterDnsIPs } from '../../core/cluster-dns.js';
import { primaryZone } from '../../core/dns/dns-config.js';
import { resolvConfForPod } from '../../core/dns/index.js';
import { explainDifferences } from '../../core/difference-reasons.js';
import { compareText } from '../../core/order.js';
import { checkOnEachServer } from '../../core/each-server-check.js';
import type { ObjectRef } from '../../core/object-ref.js';

export interface CheckOptions extends Omit<SourceOptions, 'context'>, OutputOptions, DnsQueryFlags {
    /** check takes --context more than once (contexts.ts). */
    context?: string | string[];
    allContexts?: boolean;
    selector?: string;
    failOn: FailOn;
    junit?: string;
    quiet?: boolean;
    wait?: string;
    concurrency?: string;
    deadline?: string;
    /** svcdig shell's Ctrl-C: stops the run as the deadline would (the session drops what it printed). */
    signal?: AbortSignal;
}

/** The options of a check of one context. */
type OneContextOptions = Omit<CheckOptions, 'context'> & { context?: string };

export async function runCheck(serviceNames: string[], given: CheckOptions, ctx: RunContext): Promise<void> {
    const flags = checkFlags(serviceNames, given);
    for (const note of unusedDnsFlagNotes(given)) ctx.note(note);
    if (given.junit) checkWritable(given.junit, '--junit');
    const contexts = await contextsToCheck(given, ctx.deps);
    if (contexts.length > 1 || given.allContexts) return runAcrossContexts(serviceNames, given, ctx, flags, contexts);
    const opts: OneContextOptions = { ...given, context: contexts[0] };
    const overall = overallDeadline(opts, flags.waitMs);
    const clock = startClock(ctx);
    let report: CheckReport;
    try {
        report = { ...(await checkUntilSettled(serviceNames, opts, ctx, flags, overall)), timing: clock.read() };
    } catch (err) {
        // Nothing selected, a namespace that does not exist, an unreachable API: the JUnit file says so rather
        // than being left out (or left over from an earlier run) and read as a pass.
        if (opts.junit && err instanceof SvcdigError) writeJunit(opts.junit, renderJunitFailure(err.message, clock.read(), junitContext()), true);
        throw err;
    } finally {
        overall.stop();
    }
    printToStdout('check', report, opts, ctx);
    noteReportNotes(report.dns.notes, opts.output, ctx, 'Corefile: ');
    // The table's summary line says it; JSON and YAML keep stdout data only, so stderr does.
    if (report.dns.notQueried && !opts.expectedOnly && (opts.output === 'json' || opts.output === 'yaml')) {
        ctx.note(`note: no DNS server asked (${report.dns.notQueried}): 0 of ${report.summary.records} records queried; ${howToQuery(report.dns.notQueried)}`);
    }
    if (opts.junit) writeJunit(opts.junit, renderJunit(report, junitContext()));
    ctx.raise(checkExitCode(report, opts));
}

/** check across kubeconfig contexts (contexts.ts): one report, the worst exit code of all. */
async function runAcrossContexts(serviceNames: string[], opts: CheckOptions, ctx: RunContext, flags: CheckFlags, contexts: string[]): Promise<void> {
    const overall = overallDeadline(opts, flags.waitMs);
    const clock = startClock(ctx);
    let results: ContextResult[];
    try {
        results = await checkContexts(contexts, ctx, async (context, sub) => {
            const one = { ...opts, context };
            const started = startClock(sub);
            const report = { ...(await checkUntilSettled(serviceNames, one, sub, flags, overall)), timing: started.read() };
            return { report, exitCode: checkExitCode(report, one) };
        });
    } finally {
        overall.stop();
    }
    const all = contextsReport(results);
    ctx.deps.stdout.write(printContexts(all, opts, ctx));
    if (opts.junit) writeJunit(opts.junit, renderJunitContexts(results, junitContext(), clock.read()));
    ctx.raise(all.summary.exitCode);
}

/** The run's start (the context's clock, so tests fix it) and a monotonic timer for its duration. */
function startClock(ctx: RunContext): { read(): { startedAt: string; elapsedMs: number } } {
    const startedAt = ctx.deps.now().toISOString();
    const t0 = performance.now();
    return { read: () => ({ startedAt, elapsedMs: Math.round(performance.now() - t0) }) };
}

/** The Ant schema wants the host of the run on each testsuite, 'localhost' when it cannot be told. */
const junitContext = () => ({ hostname: hostname() || 'localhost' });

interface CheckFlags {
    selector: ReturnType<typeof parseLabelSelector>;
    concurrency: number;
    waitMs: number;
}

/** Every flag check validates, before anything is read. */
function checkFlags(serviceNames: string[], opts: CheckOptions): CheckFlags {
    serverAddresses(opts);
    if (serviceNames.length && opts.allNamespaces) throw usageError('name Services or use -A, not both');
    for (const name of serviceNames) namedObject(name, 'Service', opts.namespace);
    if (opts.allContexts && (opts.demo || opts.fromFile?.length))
        throw usageError(`--all-contexts reads the kubeconfig's contexts; drop --${opts.demo ? 'demo' : 'from-file'}`);
    // A summary-only JSON, YAML or annotation stream would be a different contract: refused rather than ignored, so a
    // pipeline that asked for less output never silently gets all of it (README, check --quiet).
    if (opts.quiet && opts.output !== 'table' && opts.output !== 'wide')
        throw usageError(`--quiet is for -o table and wide (the summary line only); -o ${opts.output} has no summary-only form`);
    let selector: ReturnType<typeof parseLabelSelector>;
    try {
        selector = parseLabelSelector(opts.selector ?? '');
    } catch (err) {
        throw usageError((err as Error).message);
    }
    const concurrency = opts.concurrency === undefined ? 64 : Number(opts.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 4096)
        throw usageError(`--concurrency takes a whole number from 1 to 4096, got "${opts.concurrency}"`);
    return { selector, concurrency, waitMs: opts.wait ? parseDuration(opts.wait, '--wait') : 0 };
}

/** One check, or with --wait rounds until every record matches, --wait runs out or --deadline passes. */
async function checkUntilSettled(serviceNames: string[], opts: OneContextOptions, ctx: RunContext, flags: CheckFlags, overall: Deadline): Promise<CheckReport> {
    const until = flags.waitMs ? Date.now() + flags.waitMs : 0;
    const progress = (line: string) => ctx.note(`check: ${line}`);
    for (let round = 1; ; round++) {
        const report = await checkOnce(serviceNames, opts, ctx, flags.selector, flags.concurrency, overall);
        const pending = report.services.filter((s) => s.records.some((r) => r.verdict === 'mismatch' || r.verdict === 'error')).length;
        if (report.deadline) {
            progress(
                `--deadline ${report.deadline.limit} reached: checked ${report.deadline.checked} of ${report.deadline.records} records; the rest are reported as not checked`,
            );
            return report;
        }
        if (!until) return report;
        if (report.dns.notQueried) {
            progress(`no DNS server asked (${report.dns.notQueried}): nothing to wait for`);
            return report;
        }
        if (pending === 0) {
            progress(`round ${round}: every record matches`);
            return report;
        }
        const left = until - Date.now();
        if (left <= 0) {
            progress(`round ${round}: ${stillDiffer(pending)}; --wait ran out`);
            return report;
        }
        progress(
            `round ${round}: ${stillDiffer(pending)} (${report.summary.recordsOk}/${report.summary.records} records ok); re-checking, ${Math.ceil(left / 1000)}s left`,
        );
        await new Promise((r) => setTimeout(r, Math.min(2000, left)));
        // a round started after the deadline would check nothing: the last complete round is the report
        if (overall.signal.aborted) {
            progress(`round ${round}: ${stillDiffer(pending)}; --deadline ${overall.limit} reached before --wait ran out`);
            return report;
        }
    }
}

/**
 * check's exit code: 5 when --deadline cut the run short or no record could be asked at all (every one an error),
 * 1 for a failing Service or a cluster finding at --fail-on or above, else 0.
 */
function checkExitCode(report: CheckReport, opts: CheckOptions): ExitCode {
    const records = report.services.flatMap((s) => s.records);
    if (report.deadline) return ExitCode.unreachable;
    if (records.some((r) => r.verdict === 'error') && records.every((r) => r.verdict !== 'match')) return ExitCode.unreachable;
    const clusterFails = report.clusterFindings.some((f) => atOrAbove(f.severity, opts.failOn));
    return report.summary.failed > 0 || clusterFails ? ExitCode.findings : ExitCode.ok;
}

/**
 * The whole run's time limit (--deadline, default 10m after --wait): a DNS server that never answers costs every query
 * its full timeout and retries, hours for thousands of Services, so queries in flight are aborted when it passes.
 */
interface Deadline {
    signal: AbortSignal;
    limit: string;
    stop(): void;
}

function overallDeadline(opts: CheckOptions, waitMs: number): Deadline {
    const ms = opts.deadline ? parseDuration(opts.deadline, '--deadline') : waitMs + parseDuration(DEFAULT_DEADLINE, '--deadline');
    if (ms <= 0) throw usageError(`--deadline must be longer than 0, got "${opts.deadline}"`);
    const controller = new AbortController();
    // setTimeout holds at most 2^31-1 ms (~24.8 days): a longer deadline is none.
    const timer = ms < 2 ** 31 ? setTimeout(() => controller.abort(), ms) : undefined;
    timer?.unref();
    opts.signal?.addEventListener('abort', () => controller.abort(), { once: true });
    return {
        signal: controller.signal,
        limit: opts.deadline ?? (waitMs ? `${opts.wait} + ${DEFAULT_DEADLINE}` : DEFAULT_DEADLINE),
        stop: () => clearTimeout(timer),
    };
}

const stillDiffer = (n: number) => (n === 1 ? '1 Service still differs' : `${n} Services still differ`);

async function checkOnce(
    serviceNames: string[],
    opts: OneContextOptions,
    ctx: RunContext,
    selector: ReturnType<typeof parseLabelSelector>,
    concurrency: number,
    overall: Deadline,
): Promise<CheckReport> {
    const named = serviceNames.map((n) => namedObject(n, 'Service', opts.namespace));
    const plan = await planCheck(named, opts, ctx, selector);
    const cluster = plan.cluster;
    const clusterFindingsFound = sortFindings(
        (await plan.clusterFindings()).filter((f) => opts.allNamespaces || !f.objects || f.objects.some((o) => o.includes(`/${cluster.namespace}/`))),
    );
    let dns: DnsTransport | null = null;
    if (!opts.expectedOnly) {
        const resolv = resolvConfForPod({ namespace: cluster.namespace, zone: primaryZone(cluster.dnsConfig), clusterDnsIPs: clusterDnsIPs(cluster.snapshot) });
        dns = await openDnsTransport({ opts, cluster, ctx, resolv, signal: overall.signal });
    }
    let checks: ServiceCheck[];
    try {
        checks = await checkGroups(plan, dns, overall, concurrency, opts);
    } finally {
        await dns?.close();
    }
    const owners = await plan.owners(differenceAddresses(checks));
    for (const c of checks) for (const r of c.records) explainDifferences(r.differences, () => r, owners, ctx.deps.now());
    return checkReport(checks, clusterFindingsFound, cluster, dns, opts, overall);
}

/** Each group of Services (the cluster, or one namespace at a time) loaded, its records asked, its Services judged. */
async function checkGroups(
    plan: CheckPlan,
    dns: DnsTransport | null,
    overall: Deadline,
    concurrency: number,
    opts: OneContextOptions,
): Promise<ServiceCheck[]> {
    // Matching records keep their replies only where the output shows them (JSON, YAML); the table and JUnit show
    // verdicts and differences, and on a large cluster the replies of every matching record are most of the memory.
    const keepReplies = opts.output === 'json' || opts.output === 'yaml';
    const checks: ServiceCheck[] = [];
    for (const group of plan.groups) {
        const jobs = new RecordJobs(await group.load(), group.services);
        await runJobs(jobs, dns, overall, concurrency, keepReplies);
        for (const x of jobs.explained) {
            checks.push({
                namespace: x.service.namespace,
                name: x.service.name,
                type: x.service.headless ? 'Headless' : x.service.type,
                records: x.records,
                findings: x.findings,
                failed: serviceFails(x.records, x.findings, opts.failOn),
            });
        }
    }
    return checks;
}

/** The CheckReport of one run: the Services judged, the cluster's findings, how DNS was asked, the errors seen once each. */
function checkReport(
    checks: ServiceCheck[],
    clusterFindingsFound: Finding[],
    cluster: LoadedCluster,
    dns: DnsTransport | null,
    opts: OneContextOptions,
    overall: Deadline,
): CheckReport {
    const errorMessages = new Set(checks.flatMap((c) => c.records.filter((r) => r.verdict === 'error').map((r) => r.error!)));
    const summary = summarize(checks, clusterFindingsFound);
    return {
        apiVersion: API_VERSION,
        kind: 'CheckReport',
        source: cluster.snapshot.origin,
        failOn: opts.failOn,
        dns: {
            via: dns ? dns.describe : null,
            notes: cluster.dnsConfig.notes,
            ...(dns ? {} : { notQueried: notQueriedWhy(opts) }),
            ...(dns && serverAddresses(opts).length > 1 ? { serverMode: opts.serverMode ?? 'each' } : {}),
        },
        services: checks,
        clusterFindings: clusterFindingsFound,
        summary,
        errors: [...errorMessages].map((message) => ({ message })),
        ...(summary.notChecked ? { deadline: { limit: overall.limit, checked: summary.records - summary.notChecked, records: summary.records } } : {}),
    };
}

/** --server-mode each: the record asked of every server at once, each answer checked (core/each-server-check.ts). */
async function checkEachServer(servers: NonNullable<DnsTransport['each']>, job: RecordJob): Promise<RecordCheck> {
    const answers = await Promise.all(
        servers.map(async (s) => {
            try {
                return { server: s.server, reply: (await s.query(job.name, job.type)).reply };
            } catch (err) {
                return { server: s.server, error: err instanceof Error ? err.message : String(err) };
            }
        }),
    );
    return checkOnEachServer(job.name, job.type, job.expected, answers);
}

/**
 * `check -A` on a live cluster goes namespace by namespace (check-groups.ts) unless the cluster needs the whole read;
 * everything else reads one snapshot.
 */
async function planCheck(named: ObjectRef[], opts: OneContextOptions, ctx: RunContext, selector: ReturnType<typeof parseLabelSelector>): Promise<CheckPlan> {
    const scoped = opts.allNamespaces && !opts.selector && named.length === 0 ? await loadClusterBase(opts, ctx) : null;
    if (scoped) {
        const plan = namespacePlan(scoped.cluster, scoped.scope, pickServices(scoped.cluster, named, opts, selector));
        if (await scoped.scope) return plan;
        plan.abandon();
    }
    const cluster = await loadCluster(namedNamespace(named, opts), ctx, {
        ...(opts.allNamespaces ? { namespace: null } : {}),
        alsoRead: () => named.flatMap((r) => r.namespace ?? []),
        ...(opts.selector ? { labelSelector: opts.selector } : {}),
        pods: true,
        statefulSets: true,
        endpointSlices: true,
        corednsConfig: true,
        namespaces: true,
    });
    return wholePlan(cluster, pickServices(cluster, named, opts, selector));
}

/**
 * The addresses whose owners difference reasons look up (core/difference-reasons.ts reasonFor: an A/AAAA record
 * missing or unexpected, not yet explained, not a note): usually none, and then no pod is read again.
 */
function differenceAddresses(checks: ServiceCheck[]): Set<string> {
    const ips = new Set<string>();
    for (const c of checks)
        for (const r of c.records)
            for (const d of r.differences) {
                const rr = d.record;
                if (d.reason || d.noteOnly || (d.kind !== 'missing' && d.kind !== 'unexpected')) continue;
                if (rr && (rr.type === 'A' || rr.type === 'AAAA') && typeof rr.data === 'string') ips.add(rr.data.toLowerCase());
            }
    return ips;
}

/** The records of `jobs` asked of the DNS (or not, with --expected-only), `concurrency` at a time. */
async function runJobs(jobs: RecordJobs, dns: DnsTransport | null, overall: Deadline, concurrency: number, keepReplies: boolean): Promise<void> {
    const settle = (job: RecordJob, r: RecordCheck) =>
        jobs.settle(job, keepReplies || r.verdict === 'mismatch' || r.verdict === 'error' || r.verdict === 'not-checked' ? r : withoutReplies(r));
    const worker = async () => {
        for (let job = jobs.next(); job; job = jobs.next()) {
            if (overall.signal.aborted) {
                settle(job, notChecked(job.name, job.type, `--deadline ${overall.limit} reached`));
                continue;
            }
            if (!dns) {
                settle(job, recordCheck(job.name, job.type, job.expected, null));
                continue;
            }
            const t0 = performance.now();
            if (dns.each) {
                const checked = await checkEachServer(dns.each, job);
                const late = overall.signal.aborted && checked.verdict === 'error';
                settle(
                    job,
                    late
                        ? notChecked(job.name, job.type, `--deadline ${overall.limit} reached`)
                        : { ...checked, elapsedMs: Math.round(performance.now() - t0) },
                );
                continue;
            }
            try {
                const got = await dns.query(job.name, job.type);
                settle(job, { ...recordCheck(job.name, job.type, job.expected, got.reply), elapsedMs: Math.round(performance.now() - t0) });
            } catch (err) {
                if (overall.signal.aborted) {
                    settle(job, notChecked(job.name, job.type, `--deadline ${overall.limit} reached`));
                    continue;
                }
                const message = err instanceof SvcdigError || err instanceof Error ? err.message : String(err);
                settle(job, { ...recordCheck(job.name, job.type, job.expected, null, message), elapsedMs: Math.round(performance.now() - t0) });
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, jobs.size * 8)) }, worker));
}

interface RecordJob {
    service: number;
    record: number;
    name: string;
    type: string;
    expected: Reply;
}

/**
 * The records to check, Service by Service: each Service is explained (expected records, findings) only when the
 * workers reach it, and its expected replies are dropped once checked, so memory holds the cluster objects and the
 * results, not every Service's expectations at once.
 */
class RecordJobs {
    readonly explained: { service: ServiceExplanation['service']; findings: Finding[]; records: RecordCheck[] }[] = [];
    private readonly index: DnsIndex;
    private queue: RecordJob[] = [];
    private nextService = 0;

    constructor(
        private readonly cluster: Pick<LoadedCluster, 'snapshot' | 'dnsConfig'>,
        private readonly services: Service[],
    ) {
        this.index = buildDnsIndex(cluster.snapshot, cluster.dnsConfig);
    }

    get size(): number {
        return this.services.length;
    }

    next(): RecordJob | undefined {
        while (this.queue.length === 0 && this.nextService < this.services.length) {
            const si = this.nextService++;
            const x = explainService(this.cluster.snapshot, this.index, this.cluster.dnsConfig, this.services[si]!);
            this.explained.push({ service: x.service, findings: x.findings, records: new Array<RecordCheck>(x.dns.length) });
            this.queue = x.dns.map((d, di) => ({ service: si, record: di, name: d.name, type: d.type, expected: d.reply }));
        }
        return this.queue.shift();
    }

    settle(job: RecordJob, result: RecordCheck): void {
        this.explained[job.service]!.records[job.record] = result;
    }
}

/** Services named NS/NAME or NAME.NS only, all in one namespace: that is the namespace checked (as if -n named it). */
function namedNamespace(named: ObjectRef[], opts: OneContextOptions): OneContextOptions {
    const spaces = new Set(named.map((r) => r.namespace));
    const [only] = spaces;
    return spaces.size === 1 && only !== undefined ? { ...opts, namespace: only } : opts;
}

function pickServices(cluster: LoadedCluster, named: ObjectRef[], opts: OneContextOptions, selector: ReturnType<typeof parseLabelSelector>) {
    if (named.length) return named.map((r) => findService(cluster.snapshot, r.namespace ?? cluster.namespace, r.name, namedBy(r)));
    const inScope = cluster.snapshot.services.filter((s) => (opts.allNamespaces ? true : nsOf(s) === cluster.namespace));
    const picked = inScope
        .filter((s) => matchesSelector(selector, s.metadata.labels))
        .sort((a, b) => compareText(nsOf(a), nsOf(b)) || compareText(a.metadata.name, b.metadata.name));
    if (picked.length === 0) throw nothingSelected(cluster, opts, inScope);
    return picked;
}

/**
 * A check that selects no Service checks nothing, so it must not pass: exit 4 (not found), like a named Service that
 * does not exist. A namespace that does not exist says so; else the line names the selector or the empty namespace.
 */
function nothingSelected(cluster: LoadedCluster, opts: CheckOptions, inScope: Service[]): SvcdigError {
    if (!opts.allNamespaces) requireNamespace(cluster);
    const where = opts.allNamespaces ? 'in any namespace' : `in namespace "${cluster.namespace}"`;
    if (opts.selector) {
        // Live reads are filtered by the API server, so only files and the demo know the labels that did not match.
        const labels =
            cluster.origin === 'live'
                ? []
                : [...new Set(inScope.flatMap((s) => Object.entries(s.metadata.labels ?? {}).map(([k, v]) => `${k}=${v}`)))].sort(compareText);
        const hint = labels.length ? `labels on Services ${where}: ${labels.slice(0, 8).join(', ')}${labels.length > 8 ? ', …' : ''}` : undefined;
        return new SvcdigError('notFound', `no Service ${where} matches -l ${opts.selector}: nothing to check`, hint ? { hint } : undefined);
    }
    const elsewhere = [...new Set(cluster.snapshot.services.map(nsOf))].filter((ns) => ns !== cluster.namespace).sort(compareText);
    const hint =
        !opts.allNamespaces && elsewhere.length
            ? `Services exist in namespace${elsewhere.length > 1 ? 's' : ''} ${elsewhere.slice(0, 8).join(', ')}${elsewhere.length > 8 ? ', …' : ''} (use -n NS or -A)`
            : undefined;
    return new SvcdigError('notFound', `no Services ${where} (${cluster.snapshot.origin}): nothing to check`, hint ? { hint } : undefined);
}

/**
 * An output file that cannot be written is found before the check runs (minutes, on a large cluster), not after: its
 * directory must exist and be writable, and the file, if it exists, must be a writable regular file. Nothing is
 * created or truncated here: a check that fails to start still writes its failure file (renderJunitFailure).
 */
function checkWritable(path: string, flag: string): void {
    const cannot = (why: string) => usageError(`${flag} ${path}: cannot write (${why})`);
    const dir = dirname(path);
    // (a file on the way reads as no entry) EACCES, a directory that cannot be searched, is a bad path too, not a crash
    const stat = (p: string) => {
        try {
            return statSync(p, { throwIfNoEntry: false });
        } catch (err) {
            throw cannot(`${(err as NodeJS.ErrnoException).code ?? String(err)}: ${p}`);
        }
    };
    const dirStat = stat(dir);
    if (!dirStat) throw cannot(`directory ${dir} does not exist`);
    if (!dirStat.isDirectory()) throw cannot(`${dir} is not a directory`);
    const fileStat = stat(path);
    if (fileStat?.isDirectory()) throw cannot('it is a directory');
    try {
        accessSync(fileStat ? path : dir, constants.W_OK);
    } catch (err) {
        throw cannot(`${(err as NodeJS.ErrnoException).code ?? String(err)}: ${fileStat ? 'the file' : `directory ${dir}`} is not writable`);
    }
}

/** Writes the JUnit report; `quiet` (the file for a check that failed before it ran) leaves a write error unsaid. */
function writeJunit(path: string, xml: string, quiet = false): void {
    try {
        writeFileSync(path, xml);
    } catch (err) {
        if (!quiet) throw usageError(`--junit ${path}: cannot write (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
}
