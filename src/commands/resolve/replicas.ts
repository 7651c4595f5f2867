/**
 * `resolve --all-replicas`: asks every ready CoreDNS pod separately, through a port-forward to its TCP port 53 (a
 * ClusterIP load-balances, so a stale cache or an informer lagging behind the API on one replica shows only now and
 * then), and flags replicas whose answers differ from the others. Each replica is walked through the query's search
 * list as the pod's stub walks it, so a replica that answers an earlier name shows. Answers are compared like expected and actual
 * (compare.ts): the rcode and the answer section as a set, TTLs ignored (caches count them down).
 *
 * The replicas that agree with most others are the reference; on a tie, the side that matches svcdig's expected reply
 * wins, then the first pod. Each disagreeing replica's records become differences of the result (so it is a mismatch,
 * exit 1), with the reason "CoreDNS replica X disagrees with Y".
 */
import type { RunContext } from '../../context.js';
import { normalizeReply } from '../../core/compare.js';
import { disagreements, judgeAnswers } from '../../core/agreement.js';
import type { Reply } from '../../core/dns/reply.js';
import type { StubFlavour } from '../../core/dns/resolv-conf.js';
import { StubWalk } from '../../core/dns/stub-resolver.js';
import type { Pod } from '../../core/k8s.js';
import { podIPs } from '../../core/pods.js';
import type { ReplicaAnswer, ResolveReport, ResolveResult } from '../../core/resolve-report.js';
import { ExitCode, SvcdigError, usageError } from '../../errors.js';
import { servingCorednsPods } from '../../core/cluster-dns.js';
import { portForwardStream } from '../common/cluster-dns.js';
import type { LoadedCluster } from '../common/load-cluster.js';
import type { ResolveOptions } from './options.js';
import { queryOptionsFrom } from '../common/dns-transport.js';
import type { QueryOptions } from '../../adapters/dns/index.js';

type QueryOpts = { timeoutMs: number; retries: number; tcp: boolean };

/**
 * --all-replicas needs the cluster's own CoreDNS pods: not with --server, --expected-only, --via direct or files. The
 * demo has two, one lagging (src/demo/demo-dns-server.ts), each answered by its own responder on loopback.
 */
export function checkReplicaOptions(opts: ResolveOptions, cluster: LoadedCluster): void {
    if (!opts.allReplicas) return;
    if (opts.server?.length) throw usageError('--all-replicas asks each CoreDNS pod of the cluster; it cannot be combined with --server');
    if (opts.expectedOnly) throw usageError('--all-replicas queries the CoreDNS pods; it cannot be combined with --expected-only');
    if (opts.via === 'direct')
        throw usageError('--all-replicas asks each CoreDNS pod through port-forward, never the ClusterIP; it cannot be combined with --via direct');
    if (cluster.origin === 'file')
        throw usageError(
            '--all-replicas reaches each CoreDNS pod through the API server; it needs a live cluster, not --from-file',
            'try it on the demo, whose replicas disagree: svcdig resolve nginx --demo --all-replicas',
        );
}

/** Which replicas agree (core/agreement.ts, the rule --server's each mode uses too). */
export const judgeReplicas = (answers: { pod: string; reply?: Reply; error?: string }[], expected: Reply) => judgeAnswers(answers, expected);

/** The candidate whose reply decides the result: the expected answering one, else the last asked. */
export function decidingCandidate(r: ResolveResult): number {
    const i = r.answeredBy ? r.candidates.findIndex((c) => c.name === r.answeredBy) : -1;
    return i >= 0 ? i : r.candidates.length - 1;
}

type ReplicaReply = { reply?: Reply; error?: string };

/** How each CoreDNS pod is asked, and what to stop afterwards. */
interface ReplicaReach {
    via: ReplicaAnswer['via'];
    ask(pod: Pod, name: string, type: string): Promise<ReplicaReply>;
    close(): Promise<void>;
}

/** One question to one replica, over TCP (a port-forward carries TCP only); a failure is the replica's answer. */
async function askOver(
    address: { host: string; port: number },
    name: string,
    type: string,
    q: QueryOpts,
    connectStream?: QueryOptions['connectStream'],
): Promise<ReplicaReply> {
    const dns = await import('../../adapters/dns/index.js');
    try {
        const ex = await dns.queryDns([address], name, type, { ...q, tcp: true, ...(connectStream ? { connectStream } : {}) });
        return { reply: ex.reply };
    } catch (err) {
        return { error: err instanceof Error ? err.message : String(err) };
    }
}

/** Live: a port-forward to each pod's port 53 through the API server. The demo: each replica's responder on loopback. */
async function replicaReach(cluster: LoadedCluster, pods: Pod[], q: QueryOpts): Promise<ReplicaReach> {
    if (cluster.origin === 'demo') {
        const { startDemoReplicas } = await import('../../demo/demo-dns-server.js');
        const names = pods.map((p) => p.metadata.name);
        const servers = await startDemoReplicas(cluster.snapshot, cluster.dnsConfig, names);
        return {
            via: 'demo',
            ask: (pod, name, type) => askOver({ host: '127.0.0.1', port: servers[names.indexOf(pod.metadata.name)]!.port }, name, type, q),
            close: async () => void (await Promise.all(servers.map((s) => s.close()))),
        };
    }
    if (!cluster.live) throw new SvcdigError('internal', '--all-replicas needs a live cluster');
    const kc = await cluster.live.kubeConfig();
    return {
        via: 'port-forward',
        ask: (pod, name, type) => askOver({ host: podIPs(pod)[0] ?? pod.metadata.name, port: 53 }, name, type, q, () => portForwardStream(kc, pod)),
        close: async () => {},
    };
}

