import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { RunContext } from '../context.js';
import { buildDnsIndex, expectedLookup, ipToReverseName, resolvConfForPod, StubWalk, type ResolvConf, type StubFlavour } from '../core/dns/index.js';
import type { DnsExchange } from '../adapters/dns/index.js';
import { QUERY_TYPE_NAMES, recordTypeByName } from '../core/dns/record-types.js';
import { invalidNamespaceReason, invalidQueryNameReason } from '../core/names.js';
import { buildResolveResult, dnsSummary, type CandidateReport, type ResolveReport, type ResolveResult } from '../core/resolve-report.js';
import { clusterDnsIPs } from '../core/cluster-dns.js';
import { primaryZone } from '../core/dns-config.js';
import { ExitCode, usageError } from '../errors.js';
import { loadCluster, type LoadedCluster } from './load-cluster.js';
import type { ResolveOptions } from './resolve.js';
import { addressOwners, explainDifferences, type AddressOwners } from '../core/difference-reasons.js';
import { renderResolveReport } from '../render/resolve-render.js';
import { openActualDns, type ActualDns } from './resolve-actual.js';
import { guessQueriedNamespaces, widenToQueriedNamespaces } from './resolve-scope.js';

export interface ResolveQuery {
    name: string;
    type: string;
}

