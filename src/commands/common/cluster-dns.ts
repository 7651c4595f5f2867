import { Duplex, PassThrough } from 'node:stream';
import type { RunContext } from '../../context.js';
import type { ResolvConf } from '../../core/dns/index.js';
import type { Pod, Service } from '../../core/k8s.js';
import { clusterDnsProof, clusterDnsProofFailure } from '../../core/cluster-dns-proof.js';
import { assignedClusterIPs } from '../../core/dns/index.js';
import { podIPs } from '../../core/pods.js';
import { nsOf } from '../../core/snapshot.js';
import { SvcdigError } from '../../errors.js';
import type { DnsTransport } from '../../adapters/dns/transport.js';
import type { QueryOptions } from '../../adapters/dns/index.js';
import type { DnsTransportOptions } from './options.js';
import type { LoadedCluster } from './load-cluster.js';
import { clusterDnsIPs, servingCorednsPods } from '../../core/cluster-dns.js';
import { primaryZone } from '../../core/dns/dns-config.js';

type QueryOpts = Pick<QueryOptions, 'timeoutMs' | 'retries' | 'tcp' | 'signal' | 'udpPool'>;

/**
 * A stream to TCP port 53 of a pod through the API server's port-forward (client-node PortForward, WebSocket
 * channel protocol). Port-forward carries no UDP, so DNS goes over TCP framing.
 */
export async function portForwardStream(kubeConfig: unknown, pod: Pod, port = 53): Promise<Duplex> {
    const k8s = await import('../../adapters/kube/client-node.js');
    const pf = new k8s.PortForward(kubeConfig as InstanceType<typeof k8s.KubeConfig>, true);
    const toPod = new PassThrough();
    const fromPod = new PassThrough();
    const errors = new PassThrough();
    let errText = '';
    errors.on('data', (d: Buffer) => (errText += d.toString()));
    let ws: Awaited<ReturnType<typeof pf.portForward>>;
    try {
        ws = await pf.portForward(pod.metadata.namespace ?? 'kube-system', pod.metadata.name, [port], fromPod, errors, toPod);
    } catch (err) {
        // A 403 is RBAC: the per-name error line (which shows no hint) names the rule.
        const why = oneLine(err);
        const rbac = /\b403\b/.test(why) ? ` (svcdig needs get and create pods/portforward in namespace ${pod.metadata.namespace ?? 'kube-system'})` : '';
        throw new SvcdigError('unreachable', `port-forward to ${pod.metadata.namespace}/${pod.metadata.name}:${port} failed: ${why}${rbac}`, {
            hint: 'svcdig needs get and create pods/portforward in kube-system; or use --via direct from inside the cluster network',
        });
    }
    const socket = typeof ws === 'function' ? ws() : ws;
    const duplex = Duplex.from({ readable: fromPod, writable: toPod });
    const closeAll = () => {
        try {
            socket?.close();
        } catch {
            /* already closed */
        }
    };
    duplex.on('close', closeAll);
    socket?.on('close', () => {
        if (errText) duplex.destroy(new Error(errText.trim()));
        else fromPod.end();
    });
    return duplex;
}

function oneLine(err: unknown): string {
    const e = err as { code?: number; message?: string; body?: unknown };
    if (typeof e?.code === 'number') return `HTTP ${e.code}`;
    return String(e?.message ?? err).split('\n')[0]!;
}

type DnsAdapter = typeof import('../../adapters/dns/index.js');
type Address = { host: string; port: number };

/**
 * The cluster DNS, reached directly at the kube-dns ClusterIP (works in a pod, on a node, over a VPN) or through a
 * port-forward to a ready CoreDNS pod; `auto` tries direct briefly and falls back, and says which it used.
 */
export async function openClusterDns(args: {
    opts: DnsTransportOptions;
    cluster: LoadedCluster;
    ctx: RunContext;
    resolv: ResolvConf;
    queryOptions: QueryOpts;
}): Promise<DnsTransport> {
    const { opts, cluster, ctx, queryOptions } = args;
    const dns = await import('../../adapters/dns/index.js');
    // --as-pod: the pod's own nameservers (from its resolv.conf) are what it asks directly.
    const ips = opts.asPod && args.resolv.nameservers.length > 0 ? args.resolv.nameservers : clusterDnsIPs(cluster.snapshot);
    const via = opts.via ?? 'auto';
    const shown = ips.map((ip) => ({ host: ip, port: 53 }));
    // Routed (a test's loopback stand-in for the ClusterIP) only when direct is actually tried.
    const route = ctx.deps.routeClusterDns ?? ((a: Address) => a);
    let routed: Address[] | undefined;
    const direct = (timeoutMs: number) => directTransport(dns, shown, () => (routed ??= shown.map(route)), { ...queryOptions, timeoutMs });
    const portForward = () => portForwardTransport(dns, cluster, ctx, queryOptions);

    if (via === 'port-forward') return portForward();
    if (shown.length === 0) {
        if (via === 'direct') throw new SvcdigError('unreachable', 'the cluster DNS Service (kube-system/kube-dns) has no ClusterIP to ask');
        return portForward();
    }
    if (via === 'direct') return direct(queryOptions.timeoutMs);
    // auto: the ClusterIP is trusted only once it proves to be the cluster DNS (core/cluster-dns-proof.ts): asked
    // kubernetes.default.svc.<zone>, it answers exactly default/kubernetes's ClusterIPs. Else port-forward, saying why.
    const probe = direct(Math.min(800, queryOptions.timeoutMs));
    const failure = await whyNotTheClusterDns(probe, shown, cluster, ctx);
    if (failure === null) return direct(queryOptions.timeoutMs);
    let pf: DnsTransport;
    try {
        pf = await portForward();
    } catch (err) {
        // No pod to port-forward to: the error keeps why the ClusterIP was not used.
        if (err instanceof SvcdigError) throw new SvcdigError(err.kind, `${failure}; ${err.message}`, err.hint ? { hint: err.hint } : undefined);
        throw err;
    }
    ctx.note(`note: ${failure}; asking ${pf.describe}`);
    return pf;
}

