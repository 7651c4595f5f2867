import { API_VERSION } from '../../core/api-version.js';
import { isIP } from 'node:net';
import type { RunContext } from '../../context.js';
import {
    buildDnsIndex,
    expectedEndGiven,
    expectedLookup,
    queriesOfWalk,
    ipToReverseName,
    resolvConfForPod,
    StubWalk,
    type DnsIndex,
    type ResolvConf,
    type StubFlavour,
} from '../../core/dns/index.js';
import type { DnsExchange } from '../../adapters/dns/index.js';
import { recordTypeByName, unknownTypeMessage } from '../../core/dns/record-types.js';
import { invalidNamespaceReason, invalidQueryNameReason } from '../../core/name-rules.js';
import { buildResolveResult, dnsSummary, type CandidateReport, type ResolveReport, type ResolveResult } from '../../core/resolve-report.js';
import { clusterDnsIPs } from '../../core/cluster-dns.js';
import { primaryZone } from '../../core/dns/dns-config.js';
import { ExitCode, SvcdigError, usageError } from '../../errors.js';
import { loadCluster, type LoadedCluster } from '../common/load-cluster.js';
import { noteMissingNamespace } from '../common/find-service.js';
import { parseObjectRef } from '../../core/object-ref.js';
import type { ResolveOptions } from './options.js';
import { explainDifferences, type AddressOwners } from '../../core/difference-reasons.js';
import { addressOwnersOf, dnsIndexOf } from '../common/snapshot-memo.js';
import { noteReportNotes, printToStdout } from '../common/print.js';
import type { DnsTransport } from '../../adapters/dns/transport.js';
import { openDnsTransport, serverAddresses, unusedDnsFlagNotes } from '../common/dns-transport.js';
import { batchQueries, type NamedQuery } from './dig-words.js';
import type { AsPod } from './as-pod.js';
import { readFileText } from '../../adapters/files/read-input.js';
import { guessQueriedNamespaces, widenToQueriedNamespaces } from './scope.js';

export interface ResolveQuery {
    name: string;
    type: string;
}

/**
 * Names + types from arguments (each name with its own type words, dig-style, else `types`) and --batch lines (read
 * by the same reader, dig-words.ts batchQueries), validated. An IP address means its PTR. A type given twice for one
 * name (`-t A -t A`, `-t A,A`, `nginx SRV SRV`) is asked once; a name given twice is asked twice, as dig asks it.
 */
export function parseQueries(names: NamedQuery[], types: string[] | undefined, batchText: string | undefined): ResolveQuery[] {
    const out: ResolveQuery[] = [];
    const add = (name: string, typeList: string[] | undefined, where: string) => {
        const ipKind = isIP(name.replace(/\.$/, ''));
        // an address means its PTR, asked as an absolute name as dig -x and getnameinfo(3) ask it: no search list
        const qname = ipKind ? `${ipToReverseName(name.replace(/\.$/, ''))}.` : name;
        const why = invalidQueryNameReason(qname);
        if (why) throw usageError(`${where}invalid name "${name}": ${why}`);
        const list = typeList && typeList.length > 0 ? typeList : [ipKind ? 'PTR' : 'A'];
        const asked = new Set<string>();
        for (const t of list) {
            const type = recordTypeByName(t);
            if (!type) throw usageError(`${where}${unknownTypeMessage(t)}`);
            if (asked.has(type.name)) continue;
            asked.add(type.name);
            out.push({ name: qname, type: type.name });
        }
    };
    for (const n of names) add(n.name, n.types.length > 0 ? n.types : types, '');
    if (batchText !== undefined) {
        for (const { line, query } of batchQueries(batchText)) add(query.name, query.types.length > 0 ? query.types : types, `--batch line ${line}: `);
    }
    if (out.length === 0) throw usageError('resolve needs a NAME (or --batch FILE)', 'example: svcdig resolve web-0.nginx --demo');
    return out;
}

/**
 * `resolve default/nginx`, `resolve svc/nginx`: a "/" is in no name a pod looks up, so the name is still asked as
 * typed (its answers are real), with a note giving the DNS name of the Service the kubectl form names
 * (core/object-ref.ts reads it).
 */
