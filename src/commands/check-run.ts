import { writeFileSync } from 'node:fs';
import type { RunContext } from '../context.js';
import { buildDnsIndex } from '../core/dns/index.js';
import { explainService } from '../core/explain.js';
import { recordCheck, renderJunit, serviceFails, summarize, withoutReplies, type CheckReport, type RecordCheck, type ServiceCheck } from '../core/check-report.js';
import { clusterFindings } from '../core/findings/catalogue.js';
import { sortFindings } from '../core/findings/finding.js';
import { matchesSelector, parseLabelSelector } from '../core/label-selector.js';
import { nsOf } from '../core/snapshot.js';
import type { Service } from '../core/k8s.js';
import type { Reply } from '../core/dns-reply.js';
import type { DnsIndex } from '../core/dns/index.js';
import type { Finding } from '../core/findings/finding.js';
import type { ServiceExplanation } from '../core/explain.js';
import { ExitCode, SvcdigError, usageError } from '../errors.js';
import { renderCheckReport } from '../render/check-render.js';
import type { CheckOptions } from './check.js';
import { findService } from './find-service.js';
import { loadCluster, type LoadedCluster } from './load-cluster.js';
import { parseDuration } from './options.js';
import { openActualDns, type ActualDns } from './resolve-actual.js';
import type { ResolveOptions } from './resolve.js';
import { clusterDnsIPs } from '../core/cluster-dns.js';
import { primaryZone } from '../core/dns-config.js';
import { resolvConfForPod } from '../core/dns/index.js';
import { addressOwners, explainDifferences } from '../core/difference-reasons.js';
import { compareText } from '../core/order.js';

