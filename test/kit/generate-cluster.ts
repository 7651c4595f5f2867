/**
 * Deterministic synthetic clusters for benchmarks and scale tests: plain API-shaped objects (the shape
 * `kubectl get -o json` prints, as in the cluster.yaml files of test/fixtures/scenarios) that load into a snapshot or the fake API server.
 *
 * What a cluster holds, for `services` S and `pods` P:
 * - Namespaces `default`, `kube-system` and `ns-000`… (S / 50 of them, at least 2) holding the app Services round-robin;
 * - `default/kubernetes` (ClusterIP 10.96.0.1, a selector-less slice with one API server address) and kubeadm's
 *   `kube-system/kube-dns` (10.96.0.10, dns/dns-tcp/metrics) with two CoreDNS pods, their slice and the `coredns`
 *   ConfigMap holding kubeadm's default Corefile (cluster.local, in-addr.arpa, ip6.arpa, pods insecure, ttl 30);
 * - S app Services: every third is headless (clusterIP None), half of those are the governing Service of a StatefulSet
 *   whose pods have `spec.hostname`/`spec.subdomain` (so their endpoints carry a hostname, which CoreDNS
 *   uses as the endpoint name); the others select
 *   Deployment pods. Every 100th Service is "large": together they get a quarter of the pods, at most 250 each (so
 *   three EndpointSlices at 10 pods per Service on average); the remaining pods are shared evenly. P counts the app pods only (CoreDNS pods come on top).
 * - EndpointSlices as the EndpointSlice controller writes them: at most 100 endpoints each (its default
 *   --max-endpoints-per-slice), labelled `kubernetes.io/service-name` and `endpointslice.kubernetes.io/managed-by`,
 *   one port per Service port (target port numbers), ready/serving conditions, targetRef and nodeName.
 * - Every 100th pod is not ready (Ready condition False, endpoint ready=false) so DNS has something to leave out.
 *
 * Everything is derived from the indices (and `seed` for names' random-looking suffixes), so two calls with the same
 * options give identical objects.
 */
import type { KubeObject } from '../../src/core/k8s.js';

export interface GenerateClusterOptions {
    /** App Services (kubernetes and kube-dns come on top). */
    services: number;
    /** App pods (the two CoreDNS pods come on top). */
    pods: number;
    /** Namespaces holding the app Services (default: max(2, ceil(S / 50))). */
    namespaces?: number;
    /** Seeds the generated name suffixes (default 1). */
    seed?: number;
}

export interface GeneratedCluster {
    objects: KubeObject[];
    /** App Services by shape: headless ones include the StatefulSet-governing ones. */
    counts: { services: number; headless: number; statefulSets: number; deployments: number; pods: number; endpointSlices: number; namespaces: number };
    /** A headless StatefulSet-governing Service with ready pods: namespace, name and its first pod's name. */
    sampleHeadless: { namespace: string; name: string; firstPod: string };
    /** A ClusterIP Service. */
    sampleClusterIp: { namespace: string; name: string };
}

/** The EndpointSlice controller's default --max-endpoints-per-slice. */
export const MAX_ENDPOINTS_PER_SLICE = 100;
export const LARGE_SERVICE_PODS = 250;
export const LARGE_SERVICE_EVERY = 100;
export const NOT_READY_EVERY = 100;

/** kubeadm's default Corefile (CoreDNS 1.11, as in the scenarios' coredns ConfigMap). */
export const KUBEADM_COREFILE = `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30
    loop
    reload
    loadbalance
}
`;

const CREATED = '2026-01-01T00:00:00Z';
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** A small deterministic PRNG (mulberry32) for name suffixes. */
function rng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const quad = (base: [number, number], n: number) => `${base[0]}.${base[1] + (n >>> 16)}.${(n >>> 8) & 255}.${n & 255}`;
/** Pod IPs from 10.244.0.0/14 (the pod CIDR), Service IPs from 10.96.0.0/12 (kubeadm's service CIDR). */
const podIp = (n: number) => quad([10, 244], n + 2);
const serviceIp = (n: number) => quad([10, 96], n + 256);