function noteObjectRefs(queries: ResolveQuery[], ctx: RunContext): void {
    for (const text of new Set(queries.map((q) => q.name).filter((n) => n.includes('/')))) {
        const ref = parseObjectRef(text, 'Service');
        if ('problem' in ref) continue;
        const dnsName = ref.namespace === undefined ? ref.name : `${ref.name}.${ref.namespace}`;
        const which = ref.namespace === undefined ? `the Service ${ref.name}` : `the Service ${ref.name} in namespace ${ref.namespace}`;
        ctx.note(`note: "${text}" is asked as a DNS name, which no pod looks up; for ${which}, resolve ${dnsName}`);
    }
}

/** Prints the report; returns it too (--watch compares rounds by it). */
export async function runResolve(
    names: NamedQuery[],
    opts: ResolveOptions,
    ctx: RunContext,
): Promise<{ report: ResolveReport; exchanges: Map<ResolveResult, DnsExchange> }> {
    const setup = await prepareLookup(names, opts, ctx);
    const { results, exchanges, errors, actualDns } = await lookupAll(setup, opts, ctx);
    const owners = addressOwnersOf(setup.cluster.snapshot);
    for (const r of results) annotateReasons(r, owners, ctx.deps.now());
    const report = resolveReport(setup, results, errors, actualDns, opts);
    printToStdout('resolve', { report, exchanges }, opts, ctx);
    noteReportNotes(report.dns.notes, opts.output, ctx, 'Corefile: ');
    if (results.some((r) => r.verdict === 'mismatch')) ctx.raise(ExitCode.findings);
    if (results.some((r) => r.verdict === 'error' || r.servers?.some((a) => a.error))) ctx.raise(ExitCode.unreachable);
    return { report, exchanges };
}

/** What every query of one run shares: the cluster, the resolv.conf the lookup follows and the DNS engine over both. */
interface LookupSetup {
    queries: ResolveQuery[];
    stub: StubFlavour;
    cluster: LoadedCluster;
    asPod: AsPod | undefined;
    resolv: ResolvConf;
    index: DnsIndex;
}

/** Validates the queries, then loads the cluster they reach and the resolv.conf (the cluster's, or --as-pod's). */
async function prepareLookup(names: NamedQuery[], opts: ResolveOptions, ctx: RunContext): Promise<LookupSetup> {
    const batchText = opts.batch === undefined ? undefined : await readBatch(opts.batch, opts, ctx);
    const queries = parseQueries(names, opts.type, batchText);
    serverAddresses(opts);
    for (const note of unusedDnsFlagNotes(opts)) ctx.note(note);
    const stub: StubFlavour = opts.stub ?? 'glibc';
    noteObjectRefs(queries, ctx);
    const cluster = await loadForQueries(queries, opts, stub, ctx);
    // The search list starts in the command's namespace (--as-pod's pod has its own, checked where it is found).
    if (!opts.asPod && queries.some((q) => !q.name.endsWith('.'))) noteMissingNamespace(cluster, ctx);
    if (opts.allReplicas) (await import('./replicas.js')).checkReplicaOptions(opts, cluster);
    const asPod = opts.asPod ? await (await import('./as-pod.js')).resolvConfAsPod(cluster, opts.asPod, stub, ctx) : undefined;
    const resolv = withSearchSettings(asPod?.resolv ?? resolvConfFor(cluster, opts), opts);
    if (cluster.live && !opts.allNamespaces) {
        const widened = await widenToQueriedNamespaces(
            cluster,
            queries.map((q) => q.name),
            resolv,
            stub,
            ctx.deps,
        );
        if (widened === 'all' || widened.length > 0)
            ctx.trace(`also read ${widened === 'all' ? 'every namespace (a PTR name)' : `namespace${widened.length > 1 ? 's' : ''} ${widened.join(', ')}`}`);
    }
    const index = asPod?.dnsPath ? buildDnsIndex(cluster.snapshot, cluster.dnsConfig, asPod.dnsPath) : dnsIndexOf(cluster.snapshot, cluster.dnsConfig);
    return { queries, stub, cluster, asPod, resolv, index };
}

