/**
 * `resolve --as-pod NS/POD`: resolve exactly as that pod does. Its /etc/resolv.conf is read through exec
 * (`cat /etc/resolv.conf` in its first container; every container of a pod shares the file kubelet writes); when exec
 * is not allowed or fails, the file is derived from the pod's dnsPolicy and dnsConfig the way kubelet writes it
 * (resolvConfForPod, dns-rules §9 R-RES-1) and svcdig says so on stderr. The search list, ndots and nameservers then
 * drive the candidates; the nameservers are asked only with --via direct (cluster-dns.ts).
 */
import type { RunContext } from '../context.js';
import { resolvConfForPod, type ResolvConf } from '../core/dns/index.js';
import type { Pod } from '../core/k8s.js';
import { invalidNamespaceReason } from '../core/names.js';
import { parseResolvConf } from '../core/resolv-conf.js';
import { nsOf } from '../core/snapshot.js';
import { closeNames } from '../core/suggest.js';
import { SvcdigError, usageError } from '../errors.js';
import type { LoadedCluster } from './load-cluster.js';
import { execInPod, PodExecError } from './pod-exec.js';
import { clusterDnsIPs } from '../core/cluster-dns.js';
import { primaryZone } from '../core/dns-config.js';

/** "NS/POD", or "POD" in the command's namespace. */
export function parseAsPod(value: string, defaultNamespace: string): { namespace: string; name: string } {
    const parts = value.split('/');
    if (parts.length > 2 || parts.some((p) => p === '')) throw usageError(`--as-pod takes NAMESPACE/POD or POD, got "${value}"`);
    const [namespace, name] = parts.length === 2 ? [parts[0]!, parts[1]!] : [defaultNamespace, parts[0]!];
    const why = invalidNamespaceReason(namespace);
    if (why) throw usageError(`--as-pod: invalid namespace "${namespace}": ${why}`);
    return { namespace, name };
}

/** kubelet's resolv.conf for the pod, from its spec (the node's own resolv.conf is not known to svcdig). */
export function derivedResolvConf(pod: Pod, cluster: LoadedCluster): { resolv: ResolvConf; nodeUnknown: boolean } {
    const policy = pod.spec.dnsPolicy ?? 'ClusterFirst';
    const resolv = resolvConfForPod({
        namespace: nsOf(pod),
        zone: primaryZone(cluster.dnsConfig),
        clusterDnsIPs: clusterDnsIPs(cluster.snapshot),
        dnsPolicy: policy,
        ...(pod.spec.hostNetwork !== undefined ? { hostNetwork: pod.spec.hostNetwork } : {}),
        ...(pod.spec.dnsConfig ? { dnsConfig: pod.spec.dnsConfig } : {}),
    });
    const nodeUnknown = policy === 'Default' || (policy === 'ClusterFirst' && !!pod.spec.hostNetwork);
    return { resolv, nodeUnknown };
}

function describePolicy(pod: Pod): string {
    const policy = pod.spec.dnsPolicy ?? 'ClusterFirst';
    return `dnsPolicy ${policy}${pod.spec.hostNetwork ? ' with hostNetwork' : ''}${pod.spec.dnsConfig ? ' and its dnsConfig' : ''}`;
}

export async function resolvConfAsPod(cluster: LoadedCluster, asPod: string, ctx: RunContext): Promise<ResolvConf> {
    const { namespace, name } = parseAsPod(asPod, cluster.namespace);
    const pod = cluster.snapshot.pods.find((p) => nsOf(p) === namespace && p.metadata.name === name);
    if (!pod) {
        const close = closeNames(name, cluster.snapshot.pods.filter((p) => nsOf(p) === namespace).map((p) => p.metadata.name));
        throw new SvcdigError('notFound', `pod "${name}" not found in namespace "${namespace}" (--as-pod)`, close.length ? { hint: `did you mean ${close.join(', ')}?` } : undefined);
    }
    const derive = (why: string): ResolvConf => {
        const { resolv, nodeUnknown } = derivedResolvConf(pod, cluster);
        ctx.note(`note: ${why}; using the resolv.conf kubelet writes for ${describePolicy(pod)}: search ${resolv.search.join(' ') || '(none)'}, ndots ${resolv.ndots}`);
        if (nodeUnknown) ctx.note("note: this pod uses its node's resolv.conf, which svcdig cannot see: its search list may be longer");
        return resolv;
    };
    if (cluster.origin !== 'live' || !cluster.live) return derive(`pod ${namespace}/${name} comes from ${cluster.origin === 'demo' ? 'the demo' : 'files'}, so its /etc/resolv.conf cannot be read`);
    const container = pod.spec.containers[0]?.name;
    if (!container) return derive(`pod ${namespace}/${name} has no containers to read /etc/resolv.conf from`);
    try {
        const kc = await cluster.live.kubeConfig();
        const out = await execInPod(kc, { namespace, name }, container, ['cat', '/etc/resolv.conf']);
        if (out.exitCode !== 0) return derive(`reading /etc/resolv.conf in pod ${namespace}/${name} failed (exit ${out.exitCode ?? 'unknown'}${out.stderr ? `: ${out.stderr.trim().split('\n')[0]}` : ''})`);
        const parsed = parseResolvConf(out.stdout);
        ctx.trace(`pod ${namespace}/${name}'s /etc/resolv.conf: search ${parsed.search.join(' ') || '(none)'}, ndots ${parsed.ndots}, nameservers ${parsed.nameservers.join(' ')}`);
        if (parsed.ignoredNameservers.length) ctx.note(`note: pod ${namespace}/${name}'s resolv.conf lists more than 3 nameservers; resolvers ignore ${parsed.ignoredNameservers.join(', ')}`);
        return { nameservers: parsed.nameservers, search: parsed.search, ndots: parsed.ndots, options: parsed.options };
    } catch (err) {
        if (err instanceof PodExecError) {
            const why = err.forbidden ? `cannot exec in pod ${namespace}/${name} (svcdig needs get and create pods/exec in namespace ${namespace})` : `cannot read /etc/resolv.conf in pod ${namespace}/${name} (${err.message})`;
            return derive(why);
        }
        throw err;
    }
}
