/**
 * A small live cluster for the reliability tests: namespace dev with a ClusterIP Service `api`, a headless Service
 * `web` backed by a StatefulSet's two pods (one with an env var from a secretKeyRef), and kube-system's kube-dns
 * Service and coredns ConfigMap (the kubeadm Corefile), served by the fake API server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../../src/core/k8s.js';
import type { Deps } from '../../src/deps.js';
import { runCli, type CliRun } from '../helpers/run-cli.js';
import { KUBEADM_COREFILE } from '../kit/generate-cluster.js';
import { startFakeApiServer, type FakeApiServer, type FakeApiServerOptions } from '../kit/fake-apiserver/index.js';

export const SECRET_NAME = 'db-credentials';
export const SECRET_KEY = 'password';

const ns = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

function pod(namespace: string, name: string, labels: Record<string, string>, ip: string): KubeObject {
    return {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace, labels },
        spec: { containers: [{ name: 'main', image: 'registry.k8s.io/pause' }] },
        status: { phase: 'Running', podIP: ip, podIPs: [{ ip }], conditions: [{ type: 'Ready', status: 'True' }] },
    } as KubeObject;
}

function slice(namespace: string, service: string, eps: { ip: string; pod?: string }[], port: number, portName: string): KubeObject {
    return {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { name: `${service}-x1y2z`, namespace, labels: { 'kubernetes.io/service-name': service } },
        addressType: 'IPv4',
        ports: [{ name: portName, port, protocol: 'TCP' }],
        endpoints: eps.map((e) => ({
            addresses: [e.ip],
            conditions: { ready: true },
            ...(e.pod ? { targetRef: { kind: 'Pod', name: e.pod, namespace } } : {}),
        })),
    } as KubeObject;
}

export function clusterObjects(): KubeObject[] {
    const webPod = (i: number): KubeObject =>
        ({
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: `web-${i}`, namespace: 'dev', labels: { app: 'web', 'statefulset.kubernetes.io/pod-name': `web-${i}` } },
            spec: {
                hostname: `web-${i}`,
                subdomain: 'web',
                containers: [
                    {
                        name: 'app',
                        image: 'nginx',
                        ports: [{ name: 'http', containerPort: 80 }],
                        env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: SECRET_NAME, key: SECRET_KEY } } }],
                    },
                ],
            },
            status: { phase: 'Running', podIP: `10.244.1.${10 + i}`, podIPs: [{ ip: `10.244.1.${10 + i}` }], conditions: [{ type: 'Ready', status: 'True' }] },
        }) as KubeObject;
    return [
        ns('default'),
        ns('dev'),
        ns('kube-system'),
        {
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name: 'kubernetes', namespace: 'default' },
            spec: {
                type: 'ClusterIP',
                clusterIP: '10.96.0.1',
                clusterIPs: ['10.96.0.1'],
                ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
            },
        } as KubeObject,
        {
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name: 'kube-dns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } },
            spec: {
                type: 'ClusterIP',
                clusterIP: '10.96.0.10',
                clusterIPs: ['10.96.0.10'],
                selector: { 'k8s-app': 'kube-dns' },
                ports: [
                    { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
                    { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
                ],
            },
        } as KubeObject,
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'coredns', namespace: 'kube-system' }, data: { Corefile: KUBEADM_COREFILE } } as KubeObject,
        {
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name: 'api', namespace: 'dev' },
            spec: {
                type: 'ClusterIP',
                clusterIP: '10.96.5.5',
                clusterIPs: ['10.96.5.5'],
                selector: { app: 'api' },
                ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }],
            },
        } as KubeObject,
        {
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name: 'web', namespace: 'dev' },
            spec: { clusterIP: 'None', clusterIPs: ['None'], selector: { app: 'web' }, ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 80 }] },
        } as KubeObject,
        {
            apiVersion: 'apps/v1',
            kind: 'StatefulSet',
            metadata: { name: 'web', namespace: 'dev' },
            spec: {
                serviceName: 'web',
                replicas: 2,
                selector: { matchLabels: { app: 'web' } },
                template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } },
            },
        } as KubeObject,
        {
            apiVersion: 'discovery.k8s.io/v1',
            kind: 'EndpointSlice',
            metadata: { name: 'web-abcde', namespace: 'dev', labels: { 'kubernetes.io/service-name': 'web' } },
            addressType: 'IPv4',
            ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
            endpoints: [0, 1].map((i) => ({
                addresses: [`10.244.1.${10 + i}`],
                hostname: `web-${i}`,
                conditions: { ready: true },
                targetRef: { kind: 'Pod', name: `web-${i}`, namespace: 'dev' },
            })),
        } as KubeObject,
        webPod(0),
        webPod(1),
        pod('dev', 'api-7f9c', { app: 'api' }, '10.244.2.20'),
        slice('dev', 'api', [{ ip: '10.244.2.20', pod: 'api-7f9c' }], 8080, 'http'),
        pod('kube-system', 'coredns-5d78c9869d-abcde', { 'k8s-app': 'kube-dns' }, '10.244.0.2'),
        slice('kube-system', 'kube-dns', [{ ip: '10.244.0.2', pod: 'coredns-5d78c9869d-abcde' }], 53, 'dns'),
        slice('default', 'kubernetes', [{ ip: '172.18.0.2' }], 6443, 'https'),
    ];
}

export interface LiveFixture {
    server: FakeApiServer;
    dir: string;
    kubeconfig: string;
    /** Runs svcdig with --kubeconfig to the fake (and HOME/KUBECONFIG pointing nowhere else). */
    run(argv: string[], opts?: { kubeconfig?: string; routeClusterDns?: Deps['routeClusterDns'] }): Promise<CliRun>;
}

type T = { after: (fn: () => Promise<void> | void) => void };

export async function liveFixture(t: T, opts: FakeApiServerOptions & { auth?: 'token' | 'cert' } = {}): Promise<LiveFixture> {
    const server = await startFakeApiServer({ objects: clusterObjects(), ...opts, ...(opts.auth ? { auth: opts.auth } : {}) });
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-reliability-'));
    t.after(async () => {
        await server.close();
        rmSync(dir, { recursive: true, force: true });
    });
    const kubeconfig = server.kubeconfigPath(dir, { namespace: 'dev', ...(opts.auth === 'cert' ? { auth: 'cert' as const } : {}) });
    return {
        server,
        dir,
        kubeconfig,
        run: (argv, o = {}) =>
            runCli([...argv, '--kubeconfig', o.kubeconfig ?? kubeconfig], {
                env: { HOME: dir, KUBECONFIG: join(dir, 'none') },
                ...(o.routeClusterDns ? { routeClusterDns: o.routeClusterDns } : {}),
            }),
    };
}

/** No stack trace: no "    at fn (file:line)" lines. */
export const STACK = /\n\s+at /;
