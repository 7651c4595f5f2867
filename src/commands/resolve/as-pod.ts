/**
 * `resolve --as-pod NS/POD`: resolve exactly as that pod does. Its /etc/resolv.conf is read through exec
 * (`cat /etc/resolv.conf` in its first container; every container of a pod shares the file kubelet writes); when exec
 * is not allowed or fails, the file is derived from the pod's dnsPolicy and dnsConfig the way kubelet writes it
 * (resolvConfForPod, after kubernetes/kubernetes pkg/kubelet/network/dns/dns.go) and svcdig says so on stderr. The
 * search list, ndots and nameservers then drive the candidates. When those nameservers are not the cluster DNS
 * (dnsPolicy None with its own, Default = the node's), nothing is predicted (podDnsPath) and they are the ones asked
 * (commands/common/dns-transport.ts).
 */
import type { RunContext } from '../../context.js';
import { podDnsPath, resolvConfForPod, type PodDnsPath, type ResolvConf, type StubFlavour } from '../../core/dns/index.js';
import type { Pod } from '../../core/k8s.js';
import { parseObjectRef } from '../../core/object-ref.js';
import { parseResolvConf } from '../../core/dns/parse-resolv-conf.js';
import { nsOf } from '../../core/snapshot.js';
import { usageError } from '../../errors.js';
import { findPod } from '../common/find-service.js';
import type { LoadedCluster } from '../common/load-cluster.js';
import { execInPod, PodExecError } from '../../adapters/kube/exec.js';
import { clusterDnsIPs, servingCorednsPods } from '../../core/cluster-dns.js';
import { primaryZone } from '../../core/dns/dns-config.js';
import { podIPs } from '../../core/pods.js';

/** "NS/POD" (or pod/POD, as core/object-ref.ts reads it), or "POD" in the command's namespace. */
export function parseAsPod(value: string, defaultNamespace: string): { namespace: string; name: string } {
    const ref = parseObjectRef(value, 'pod', '--as-pod');
    if ('problem' in ref) throw usageError(`--as-pod: ${ref.problem}`, ref.hint);
    return { namespace: ref.namespace ?? defaultNamespace, name: ref.name };
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
    return { resolv, nodeUnknown: !kubeletWritesClusterDns(pod) && policy !== 'None' };
}

/** kubelet `getPodDNSType` gives the pod the cluster DNS: ClusterFirstWithHostNet, or ClusterFirst without hostNetwork. */
function kubeletWritesClusterDns(pod: Pod): boolean {
    const policy = pod.spec.dnsPolicy ?? 'ClusterFirst';
    return policy === 'ClusterFirstWithHostNet' || (policy === 'ClusterFirst' && !pod.spec.hostNetwork);
}

function describePolicy(pod: Pod): string {
    const policy = pod.spec.dnsPolicy ?? 'ClusterFirst';
    return `dnsPolicy ${policy}${pod.spec.hostNetwork ? ' with hostNetwork' : ''}${pod.spec.dnsConfig ? ' and its dnsConfig' : ''}`;
}

/** The pod's resolv.conf, and whether its nameservers are the cluster DNS. */
export interface AsPod {
    resolv: ResolvConf;
    dnsPath: PodDnsPath;
}

export async function resolvConfAsPod(cluster: LoadedCluster, asPod: string, stub: StubFlavour, ctx: RunContext): Promise<AsPod> {
    const { namespace, name } = parseAsPod(asPod, cluster.namespace);
    const target: AsPodTarget = { pod: findPod(cluster.snapshot, namespace, name, '--as-pod'), namespace, name, cluster, stub, ctx };
    const read = await readAsPod(target);
    return typeof read === 'string' ? derivedAsPod(target, read) : read;
}

/** The pod --as-pod names, and what its DNS path is judged with. */
interface AsPodTarget {
    pod: Pod;
    namespace: string;
    name: string;
    cluster: LoadedCluster;
    stub: StubFlavour;
    ctx: RunContext;
}

