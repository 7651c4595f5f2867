import { assignedClusterIPs } from './dns/dns-index.js';
import type { Pod, Service } from './k8s.js';
import { isCorednsPod, isPodReady } from './pods.js';
import { nsOf, type ClusterSnapshot } from './snapshot.js';

/**
 * The cluster DNS Service: kube-system/kube-dns (the name kubeadm, kind and most installers keep for compatibility),
 * else a kube-system Service labelled k8s-app=kube-dns or coredns, else one named coredns.
 */
export function clusterDnsService(snapshot: ClusterSnapshot): Service | undefined {
    const sys = snapshot.services.filter((s) => nsOf(s) === 'kube-system');
    const app = (s: Service) => s.metadata.labels?.['k8s-app'];
    return (
        sys.find((s) => s.metadata.name === 'kube-dns') ??
        sys.find((s) => app(s) === 'kube-dns' || app(s) === 'coredns') ??
        sys.find((s) => s.metadata.name === 'coredns')
    );
}

/** The cluster DNS Service's IPs (kubelet's --cluster-dns points pods at them). */
export function clusterDnsIPs(snapshot: ClusterSnapshot): string[] {
    const svc = clusterDnsService(snapshot);
    return svc ? assignedClusterIPs(svc) : [];
}

/** The CoreDNS pods that serve: Ready and not terminating. */
export function servingCorednsPods(snapshot: ClusterSnapshot): Pod[] {
    return snapshot.pods.filter((p) => isCorednsPod(p) && isPodReady(p) && !p.metadata.deletionTimestamp);
}