/** Names + types from arguments and --batch lines (`NAME [TYPE]`, # comments), validated. An IP address means its PTR. */
export function parseQueries(names: string[], types: string[] | undefined, batchText: string | undefined): ResolveQuery[] {
    const out: ResolveQuery[] = [];
    const add = (name: string, typeList: string[] | undefined, where: string) => {
        const ipKind = isIP(name.replace(/\.$/, ''));
        const qname = ipKind ? ipToReverseName(name.replace(/\.$/, '')) : name;
        const why = invalidQueryNameReason(qname);
        if (why) throw usageError(`${where}invalid name "${name}": ${why}`);
        const list = typeList && typeList.length > 0 ? typeList : [ipKind ? 'PTR' : 'A'];
        for (const t of list) {
            const type = recordTypeByName(t);
            if (!type) throw usageError(`${where}unknown record type "${t}" (try ${QUERY_TYPE_NAMES.join(', ')}, or TYPEnnn)`);
            out.push({ name: qname, type: type.name });
        }
    };
    for (const n of names) add(n, types, '');
    if (batchText !== undefined) {
        batchText.split(/\r?\n/).forEach((raw, i) => {
            const line = raw.replace(/[#;].*$/, '').trim();
            if (!line) return;
            const parts = line.split(/\s+/);
            if (parts.length > 2) throw usageError(`--batch line ${i + 1}: expected "NAME [TYPE]", got "${line}"`);
            add(parts[0]!, parts[1] ? [parts[1]] : types, `--batch line ${i + 1}: `);
        });
    }
    if (out.length === 0) throw usageError('resolve needs a NAME (or --batch FILE)', 'example: svcdig resolve web-0.nginx --demo');
    return out;
}

export async function runResolve(names: string[], opts: ResolveOptions, ctx: RunContext): Promise<void> {
    const batchText = opts.batch === undefined ? undefined : readBatch(opts.batch, ctx);
    const queries = parseQueries(names, opts.type, batchText);
    // Live: the namespace the lookup starts from (the command's, or --as-pod's) and the namespaces its names reach,
    // in one round where the guess holds (resolve-scope.ts); files and the demo are read whole anyway.
    const asPodNamespace = opts.asPod?.includes('/') ? opts.asPod.split('/')[0]! : undefined;
    const firstNamespace = asPodNamespace !== undefined && invalidNamespaceReason(asPodNamespace) === null ? asPodNamespace : undefined;
    const stub: StubFlavour = opts.stub ?? 'glibc';
    const queryNames = queries.map((q) => q.name);
    const flags = { zone: opts.zone, ttl: opts.ttl, podsMode: opts.podsMode, endpointPodNames: opts.endpointPodNames };
    const everywhere = guessQueriedNamespaces(queryNames, 'default', flags, stub) === 'all';
    const cluster = await loadCluster(opts, ctx, {
        namespace: everywhere ? null : firstNamespace,
        alsoRead: (ns) => [guessQueriedNamespaces(queryNames, firstNamespace ?? ns, flags, stub)].flatMap((g) => (g === 'all' ? [] : g)),
        pods: true,
        statefulSets: false,
        endpointSlices: true,
        corednsConfig: true,
        namespaces: true,
        // resolve computes no env vars: default/kubernetes is read only if a name reaches namespace default.
        apiServerService: false,
    });
    ctx.trace(`cluster from ${cluster.snapshot.origin}; DNS config from ${cluster.dnsConfig.source}`);
    if (opts.allReplicas) (await import('./replicas.js')).checkReplicaOptions(opts, cluster);
    const resolv = opts.asPod ? await (await import('./as-pod.js')).resolvConfAsPod(cluster, opts.asPod, ctx) : resolvConfFor(cluster, opts);
    if (cluster.live && !opts.allNamespaces) {
        const widened = await widenToQueriedNamespaces(cluster, queryNames, resolv, stub, ctx.deps);
        if (widened === 'all' || widened.length > 0) ctx.trace(`also read ${widened === 'all' ? 'every namespace (a PTR name)' : `namespace${widened.length > 1 ? 's' : ''} ${widened.join(', ')}`}`);
    }
    const index = buildDnsIndex(cluster.snapshot, cluster.dnsConfig);

    let actualDns: ActualDns | null = null;
    const errors: ResolveReport['errors'] = [];
    if (!opts.expectedOnly) {
        actualDns = await openActualDns({ opts, cluster, ctx, resolv });
        if (!actualDns) ctx.note('note: no DNS server to ask (files without --server): showing expected records only');
    }
    const results: ResolveResult[] = [];
    const exchanges = new Map<ResolveResult, DnsExchange>();
    try {
        for (const q of queries) {
            const exp = expectedLookup(index, q.name, q.type, resolv, stub);
            if (!actualDns) {
                const tried = exp.answeredBy ? exp.queries : exp.candidates.length;
                results.push(buildResolveResult({ query: q, candidates: exp.candidates.slice(0, tried).map((c) => ({ name: c.name, expected: c.reply, actual: null })), expected: exp.pick, actual: null, queries: tried }));
                continue;
            }
            const { result, exchange } = await resolveActual(q, exp, actualDns, stub, errors);
            results.push(result);
            if (exchange) exchanges.set(result, exchange);
        }
    } finally {
        await actualDns?.close();
    }
    if (opts.allReplicas) await (await import('./replicas.js')).askEveryReplica({ results, cluster, ctx, opts, errors });
    const owners = addressOwners(cluster.snapshot);
    for (const r of results) annotateReasons(r, owners, ctx.deps.now());
    const report: ResolveReport = {
        apiVersion: 'svcdig/v1alpha1',
        kind: 'ResolveReport',
        namespace: cluster.namespace,
        source: cluster.snapshot.origin,
        dns: { ...dnsSummary(cluster.dnsConfig, resolv.search, resolv.ndots, stub), ...(actualDns ? { server: actualDns.describe, via: actualDns.via } : {}) },
        results,
        errors,
    };
    ctx.deps.stdout.write(renderResolveReport(report, opts, ctx, exchanges));
    if (results.some((r) => r.verdict === 'mismatch')) ctx.raise(ExitCode.findings);
    if (results.some((r) => r.verdict === 'error')) ctx.raise(ExitCode.unreachable);
}

/** Walks the search list against the real server with the stub's own rule (StubWalk), asking only what the stub asks. */
async function resolveActual(
    q: ResolveQuery,
    exp: ReturnType<typeof expectedLookup>,
    dns: ActualDns,
    stub: StubFlavour,
    errors: ResolveReport['errors'],
): Promise<{ result: ResolveResult; exchange?: DnsExchange }> {
    const candidates: CandidateReport[] = exp.candidates.map((c) => ({ name: c.name, expected: c.reply, actual: null }));
    const expectedEnd = exp.pick.index >= 0 ? exp.pick.index : (exp.pick.failedAt ?? candidates.length - 1);
    const walk = new StubWalk(stub, candidates.length);
    let last: Awaited<ReturnType<ActualDns['query']>> | undefined;
    for (let i = 0; walk.goesOn; i++) {
        const c = candidates[i]!;
        try {
            last = await dns.query(c.name, q.type);
        } catch (err) {
            const message = err instanceof Error ? err.message : String(err);
            errors.push({ query: `${c.name} ${q.type}`, server: dns.describe, message });
            const shown = candidates.slice(0, Math.max(i + 1, expectedEnd + 1));
            return { result: buildResolveResult({ query: q, candidates: shown, expected: exp.pick, actual: null, queries: i + 1, error: message }) };
        }
        c.actual = last.reply;
        walk.push(c.name, last.reply);
    }
    const tried = candidates.filter((c) => c.actual).length;
    // Candidates beyond both walks are not shown.
    const shown = candidates.slice(0, Math.max(tried, expectedEnd + 1));
    const result = buildResolveResult({ query: q, candidates: shown, expected: exp.pick, actual: walk.result(), queries: tried });
    return {
        result: { ...result, ...(last ? { server: last.server, transport: last.transport, rttMs: last.rttMs } : {}) },
        ...(last?.exchange ? { exchange: last.exchange } : {}),
    };
}

function resolvConfFor(cluster: LoadedCluster, _opts: ResolveOptions): ResolvConf {
    const dnsIPs = clusterDnsIPs(cluster.snapshot);
    return resolvConfForPod({ namespace: cluster.namespace, zone: primaryZone(cluster.dnsConfig), clusterDnsIPs: dnsIPs.length > 0 ? dnsIPs : ['10.96.0.10'] });
}

function readBatch(path: string, ctx: RunContext): string {
    if (path === '-') return ctx.deps.readStdin();
    try {
        return readFileText(path);
    } catch (err) {
        throw usageError(`--batch ${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
}

function readFileText(path: string): string {
    const text = readFileSync(path, 'utf8');
    if (text.includes('\u0000')) throw usageError(`--batch ${path}: not a text file`);
    return text;
}

/** Fills each difference's `reason` from the API state where svcdig can find one. */
export function annotateReasons(r: ResolveResult, owners: AddressOwners, now: Date): void {
    const at = (name: string | undefined) => r.candidates.find((c) => c.name === (name ?? r.comparedCandidate));
    explainDifferences(r.differences, (d) => at(d.candidate), owners, now);
}