/** The DNS server the lookups ask (none with --expected-only, or for files without --server: then it says so). */
async function openActualDns(setup: LookupSetup, opts: ResolveOptions, ctx: RunContext): Promise<DnsTransport | null> {
    if (opts.expectedOnly) return null;
    const { cluster, resolv, asPod } = setup;
    const actualDns = await (opts.openTransport ?? openDnsTransport)({
        opts,
        cluster,
        ctx,
        resolv,
        ...(asPod ? { podDns: asPod.dnsPath } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
    });
    if (!actualDns) ctx.note('note: no DNS server to ask (files without --server): showing expected records only');
    return actualDns;
}

interface Lookups {
    results: ResolveResult[];
    exchanges: Map<ResolveResult, DnsExchange>;
    errors: ResolveReport['errors'];
    /** The server asked (closed by now: only what it was is read). */
    actualDns: DnsTransport | null;
}

/** Each query, expected and (unless --expected-only) asked; then each --server apart and each replica where asked. */
async function lookupAll(setup: LookupSetup, opts: ResolveOptions, ctx: RunContext): Promise<Lookups> {
    const { queries, index, resolv, stub, cluster } = setup;
    const actualDns = await openActualDns(setup, opts, ctx);
    const errors: ResolveReport['errors'] = [];
    const results: ResolveResult[] = [];
    const exchanges = new Map<ResolveResult, DnsExchange>();
    // Every name of each query's search list: --all-replicas walks it on each replica as the stub does.
    const searchLists = new Map<ResolveResult, string[]>();
    try {
        for (const q of queries) {
            const exp = expectedLookup(index, q.name, q.type, resolv, stub);
            const { result, exchange } = actualDns
                ? await resolveActual(q, exp, actualDns, stub, errors)
                : { result: expectedOnly(q, exp), exchange: undefined };
            results.push(result);
            searchLists.set(
                result,
                exp.candidates.map((c) => c.name),
            );
            if (exchange) exchanges.set(result, exchange);
        }
        if (actualDns?.each) await (await import('./servers.js')).askEachServer(results, actualDns.each, errors);
    } finally {
        await actualDns?.close();
    }
    if (opts.allReplicas) await (await import('./replicas.js')).askEveryReplica({ results, searchLists, stub, cluster, ctx, opts, errors });
    return { results, exchanges, errors, actualDns };
}

function resolveReport(
    setup: LookupSetup,
    results: ResolveResult[],
    errors: ResolveReport['errors'],
    actualDns: DnsTransport | null,
    opts: ResolveOptions,
): ResolveReport {
    const { cluster, resolv, stub } = setup;
    return {
        apiVersion: API_VERSION,
        kind: 'ResolveReport',
        namespace: cluster.namespace,
        source: cluster.snapshot.origin,
        dns: {
            ...dnsSummary(cluster.dnsConfig, resolv.search, resolv.ndots, stub),
            ...(actualDns ? { server: actualDns.describe, via: actualDns.via } : {}),
            ...(serverAddresses(opts).length > 1 ? { serverMode: opts.serverMode ?? 'each' } : {}),
        },
        results,
        errors,
    };
}

/**
 * The cluster as the queries need it. Live: the namespace the lookup starts from (the command's, or --as-pod's) and
 * the namespaces its names reach, in one round where the guess holds (scope.ts); files and the demo are read whole.
 */
async function loadForQueries(queries: ResolveQuery[], opts: ResolveOptions, stub: StubFlavour, ctx: RunContext): Promise<LoadedCluster> {
    const asPodNamespace = opts.asPod?.includes('/') ? opts.asPod.split('/')[0]! : undefined;
    const firstNamespace = asPodNamespace !== undefined && invalidNamespaceReason(asPodNamespace) === null ? asPodNamespace : undefined;
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
    return cluster;
}

/** A result with nothing asked: the candidates the stub would try, up to where the expected walk ends. */
function expectedOnly(q: ResolveQuery, exp: ReturnType<typeof expectedLookup>): ResolveResult {
    const tried = exp.answeredBy ? exp.queries : exp.candidates.length;
    const candidates = exp.candidates.slice(0, tried).map((c) => ({ name: c.name, expected: c.reply, actual: null }));
    return buildResolveResult({ query: q, candidates, expected: exp.pick, actual: null, queries: tried });
}

/** Walks the search list against the real server with the stub's own rule (StubWalk), asking only what the stub asks. */
async function resolveActual(
    q: ResolveQuery,
    exp: ReturnType<typeof expectedLookup>,
    dns: DnsTransport,
    stub: StubFlavour,
    errors: ResolveReport['errors'],
): Promise<{ result: ResolveResult; exchange?: DnsExchange }> {
    const candidates: CandidateReport[] = exp.candidates.map((c) => ({ name: c.name, expected: c.reply, actual: null }));
    // the expected walk's candidates are shown in full: a failed walk asked every one of them
    const expectedWalk = queriesOfWalk(exp.pick, candidates.length);
    const walk = new StubWalk(stub, candidates.length);
    let last: Awaited<ReturnType<DnsTransport['query']>> | undefined;
    for (let i = 0; walk.goesOn; i++) {
        const c = candidates[i]!;
        try {
            last = await dns.query(c.name, q.type);
        } catch (err) {
            const message = err instanceof Error ? err.message : String(err);
            errors.push({ query: `${c.name} ${q.type}`, server: dns.describe, message });
            const shown = candidates.slice(0, Math.max(i + 1, expectedWalk));
            return { result: buildResolveResult({ query: q, candidates: shown, expected: exp.pick, actual: null, queries: i + 1, error: message }) };
        }
        c.actual = last.reply;
        walk.push(c.name, last.reply);
    }
    const tried = candidates.filter((c) => c.actual).length;
    // Candidates beyond both walks are not shown.
    const shown = candidates.slice(0, Math.max(tried, expectedWalk));
    const result = buildResolveResult({ query: q, candidates: shown, expected: expectedEndGiven(candidates, stub), actual: walk.result(), queries: tried });
    return {
        result: { ...result, ...(last ? { server: last.server, transport: last.transport, rttMs: last.rttMs } : {}) },
        ...(last?.exchange ? { exchange: last.exchange } : {}),
    };
}

function resolvConfFor(cluster: LoadedCluster, _opts: ResolveOptions): ResolvConf {
    const dnsIPs = clusterDnsIPs(cluster.snapshot);
    return resolvConfForPod({ namespace: cluster.namespace, zone: primaryZone(cluster.dnsConfig), clusterDnsIPs: dnsIPs.length > 0 ? dnsIPs : ['10.96.0.10'] });
}

/** svcdig shell's own search list and ndots, where set, in place of the pod's. */
function withSearchSettings(resolv: ResolvConf, opts: ResolveOptions): ResolvConf {
    return { ...resolv, ...(opts.search ? { search: opts.search } : {}), ...(opts.ndots !== undefined ? { ndots: opts.ndots } : {}) };
}

async function readBatch(path: string, opts: ResolveOptions, ctx: RunContext): Promise<string> {
    if (path === '-' && opts.fromFile?.includes('-')) throw usageError('--batch - and -f - both read stdin; give one of them a file');
    if (path === '-') return ctx.deps.readStdin();
    let text: string;
    try {
        text = readFileText(path);
    } catch (err) {
        if (err instanceof SvcdigError) throw err;
        throw usageError(`--batch ${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    if (text.includes('\u0000')) throw usageError(`--batch ${path}: not a text file`);
    return text;
}

/** Fills each difference's `reason` from the API state where svcdig can find one. */
export function annotateReasons(r: ResolveResult, owners: AddressOwners, now: Date): void {
    const at = (name: string | undefined) => r.candidates.find((c) => c.name === (name ?? r.comparedCandidate));
    explainDifferences(r.differences, (d) => at(d.candidate), owners, now);
}
