/**
 * Variants of a generated cluster (generate-cluster.ts) for tests that must cover more than kubeadm's IPv4 defaults:
 * another cluster domain (the Corefile's kubernetes zone), dual-stack Services and pods (a second cluster IP and pod IP
 * per object, an IPv6 EndpointSlice beside each IPv4 one, as the EndpointSlice controller writes them), and
 * ExternalName Services pointing outside the cluster, at an existing and a missing in-cluster name, and at an IP.
 */
import type { KubeObject } from '../../src/core/k8s.js';
import { KUBEADM_COREFILE } from './generate-cluster.js';

export interface VariantOptions {
    zone?: string;
    dualStack?: boolean;
    externalNames?: boolean;
}

type Loose = KubeObject & {
    spec?: Record<string, unknown>;
    status?: Record<string, unknown>;
    data?: Record<string, string>;
    endpoints?: { addresses: string[] }[];
    addressType?: string;
};

/** fd00:: addresses that embed the IPv4 one (10.244.1.2 → fd00:10:244::1:2), so each pod's two IPs stay paired. */
export function ipv6For(ipv4: string): string {
    const [a, b, c, d] = ipv4.split('.').map(Number) as [number, number, number, number];
    return `fd00:${a}:${b}::${c.toString(16)}:${d.toString(16)}`;
}

export function clusterVariant(objects: KubeObject[], opts: VariantOptions): KubeObject[] {
    const out: KubeObject[] = structuredClone(objects);
    const zone = opts.zone ?? 'cluster.local';
    for (const o of out as Loose[]) {
        if (o.kind === 'ConfigMap' && o.metadata.name === 'coredns' && o.data)
            o.data.Corefile = KUBEADM_COREFILE.replace('kubernetes cluster.local ', `kubernetes ${zone} `);
        if (!opts.dualStack) continue;
        if (o.kind === 'Service' && o.spec && o.spec.clusterIP !== 'None' && typeof o.spec.clusterIP === 'string') {
            o.spec.clusterIPs = [o.spec.clusterIP, ipv6For(o.spec.clusterIP)];
            o.spec.ipFamilies = ['IPv4', 'IPv6'];
            o.spec.ipFamilyPolicy = 'PreferDualStack';
        } else if (o.kind === 'Service' && o.spec) {
            o.spec.ipFamilies = ['IPv4', 'IPv6'];
            o.spec.ipFamilyPolicy = 'PreferDualStack';
        }
        if (o.kind === 'Pod' && o.status && typeof o.status.podIP === 'string') o.status.podIPs = [{ ip: o.status.podIP }, { ip: ipv6For(o.status.podIP) }];
    }
    if (opts.dualStack) {
        for (const o of out as Loose[]) {
            if (o.kind !== 'EndpointSlice' || o.addressType !== 'IPv4' || o.metadata.namespace === 'default') continue;
            const v6 = structuredClone(o);
            v6.metadata = { ...v6.metadata, name: `${o.metadata.name}-v6`, uid: `${o.metadata.uid ?? ''}6` };
            v6.addressType = 'IPv6';
            for (const ep of v6.endpoints ?? []) ep.addresses = ep.addresses.map(ipv6For);
            out.push(v6);
        }
    }
    if (opts.externalNames) {
        const target = out.find((o) => o.kind === 'Service' && o.metadata.namespace !== 'default' && o.metadata.namespace !== 'kube-system');
        const ns = target?.metadata.namespace ?? 'default';
        const externalName = (name: string, to: string): KubeObject =>
            ({
                apiVersion: 'v1',
                kind: 'Service',
                metadata: { name, namespace: ns, uid: `ext-${name}`, creationTimestamp: '2026-01-01T00:00:00Z' },
                spec: { type: 'ExternalName', externalName: to },
            }) as KubeObject;
        out.push(externalName('ext-outside', 'db.example.com'));
        if (target) out.push(externalName('ext-inside', `${target.metadata.name}.${ns}.svc.${zone}`));
        out.push(externalName('ext-missing', `nosuch.${ns}.svc.${zone}`));
        out.push(externalName('ext-ip', '192.0.2.10'));
    }
    return out;
}