/** The pod's own /etc/resolv.conf, read through exec; else why it cannot be read. */
async function readAsPod(t: AsPodTarget): Promise<AsPod | string> {
    const { cluster, namespace, name } = t;
    if (cluster.origin !== 'live' || !cluster.live)
        return `pod ${namespace}/${name} comes from ${cluster.origin === 'demo' ? 'the demo' : 'files'}, so its /etc/resolv.conf cannot be read`;
    const container = t.pod.spec.containers[0]?.name;
    if (!container) return `pod ${namespace}/${name} has no containers to read /etc/resolv.conf from`;
    try {
        const kc = await cluster.live.kubeConfig();
        const out = await execInPod(kc, { namespace, name }, container, ['cat', '/etc/resolv.conf']);
        if (out.exitCode !== 0)
            return `reading /etc/resolv.conf in pod ${namespace}/${name} failed (exit ${out.exitCode ?? 'unknown'}${out.stderr ? `: ${out.stderr.trim().split('\n')[0]}` : ''})`;
        return parsedAsPod(t, out.stdout);
    } catch (err) {
        if (err instanceof PodExecError) {
            return err.forbidden
                ? `cannot exec in pod ${namespace}/${name} (svcdig needs get and create pods/exec in namespace ${namespace})`
                : `cannot read /etc/resolv.conf in pod ${namespace}/${name} (${err.message})`;
        }
        throw err;
    }
}

/** The resolv.conf the pod printed, as the lookup's. */
function parsedAsPod(t: AsPodTarget, text: string): AsPod {
    const { namespace, name, ctx } = t;
    const parsed = parseResolvConf(text);
    ctx.trace(
        `pod ${namespace}/${name}'s /etc/resolv.conf: search ${parsed.search.join(' ') || '(none)'}, ndots ${parsed.ndots}, nameservers ${parsed.nameservers.join(' ')}`,
    );
    if (parsed.ignoredNameservers.length)
        ctx.note(`note: pod ${namespace}/${name}'s resolv.conf lists more than 3 nameservers; resolvers ignore ${parsed.ignoredNameservers.join(', ')}`);
    return {
        resolv: { nameservers: parsed.nameservers, search: parsed.search, ndots: parsed.ndots, options: parsed.options },
        dnsPath: dnsPathOf(t, parsed.nameservers),
    };
}

/** The resolv.conf kubelet writes for the pod, used when its own cannot be read (`why` says so on stderr). */
function derivedAsPod(t: AsPodTarget, why: string): AsPod {
    const { pod, cluster, ctx } = t;
    const { resolv, nodeUnknown } = derivedResolvConf(pod, cluster);
    ctx.note(
        `note: ${why}; using the resolv.conf kubelet writes for ${describePolicy(pod)}: search ${resolv.search.join(' ') || '(none)'}, ndots ${resolv.ndots}`,
    );
    if (nodeUnknown)
        ctx.note("note: this pod uses its node's resolv.conf, which svcdig cannot see: its search list may be longer and its nameservers are unknown");
    return { resolv, dnsPath: dnsPathOf(t, nodeUnknown ? null : resolv.nameservers) };
}

/** Where the pod's queries go with these nameservers (null: unknown); a note when it is not the cluster DNS. */
function dnsPathOf(t: AsPodTarget, nameservers: string[] | null): PodDnsPath {
    const { pod, cluster } = t;
    const dnsPath = podDnsPath({
        pod: `${t.namespace}/${t.name}`,
        policy: `dnsPolicy ${pod.spec.dnsPolicy ?? 'ClusterFirst'}${pod.spec.hostNetwork ? ' with hostNetwork' : ''}`,
        nameservers,
        clusterDns: [...new Set([...clusterDnsIPs(cluster.snapshot), ...servingCorednsPods(cluster.snapshot).flatMap(podIPs)])],
        kubeletWritesClusterDns: kubeletWritesClusterDns(pod),
        stub: t.stub,
    });
    if (!dnsPath.clusterDns) t.ctx.note(`note: ${dnsPath.because}: svcdig predicts nothing for it, since the cluster does not decide its answers`);
    return dnsPath;
}