/** The --via auto proof: null (and a note) when the ClusterIP answers as the cluster DNS, else why it is not trusted. */
async function whyNotTheClusterDns(probe: DnsTransport, shown: Address[], cluster: LoadedCluster, ctx: RunContext): Promise<string | null> {
    const shownHosts = shown.map((d) => d.host).join(', ');
    const proof = clusterDnsProof(primaryZone(cluster.dnsConfig), await apiServerClusterIPs(cluster, ctx), shown[0]!.host);
    let failure: string | null;
    try {
        const got = await probe.query(proof.name, proof.type);
        failure = clusterDnsProofFailure(proof, got.server.replace(/:53$/, ''), got.reply);
    } catch {
        failure = `${shownHosts} is not reachable from here`;
    }
    if (failure === null)
        ctx.note(`note: asking the cluster DNS directly at ${shownHosts} (it answered ${proof.name} with ${proof.ips?.join(', ') ?? 'an address'})`);
    return failure;
}

/** The cluster DNS at its ClusterIP(s), as a pod asks it (UDP, TCP on truncation); `addresses` may route them. */
function directTransport(dns: DnsAdapter, shown: Address[], addresses: () => Address[], q: QueryOpts): DnsTransport {
    return {
        describe: shown.map((d) => `${d.host}:53`).join(', '),
        via: 'direct',
        async query(name, type) {
            const ex = await dns.queryDns(addresses(), name, type, q);
            const asked = shown[addresses().indexOf(ex.server)] ?? ex.server;
            return { reply: ex.reply, server: `${asked.host}:${asked.port}`, transport: ex.transport, rttMs: ex.rttMs, exchange: ex };
        },
        close: async () => {},
    };
}

/** The first ready CoreDNS pod through the API server's port-forward (TCP only: port-forward carries no UDP). */
async function portForwardTransport(dns: DnsAdapter, cluster: LoadedCluster, ctx: RunContext, q: QueryOpts): Promise<DnsTransport> {
    const pod = servingCorednsPods(cluster.snapshot)[0];
    if (!pod) throw new SvcdigError('unreachable', 'no ready CoreDNS pod (kube-system, label k8s-app=kube-dns) to port-forward to');
    if (!cluster.live) throw new SvcdigError('internal', 'port-forward needs a live cluster');
    const kc = await cluster.live.kubeConfig();
    const target = { host: podIPs(pod)[0] ?? pod.metadata.name, port: 53 };
    ctx.trace(`port-forward to kube-system/${pod.metadata.name}:53 (DNS over TCP)`);
    return {
        describe: `kube-system/${pod.metadata.name}:53 via port-forward`,
        via: 'port-forward',
        async query(name, type) {
            const ex = await dns.queryDns([target], name, type, { ...q, tcp: true, connectStream: () => portForwardStream(kc, pod) });
            return { reply: ex.reply, server: `${pod.metadata.name} (port-forward)`, transport: ex.transport, rttMs: ex.rttMs, exchange: ex };
        },
        close: async () => {},
    };
}

/**
 * The ClusterIPs of default/kubernetes, for the --via auto proof: from the snapshot, else read now (resolve reads it
 * only when a name reaches namespace default); null when it cannot be read.
 */
async function apiServerClusterIPs(cluster: LoadedCluster, ctx: RunContext): Promise<string[] | null> {
    const isIt = (s: Service) => nsOf(s) === 'default' && s.metadata.name === 'kubernetes';
    let svc = cluster.snapshot.services.find(isIt);
    if (!svc && cluster.live) {
        try {
            const snap = await cluster.live.loadSnapshot({
                namespace: 'default',
                serviceNames: ['kubernetes'],
                pods: false,
                statefulSets: false,
                endpointSlices: false,
                corednsConfig: false,
                namespaces: false,
                apiServerService: false,
            });
            svc = snap.services.find(isIt);
        } catch (err) {
            ctx.trace(`could not read default/kubernetes (${err instanceof Error ? err.message : String(err)}): any address for it proves the cluster DNS`);
        }
    }
    return svc ? assignedClusterIPs(svc) : null;
}