export async function runCheck(serviceNames: string[], opts: CheckOptions, ctx: RunContext): Promise<void> {
    if (serviceNames.length && opts.allNamespaces) throw usageError('name Services or use -A, not both');
    let selector: ReturnType<typeof parseLabelSelector>;
    try {
        selector = parseLabelSelector(opts.selector ?? '');
    } catch (err) {
        throw usageError((err as Error).message);
    }
    const concurrency = opts.concurrency === undefined ? 64 : Number(opts.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 4096) throw usageError(`--concurrency takes a whole number from 1 to 4096, got "${opts.concurrency}"`);
    const deadline = opts.wait ? Date.now() + parseDuration(opts.wait, '--wait') : 0;
    const progress = (line: string) => ctx.note(`check: ${line}`);

    let report: CheckReport;
    for (let round = 1; ; round++) {
        report = await checkOnce(serviceNames, opts, ctx, selector, concurrency);
        const pending = report.services.filter((s) => s.records.some((r) => r.verdict === 'mismatch' || r.verdict === 'error')).length;
        if (!deadline) break;
        if (pending === 0) {
            progress(`round ${round}: every record matches`);
            break;
        }
        const left = deadline - Date.now();
        if (left <= 0) {
            progress(`round ${round}: ${pending} Service${pending === 1 ? '' : 's'} still differ; --wait ran out`);
            break;
        }
        progress(`round ${round}: ${pending} Service${pending === 1 ? '' : 's'} still differ (${report.summary.recordsOk}/${report.summary.records} records ok); re-checking, ${Math.ceil(left / 1000)}s left`);
        await new Promise((r) => setTimeout(r, Math.min(2000, left)));
    }
    ctx.deps.stdout.write(renderCheckReport(report, opts, ctx));
    if (opts.junit) {
        try {
            writeFileSync(opts.junit, renderJunit(report));
        } catch (err) {
            throw usageError(`--junit ${opts.junit}: cannot write (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
        }
    }
    if (report.services.some((s) => s.records.some((r) => r.verdict === 'error')) && report.services.every((s) => s.records.every((r) => r.verdict !== 'match'))) ctx.raise(ExitCode.unreachable);
    if (report.summary.failed > 0 || (opts.failOn !== 'never' && report.clusterFindings.some((f) => f.severity === 'error' || (opts.failOn === 'warning' && f.severity === 'warning')))) ctx.raise(ExitCode.findings);
}

async function checkOnce(serviceNames: string[], opts: CheckOptions, ctx: RunContext, selector: ReturnType<typeof parseLabelSelector>, concurrency: number): Promise<CheckReport> {
    const cluster = await loadCluster(opts, ctx, {
        ...(opts.allNamespaces ? { namespace: null } : {}),
        ...(opts.selector ? { labelSelector: opts.selector } : {}),
        pods: true,
        statefulSets: true,
        endpointSlices: true,
        corednsConfig: true,
        namespaces: true,
    });
    const services = pickServices(cluster, serviceNames, opts, selector);
    const owners = addressOwners(cluster.snapshot);
    const clusterFindingsFound = sortFindings(
        clusterFindings(cluster.snapshot, cluster.dnsConfig).filter((f) => opts.allNamespaces || !f.objects || f.objects.some((o) => o.includes(`/${cluster.namespace}/`))),
    );
    // Matching records keep their replies only where the output shows them (JSON, YAML); the table and JUnit show
    // verdicts and differences, and on a large cluster the replies of every matching record are most of the memory.
    const keepReplies = opts.output === 'json' || opts.output === 'yaml';

    let dns: ActualDns | null = null;
    const errors: CheckReport['errors'] = [];
    if (!opts.expectedOnly) {
        const resolv = resolvConfForPod({ namespace: cluster.namespace, zone: primaryZone(cluster.dnsConfig), clusterDnsIPs: clusterDnsIPs(cluster.snapshot) });
        dns = await openActualDns({ opts: opts as unknown as ResolveOptions, cluster, ctx, resolv });
    }
    const checks: ServiceCheck[] = [];
    try {
        const jobs = new RecordJobs(cluster, services);
        const settle = (job: RecordJob, r: RecordCheck) => jobs.settle(job, keepReplies || r.verdict === 'mismatch' || r.verdict === 'error' ? r : withoutReplies(r));
        const worker = async () => {
            for (let job = jobs.next(); job; job = jobs.next()) {
                if (!dns) {
                    settle(job, recordCheck(job.name, job.type, job.expected, null));
                    continue;
                }
                try {
                    const got = await dns.query(job.name, job.type);
                    settle(job, recordCheck(job.name, job.type, job.expected, got.reply));
                } catch (err) {
                    const message = err instanceof SvcdigError || err instanceof Error ? err.message : String(err);
                    settle(job, recordCheck(job.name, job.type, job.expected, null, message));
                }
            }
        };
        await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, services.length * 8)) }, worker));
        for (const x of jobs.explained) {
            checks.push({ namespace: x.service.namespace, name: x.service.name, type: x.service.headless ? 'Headless' : x.service.type, records: x.records, findings: x.findings, failed: serviceFails(x.records, x.findings, opts.failOn) });
        }
    } finally {
        await dns?.close();
    }
    for (const c of checks) for (const r of c.records) explainDifferences(r.differences, () => r, owners, ctx.deps.now());
    const errorMessages = new Set(checks.flatMap((c) => c.records.filter((r) => r.error).map((r) => r.error!)));
    for (const m of errorMessages) errors.push({ message: m });
    return {
        apiVersion: 'svcdig/v1alpha1',
        kind: 'CheckReport',
        source: cluster.snapshot.origin,
        failOn: opts.failOn,
        dns: { via: dns ? dns.describe : null, notes: cluster.dnsConfig.notes },
        services: checks,
        clusterFindings: clusterFindingsFound,
        summary: summarize(checks, clusterFindingsFound),
        errors,
    };
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
        private readonly cluster: LoadedCluster,
        private readonly services: Service[],
    ) {
        this.index = buildDnsIndex(cluster.snapshot, cluster.dnsConfig);
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

function pickServices(cluster: LoadedCluster, names: string[], opts: CheckOptions, selector: ReturnType<typeof parseLabelSelector>) {
    if (names.length) return names.map((n) => findService(cluster.snapshot, cluster.namespace, n));
    return cluster.snapshot.services
        .filter((s) => (opts.allNamespaces ? true : nsOf(s) === cluster.namespace))
        .filter((s) => matchesSelector(selector, s.metadata.labels))
        .sort((a, b) => compareText(nsOf(a), nsOf(b)) || compareText(a.metadata.name, b.metadata.name));
}