export function generateCluster(opts: GenerateClusterOptions): GeneratedCluster {
    const S = opts.services;
    const P = opts.pods;
    const nsCount = opts.namespaces ?? Math.max(2, Math.ceil(S / 50));
    const random = rng(opts.seed ?? 1);
    const suffix = (len: number) => Array.from({ length: len }, () => ALPHABET[Math.floor(random() * ALPHABET.length)]).join('');
    let uidCounter = 0;
    const uid = () => `00000000-0000-4000-8000-${(++uidCounter).toString(16).padStart(12, '0')}`;
    const objects: KubeObject[] = [];
    const namespaces = Array.from({ length: nsCount }, (_, i) => `ns-${String(i).padStart(3, '0')}`);
    const nodes = ['node-a', 'node-b', 'node-c'];
    let sliceCount = 0;

    for (const name of ['default', 'kube-system', ...namespaces]) {
        objects.push({
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name, uid: uid(), creationTimestamp: CREATED, labels: { 'kubernetes.io/metadata.name': name } },
            spec: { finalizers: ['kubernetes'] },
            status: { phase: 'Active' },
        } as KubeObject);
    }

    interface Ep {
        ip: string;
        ready: boolean;
        hostname?: string;
        pod?: string;
        node: string;
        podUid?: string;
    }
    const slicesFor = (ns: string, svc: string, ports: { name?: string; port: number; protocol: string }[], eps: Ep[], managed = true) => {
        for (let start = 0; start < Math.max(eps.length, 1); start += MAX_ENDPOINTS_PER_SLICE) {
            const chunk = eps.slice(start, start + MAX_ENDPOINTS_PER_SLICE);
            sliceCount++;
            objects.push({
                apiVersion: 'discovery.k8s.io/v1',
                kind: 'EndpointSlice',
                metadata: {
                    name: `${svc}-${suffix(5)}`,
                    generateName: `${svc}-`,
                    namespace: ns,
                    uid: uid(),
                    creationTimestamp: CREATED,
                    labels: {
                        'kubernetes.io/service-name': svc,
                        'endpointslice.kubernetes.io/managed-by': managed ? 'endpointslice-controller.k8s.io' : 'endpointslicemirroring-controller.k8s.io',
                    },
                },
                addressType: 'IPv4',
                endpoints: chunk.map((e) => ({
                    addresses: [e.ip],
                    conditions: { ready: e.ready, serving: e.ready, terminating: false },
                    ...(e.hostname ? { hostname: e.hostname } : {}),
                    ...(e.pod ? { targetRef: { kind: 'Pod', name: e.pod, namespace: ns, uid: e.podUid } } : {}),
                    nodeName: e.node,
                })),
                ports: ports.map((p) => ({ ...(p.name !== undefined ? { name: p.name } : {}), port: p.port, protocol: p.protocol })),
            } as KubeObject);
        }
    };
    const clusterIpService = (
        ns: string,
        name: string,
        ip: string,
        ports: { name?: string; port: number; targetPort: number; protocol: string }[],
        selector?: Record<string, string>,
        labels?: Record<string, string>,
    ) =>
        ({
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name, namespace: ns, uid: uid(), creationTimestamp: CREATED, ...(labels ? { labels } : {}) },
            spec: {
                type: 'ClusterIP',
                clusterIP: ip,
                clusterIPs: [ip],
                ipFamilies: ['IPv4'],
                ipFamilyPolicy: 'SingleStack',
                ports,
                ...(selector ? { selector } : {}),
                sessionAffinity: 'None',
                internalTrafficPolicy: 'Cluster',
            },
            status: { loadBalancer: {} },
        }) as KubeObject;

    // default/kubernetes: selector-less, one API server address, no targetRef (as the apiserver's reconciler writes it).
    objects.push(
        clusterIpService('default', 'kubernetes', '10.96.0.1', [{ name: 'https', port: 443, targetPort: 6443, protocol: 'TCP' }], undefined, {
            component: 'apiserver',
            provider: 'kubernetes',
        }),
    );
    sliceCount++;
    objects.push({
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: {
            name: 'kubernetes',
            namespace: 'default',
            uid: uid(),
            creationTimestamp: CREATED,
            labels: { 'kubernetes.io/service-name': 'kubernetes', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' },
        },
        addressType: 'IPv4',
        endpoints: [{ addresses: ['172.18.0.2'], conditions: { ready: true, serving: true, terminating: false } }],
        ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
    } as KubeObject);

    // kube-system: kubeadm's kube-dns Service, two CoreDNS pods, the coredns ConfigMap.
    const dnsPorts = [
        { name: 'dns', port: 53, targetPort: 53, protocol: 'UDP' },
        { name: 'dns-tcp', port: 53, targetPort: 53, protocol: 'TCP' },
        { name: 'metrics', port: 9153, targetPort: 9153, protocol: 'TCP' },
    ];
    objects.push(
        clusterIpService(
            'kube-system',
            'kube-dns',
            '10.96.0.10',
            dnsPorts,
            { 'k8s-app': 'kube-dns' },
            { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
        ),
    );
    objects.push({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'coredns', namespace: 'kube-system', uid: uid(), creationTimestamp: CREATED },
        data: { Corefile: KUBEADM_COREFILE },
    } as KubeObject);
    const rsHash = suffix(10);
    const dnsEps: Ep[] = [];
    for (let i = 0; i < 2; i++) {
        const name = `coredns-${rsHash}-${suffix(5)}`;
        const ip = `10.244.255.${10 + i}`;
        const podUid = uid();
        objects.push(
            pod(
                'kube-system',
                name,
                podUid,
                ip,
                nodes[i]!,
                { 'k8s-app': 'kube-dns', 'pod-template-hash': rsHash },
                true,
                [
                    { name: 'dns', containerPort: 53, protocol: 'UDP' },
                    { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
                    { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
                ],
                { kind: 'ReplicaSet', name: `coredns-${rsHash}` },
            ),
        );
        dnsEps.push({ ip, ready: true, pod: name, podUid, node: nodes[i]! });
    }
    slicesFor(
        'kube-system',
        'kube-dns',
        dnsPorts.map((p) => ({ name: p.name, port: p.targetPort, protocol: p.protocol })),
        dnsEps,
    );

    // App Services: pod counts (large ones first, the rest shared evenly).
    const large = (i: number) => i % LARGE_SERVICE_EVERY === 0;
    const largeCount = Array.from({ length: S }, (_, i) => i).filter(large).length;
    const largePods = Math.min(LARGE_SERVICE_PODS, Math.floor(P / 4 / Math.max(largeCount, 1)));
    const rest = Math.max(0, P - largeCount * largePods);
    const small = S - largeCount;
    const podsOf = (i: number, smallIndex: number) => (large(i) ? largePods : small === 0 ? 0 : Math.floor(rest / small) + (smallIndex < rest % small ? 1 : 0));
    let podNo = 0;
    let smallIndex = 0;
    let headless = 0;
    let statefulSets = 0;
    let deployments = 0;
    for (let i = 0; i < S; i++) {
        const ns = namespaces[i % nsCount]!;
        const headlessSvc = i % 3 === 1;
        const sts = headlessSvc && i % 2 === 1;
        const name = `${sts ? 'db' : headlessSvc ? 'peer' : 'web'}-${String(i).padStart(5, '0')}`;
        let count = podsOf(i, large(i) ? -1 : smallIndex);
        if (!large(i)) smallIndex++;
        count = Math.min(count, P - podNo);
        const labels = { app: name };
        const ports = [
            { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' },
            { name: 'metrics', port: 9090, targetPort: 9090, protocol: 'TCP' },
        ];
        const svc = clusterIpService(ns, name, headlessSvc ? 'None' : serviceIp(i), ports, labels, labels) as KubeObject & {
            spec: { clusterIP: string; clusterIPs: string[] };
        };
        if (headlessSvc) {
            svc.spec.clusterIPs = ['None'];
            headless++;
        }
        objects.push(svc);
        const owner = sts ? { kind: 'StatefulSet', name } : { kind: 'ReplicaSet', name: `${name}-${suffix(10)}` };
        const template = {
            metadata: { labels },
            spec: {
                containers: [
                    {
                        name: 'app',
                        image: 'registry.example/app:1',
                        ports: [
                            { name: 'http', containerPort: 8080, protocol: 'TCP' },
                            { name: 'metrics', containerPort: 9090, protocol: 'TCP' },
                        ],
                    },
                ],
            },
        };
        if (sts) {
            statefulSets++;
            objects.push({
                apiVersion: 'apps/v1',
                kind: 'StatefulSet',
                metadata: { name, namespace: ns, uid: uid(), creationTimestamp: CREATED },
                spec: { serviceName: name, replicas: count, selector: { matchLabels: labels }, template },
                status: { replicas: count, readyReplicas: count },
            } as KubeObject);
        } else {
            deployments++;
            objects.push({
                apiVersion: 'apps/v1',
                kind: 'Deployment',
                metadata: { name, namespace: ns, uid: uid(), creationTimestamp: CREATED },
                spec: { replicas: count, selector: { matchLabels: labels }, template },
                status: { replicas: count, readyReplicas: count },
            } as KubeObject);
        }
        const eps: Ep[] = [];
        for (let k = 0; k < count; k++, podNo++) {
            const podName = sts ? `${name}-${k}` : `${owner.name}-${suffix(5)}`;
            const ready = podNo % NOT_READY_EVERY !== NOT_READY_EVERY - 1;
            const ip = podIp(podNo);
            const node = nodes[podNo % nodes.length]!;
            const podUid = uid();
            const p = pod(
                ns,
                podName,
                podUid,
                ip,
                node,
                sts ? { ...labels, 'statefulset.kubernetes.io/pod-name': podName } : labels,
                ready,
                template.spec.containers[0]!.ports,
                owner,
            );
            if (sts) Object.assign((p as KubeObject & { spec: Record<string, unknown> }).spec, { hostname: podName, subdomain: name });
            objects.push(p);
            eps.push({ ip, ready, pod: podName, podUid, node, ...(sts ? { hostname: podName } : {}) });
        }
        slicesFor(
            ns,
            name,
            ports.map((p) => ({ name: p.name, port: p.targetPort, protocol: p.protocol })),
            eps,
        );
    }

    const sample = objects.find((o) => o.kind === 'StatefulSet' && ((o as KubeObject & { spec: { replicas: number } }).spec.replicas ?? 0) > 0)!;
    const web = objects.find((o) => o.kind === 'Service' && o.metadata.name.startsWith('web-'))!;
    return {
        objects,
        counts: { services: S, headless, statefulSets, deployments, pods: podNo, endpointSlices: sliceCount, namespaces: nsCount + 2 },
        sampleHeadless: { namespace: sample.metadata.namespace!, name: sample.metadata.name, firstPod: `${sample.metadata.name}-0` },
        sampleClusterIp: { namespace: web.metadata.namespace!, name: web.metadata.name },
    };

    function pod(
        ns: string,
        name: string,
        podUid: string,
        ip: string,
        node: string,
        labels: Record<string, string>,
        ready: boolean,
        ports: { name: string; containerPort: number; protocol: string }[],
        owner: { kind: string; name: string },
    ): KubeObject {
        const status = ready ? 'True' : 'False';
        return {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: {
                name,
                namespace: ns,
                uid: podUid,
                creationTimestamp: CREATED,
                labels,
                ownerReferences: [{ apiVersion: 'apps/v1', kind: owner.kind, name: owner.name, controller: true }],
            },
            spec: { containers: [{ name: 'app', image: 'registry.example/app:1', ports }], nodeName: node, dnsPolicy: 'ClusterFirst', restartPolicy: 'Always' },
            status: {
                phase: 'Running',
                podIP: ip,
                podIPs: [{ ip }],
                hostIP: `172.18.0.${10 + nodes.indexOf(node)}`,
                conditions: [
                    { type: 'Ready', status },
                    { type: 'ContainersReady', status },
                    { type: 'PodScheduled', status: 'True' },
                ],
                containerStatuses: [{ name: 'app', ready, restartCount: 0, started: true, state: { running: { startedAt: CREATED } } }],
            },
        } as KubeObject;
    }
}
