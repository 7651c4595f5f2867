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
    recordCheckOfNormalized,
    serviceFails,
    withoutReplies,
    type CheckHead,
    type CheckReport,
    type CheckTail,
    type FailOn,
    type RecordCheck,
    type ServiceCheck,
} from '../../core/check-report.js';
import { renderJunitContexts, renderJunitFailure } from '../../render/junit.js';
import { CheckTally } from '../../core/check-tally.js';
import { CheckOutput, HeldReport, junitWriteFailed, type ReportSink } from './check-output.js';
import { ExplainedServices } from './explained-services.js';
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
import { noteReportNotes } from '../common/print.js';
import type { DnsQueryFlags, OutputOptions, SourceOptions } from '../common/options.js';
import { findService, namedBy, namedObject, requireNamespace } from '../common/find-service.js';
import { loadCluster, loadClusterBase, loadFilesByNamespace, type LoadedCluster } from '../common/load-cluster.js';
import { liveNamespaces, namespacePlan, wholePlan, type CheckPlan } from './check-groups.js';
import { parseDuration } from '../common/options.js';
import type { DnsTransport } from '../../adapters/dns/transport.js';
import { openDnsTransport, serverAddresses, unusedDnsFlagNotes } from '../common/dns-transport.js';
import { clusterDnsIPs } from '../../core/cluster-dns.js';
import { primaryZone } from '../../core/dns/dns-config.js';
import { resolvConfForPod } from '../../core/dns/index.js';
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
    // The report is written as the check goes (check-output.ts): stdout and the JUnit file.
    const output = new CheckOutput(opts, ctx, { ...junitContext(), startedAt: clock.startedAt });
    let checked: CheckedRun;
    try {
        checked = await checkUntilSettled(serviceNames, opts, ctx, flags, overall, output);
    } catch (err) {
        output.close();
        // Nothing selected, a namespace that does not exist, an unreachable API: the JUnit file says so rather
        // than being left out (or left over from an earlier run) and read as a pass.
        // The failure's testcase names the step that failed: selecting the Services, or checking them (an API server
        // that stops answering between namespaces).
        const step = output.begun ? 'check Services' : 'select Services';
        if (opts.junit && err instanceof SvcdigError) writeJunit(opts.junit, renderJunitFailure(err.message, clock.read(), junitContext(), step), true);
        throw err;
    } finally {
        overall.stop();
    }
    const { head, tail } = checked;
    output.end({ ...tail, timing: clock.read() });
    noteReportNotes(head.dns.notes, opts.output, ctx, 'Corefile: ');
    // The table's summary line says it; JSON and YAML keep stdout data only, so stderr does.
    if (head.dns.notQueried && !opts.expectedOnly && (opts.output === 'json' || opts.output === 'yaml')) {
        ctx.note(`note: no DNS server asked (${head.dns.notQueried}): 0 of ${tail.summary.records} records queried; ${howToQuery(head.dns.notQueried)}`);
    }
    ctx.raise(checkExitCode({ ...head, ...tail }, opts));
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
            const held = new HeldReport();
            const { tail } = await checkUntilSettled(serviceNames, one, sub, flags, overall, held);
            const report = held.report({ ...tail, timing: started.read() });
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
function startClock(ctx: RunContext): { startedAt: string; read(): { startedAt: string; elapsedMs: number } } {
    const startedAt = ctx.deps.now().toISOString();
    const t0 = performance.now();
    return { startedAt, read: () => ({ startedAt, elapsedMs: Math.round(performance.now() - t0) }) };
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

/** A check's report but its Services (given to the sink as they were checked), and how many still differ. */
interface CheckedRun {
    head: CheckHead;
    tail: Omit<CheckTail, 'timing'>;
    pending: number;
}

/**
 * One check, or with --wait rounds until every record matches, --wait runs out or --deadline passes. A single round
 * goes to `sink` as it is checked; rounds of --wait are held, and the last one is given to `sink`.
 */
async function checkUntilSettled(
    serviceNames: string[],
    opts: OneContextOptions,
    ctx: RunContext,
    flags: CheckFlags,
    overall: Deadline,
    sink: ReportSink,
): Promise<CheckedRun> {
    if (!flags.waitMs) return reportDeadline(await checkOnce(serviceNames, opts, ctx, flags, overall, sink), ctx);
    const held = new HeldReport();
    const last = await waitRounds(serviceNames, opts, ctx, flags, overall, held);
    held.replay(sink);
    return last;
}

const reportDeadline = (run: CheckedRun, ctx: RunContext): CheckedRun => {
    const d = run.tail.deadline;
    if (d) ctx.note(`check: --deadline ${d.limit} reached: checked ${d.checked} of ${d.records} records; the rest are reported as not checked`);
    return run;
};

/** check --wait: rounds, each held in `held`, until every record matches, --wait runs out or --deadline passes. */
async function waitRounds(
    serviceNames: string[],
    opts: OneContextOptions,
    ctx: RunContext,
    flags: CheckFlags,
    overall: Deadline,
    held: HeldReport,
): Promise<CheckedRun> {
    const until = Date.now() + flags.waitMs;
    const progress = (line: string) => ctx.note(`check: ${line}`);
    for (let round = 1; ; round++) {
        const run = await checkOnce(serviceNames, opts, ctx, flags, overall, held);
        const { pending, tail } = run;
        if (tail.deadline) return reportDeadline(run, ctx);
        if (run.head.dns.notQueried) {
            progress(`no DNS server asked (${run.head.dns.notQueried}): nothing to wait for`);
            return run;
        }
        if (pending === 0) {
            progress(`round ${round}: every record matches`);
            return run;
        }
        const left = until - Date.now();
        if (left <= 0) {
            progress(`round ${round}: ${stillDiffer(pending)}; --wait ran out`);
            return run;
        }
        progress(
            `round ${round}: ${stillDiffer(pending)} (${tail.summary.recordsOk}/${tail.summary.records} records ok); re-checking, ${Math.ceil(left / 1000)}s left`,
        );
        await new Promise((r) => setTimeout(r, Math.min(2000, left)));
        // a round started after the deadline would check nothing: the last complete round is the report
        if (overall.signal.aborted) {
            progress(`round ${round}: ${stillDiffer(pending)}; --deadline ${overall.limit} reached before --wait ran out`);
            return run;
        }
    }
}

/**
 * check's exit code: 5 when --deadline cut the run short or no record could be asked at all (every one an error),
 * 1 for a failing Service or a cluster finding at --fail-on or above, else 0.
 */
function checkExitCode(report: Pick<CheckReport, 'deadline' | 'summary' | 'clusterFindings'>, opts: CheckOptions): ExitCode {
    const sm = report.summary;
    if (report.deadline) return ExitCode.unreachable;
    if (sm.dnsErrors > 0 && sm.recordsOk === 0) return ExitCode.unreachable;
    const clusterFails = report.clusterFindings.some((f) => atOrAbove(f.severity, opts.failOn));
    return sm.failed > 0 || clusterFails ? ExitCode.findings : ExitCode.ok;
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

/** One round of check: its head given to `sink`, then each Service as its namespace (or the cluster) is checked. */
async function checkOnce(
    serviceNames: string[],
    opts: OneContextOptions,
    ctx: RunContext,
    flags: CheckFlags,
    overall: Deadline,
    sink: ReportSink,
): Promise<CheckedRun> {
    const named = serviceNames.map((n) => namedObject(n, 'Service', opts.namespace));
    const plan = await planCheck(named, opts, ctx, flags.selector);
    const cluster = plan.cluster;
    const clusterFindingsFound = sortFindings(
        (await plan.clusterFindings()).filter((f) => opts.allNamespaces || !f.objects || f.objects.some((o) => o.includes(`/${cluster.namespace}/`))),
    );
    let dns: DnsTransport | null = null;
    if (!opts.expectedOnly) {
        const resolv = resolvConfForPod({ namespace: cluster.namespace, zone: primaryZone(cluster.dnsConfig), clusterDnsIPs: clusterDnsIPs(cluster.snapshot) });
        dns = await openDnsTransport({ opts, cluster, ctx, resolv, signal: overall.signal });
    }
    const head = checkHead(clusterFindingsFound, cluster, dns, opts);
    sink.begin(head);
    const tally = new CheckTally(opts.failOn);
    const explained = new ExplainedServices(
        (s) => {
            tally.add(s);
            sink.service(s);
        },
        (ips) => plan.owners(ips),
        () => ctx.deps.now(),
    );
    try {
        await checkGroups(plan, dns, overall, flags.concurrency, opts, (checks) => explained.add(checks));
    } finally {
        await dns?.close();
    }
    await explained.finish();
    return { head, tail: checkTail(tally, clusterFindingsFound, overall, cluster.snapshot.rejected), pending: tally.pending };
}

/** Each group of Services (the cluster, or one namespace at a time) loaded, its records asked, its Services judged and given to `onGroup`. */
async function checkGroups(
    plan: CheckPlan,
    dns: DnsTransport | null,
    overall: Deadline,
    concurrency: number,
    opts: OneContextOptions,
    onGroup: (checks: ServiceCheck[]) => Promise<void>,
): Promise<void> {
    // Matching records keep their replies only where the output shows them (JSON, YAML); the table and JUnit show
    // verdicts and differences, and on a large cluster the replies of every matching record are most of the memory.
    const keepReplies = opts.output === 'json' || opts.output === 'yaml';
    for (const group of plan.groups) {
        const jobs = new RecordJobs(await group.load(), group.services);
        await runJobs(jobs, dns, overall, concurrency, keepReplies);
        const checks: ServiceCheck[] = [];
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
        await onGroup(checks);
    }
}

/** What the report says before its Services: where it comes from, how DNS is asked, the cluster's findings. */
function checkHead(clusterFindingsFound: Finding[], cluster: LoadedCluster, dns: DnsTransport | null, opts: OneContextOptions): CheckHead {
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
        clusterFindings: clusterFindingsFound,
    };
}

/** What the report says after its Services: the summary, the errors seen once each, the objects left out, how far --deadline let it get. */
function checkTail(tally: CheckTally, clusterFindingsFound: Finding[], overall: Deadline, objectNotes: string[] | undefined): Omit<CheckTail, 'timing'> {
    const summary = tally.summary(clusterFindingsFound);
    return {
        summary,
        errors: tally.errors(),
        ...(objectNotes?.length ? { objectNotes } : {}),
        ...(summary.notChecked ? { deadline: { limit: overall.limit, checked: summary.records - summary.notChecked, records: summary.records } } : {}),
        causes: tally.causes,
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
 * `check -A` on a live cluster or files goes namespace by namespace (check-groups.ts) unless the cluster needs the
 * whole read; everything else reads one snapshot.
 */
async function planCheck(named: ObjectRef[], opts: OneContextOptions, ctx: RunContext, selector: ReturnType<typeof parseLabelSelector>): Promise<CheckPlan> {
    const byNamespace = opts.allNamespaces && !opts.selector && named.length === 0;
    if (byNamespace && opts.fromFile?.length) {
        const { cluster, files } = await loadFilesByNamespace(opts, ctx);
        const services = pickServices(cluster, named, opts, selector);
        if (!files) return wholePlan(cluster, services);
        const source = {
            readNamespace: async (ns: string) => files.readNamespace(ns),
            readAhead: 0,
            podsHolding: async (ips: Set<string>) => files.podsHolding(ips),
        };
        return namespacePlan(cluster, Promise.resolve(files.scope), services, source);
    }
    const scoped = byNamespace ? await loadClusterBase(opts, ctx) : null;
    if (scoped) {
        const plan = namespacePlan(scoped.cluster, scoped.scope, pickServices(scoped.cluster, named, opts, selector), liveNamespaces(scoped.cluster));
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
                settle(job, recordCheckOfNormalized(job.name, job.type, job.expected, null));
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
                settle(job, { ...recordCheckOfNormalized(job.name, job.type, job.expected, got.reply), elapsedMs: Math.round(performance.now() - t0) });
            } catch (err) {
                if (overall.signal.aborted) {
                    settle(job, notChecked(job.name, job.type, `--deadline ${overall.limit} reached`));
                    continue;
                }
                const message = err instanceof SvcdigError || err instanceof Error ? err.message : String(err);
                settle(job, { ...recordCheckOfNormalized(job.name, job.type, job.expected, null, message), elapsedMs: Math.round(performance.now() - t0) });
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
    /** As normalizeReply made it (explainService's dns). */
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
        if (!quiet) throw junitWriteFailed(path, err);
    }
}