/**
 * Adds `replicas` to every result that has an actual side and turns replica disagreements into differences.
 * Failures to reach a replica go to `errors` and raise the unreachable exit code.
 */
export async function askEveryReplica(args: {
    results: ResolveResult[];
    /** Each result's whole search list (its candidates shown may stop where both walks ended). */
    searchLists: Map<ResolveResult, string[]>;
    stub: StubFlavour;
    cluster: LoadedCluster;
    ctx: RunContext;
    opts: ResolveOptions;
    errors: ResolveReport['errors'];
}): Promise<void> {
    const { results, cluster, ctx, errors } = args;
    const queryOptions = queryOptionsFrom(args.opts);
    const pods = servingCorednsPods(cluster.snapshot);
    if (pods.length === 0) throw new SvcdigError('unreachable', 'no ready CoreDNS pod (kube-system, label k8s-app=kube-dns or coredns) to ask');
    if (pods.length === 1) ctx.note(`note: only one ready CoreDNS pod (kube-system/${pods[0]!.metadata.name}): there is no other replica to compare it with`);
    const reach = await replicaReach(cluster, pods, queryOptions);
    const how = reach.via === 'demo' ? "on the demo's responder for each" : 'through port-forward';
    ctx.trace(`asking ${pods.length} CoreDNS pods ${how}: ${pods.map((p) => p.metadata.name).join(', ')}`);
    try {
        for (const r of results)
            await askAbout(r, { names: args.searchLists.get(r) ?? r.candidates.map((c) => c.name), stub: args.stub }, pods, reach, ctx, errors);
    } finally {
        await reach.close();
    }
}

type SearchList = { names: string[]; stub: StubFlavour };

/**
 * One replica asked as a pod's stub resolver asks (StubWalk, the rule of the main lookup): the search list's names in
 * order until the walk ends. A lagging replica that still has a name answers at an earlier candidate than the others.
 */
async function walkReplica(reach: ReplicaReach, pod: Pod, list: SearchList, type: string): Promise<ReplicaReply & { name: string }> {
    const walk = new StubWalk(list.stub, list.names.length);
    const replies: Reply[] = [];
    for (const name of list.names) {
        const answer = await reach.ask(pod, name, type);
        if (!answer.reply) return { ...answer, name };
        replies.push(answer.reply);
        if (!walk.push(name, answer.reply)) break;
    }
    const pick = walk.result();
    const at = pick.index >= 0 ? pick.index : (pick.failedAt ?? replies.length - 1);
    return { reply: replies[at]!, name: list.names[at]! };
}

/** Every replica walks `r`'s search list; their answers and disagreements added to it. */
async function askAbout(r: ResolveResult, list: SearchList, pods: Pod[], reach: ReplicaReach, ctx: RunContext, errors: ResolveReport['errors']): Promise<void> {
    if (r.verdict === 'expected-only' || r.candidates.length === 0 || list.names.length === 0) return;
    const cand = r.candidates[decidingCandidate(r)]!;
    const asked = await Promise.all(pods.map((p) => walkReplica(reach, p, list, r.query.type)));
    const answers = pods.map((p, i) => ({ pod: `kube-system/${p.metadata.name}`, ip: podIPs(p)[0], ...asked[i]! }));
    const { agrees } = judgeReplicas(answers, cand.expected);
    const replicas: ReplicaAnswer[] = answers.map((a, i) => ({
        pod: a.pod,
        ...(a.ip ? { ip: a.ip } : {}),
        via: reach.via,
        name: a.name,
        ...(a.reply ? { reply: normalizeReply(a.reply) } : {}),
        ...(a.error ? { error: a.error } : {}),
        agrees: agrees[i]!,
    }));
    r.replicas = replicas;
    const refIdx = agrees.findIndex((x) => x);
    const ref = refIdx >= 0 ? answers[refIdx]! : undefined;
    const refPods = answers.filter((_, i) => agrees[i]).map((a) => a.pod);
    for (const [i, a] of answers.entries()) {
        if (a.error) {
            errors.push({
                query: `${a.name} ${r.query.type}`,
                server: `${a.pod} (${reach.via === 'demo' ? "the demo's responder" : 'port-forward'})`,
                message: a.error,
            });
            ctx.raise(ExitCode.unreachable);
            continue;
        }
        if (agrees[i] || !ref?.reply || !a.reply) continue;
        const why = `CoreDNS replica ${a.pod} disagrees with ${refPods.join(', ')}: a stale cache or an informer lagging behind the API on that replica`;
        r.differences.push(...disagreements(ref.reply, a.reply, `replica ${a.pod}`, why));
    }
    if (r.differences.some((d) => !d.noteOnly) && r.verdict === 'match') r.verdict = 'mismatch';
}
