/**
 * A small live cluster for the reliability and CLI tests: namespace dev with a ClusterIP Service `api` over one pod, a
 * headless Service `web` governing a StatefulSet's two pods (each with an env var from a secretKeyRef), default's
 * `kubernetes` Service and kube-system's kube-dns Service, CoreDNS pod and coredns ConfigMap (the kubeadm Corefile),
 * built with test/kit/cluster-builder.ts and served by the fake API server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../../src/core/k8s.js';
import type { Deps } from '../../src/deps.js';
import { runCli, type CliRun } from '../helpers/run-cli.js';
import { corednsConfigMap, endpoint, headless, namespace, pod, service, slice, slicesFor, statefulSet } from './cluster-builder.js';
import { startFakeApiServer, type FakeApiServer, type FakeApiServerOptions } from './fake-apiserver/index.js';

export const SECRET_NAME = 'db-credentials';
export const SECRET_KEY = 'password';

function webPod(i: number) {
    return pod(`web-${i}`, {
        ns: 'dev',
        ip: `10.244.1.${10 + i}`,
        labels: { app: 'web', 'statefulset.kubernetes.io/pod-name': `web-${i}` },
        hostname: `web-${i}`,
        subdomain: 'web',
        owner: { kind: 'StatefulSet', name: 'web' },
        containers: [
            {
                name: 'app',
                image: 'nginx',
                ports: [{ name: 'http', containerPort: 80 }],
                env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: SECRET_NAME, key: SECRET_KEY } } }],
            },
        ],
    });
}

/** kube-system: the kube-dns Service (dns 53/UDP, dns-tcp 53/TCP), one CoreDNS pod and its slice, the coredns ConfigMap. */
function kubeSystem(): KubeObject[] {
    const kubeDns = service('kube-dns', {
        ns: 'kube-system',
        clusterIP: '10.96.0.10',
        labels: { 'k8s-app': 'kube-dns' },
        selector: { 'k8s-app': 'kube-dns' },
        ports: [
            { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
            { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        ],
    });
    const coredns = pod('coredns-5d78c9869d-abcde', { ns: 'kube-system', ip: '10.244.0.2', labels: { 'k8s-app': 'kube-dns' } });
    return [kubeDns, corednsConfigMap(), coredns, ...slicesFor(kubeDns, [coredns])];
}

export function clusterObjects(): KubeObject[] {
    const kubernetes = service('kubernetes', {
        ns: 'default',
        clusterIP: '10.96.0.1',
        selector: null,
        ports: [{ name: 'https', port: 443, targetPort: 6443 }],
    });
    const api = service('api', { ns: 'dev', clusterIP: '10.96.5.5', ports: [{ name: 'http', port: 80, targetPort: 8080 }] });
    const apiPod = pod('api-7f9c', { ns: 'dev', ip: '10.244.2.20', labels: { app: 'api' } });
    const web = headless('web', { ns: 'dev', ports: [{ name: 'http', port: 80, targetPort: 80 }] });
    const webPods = [webPod(0), webPod(1)];
    return [
        namespace('default'),
        namespace('dev'),
        namespace('kube-system'),
        kubernetes,
        slice('kubernetes', [endpoint('172.18.0.2')], { ns: 'default', name: 'kubernetes', ports: [{ name: 'https', port: 6443 }] }),
        ...kubeSystem(),
        api,
        apiPod,
        ...slicesFor(api, [apiPod]),
        web,
        statefulSet('web', 'web', { app: 'web' }, 'dev'),
        ...slicesFor(web, webPods, { names: { IPv4: 'web-abcde' } }),
        ...webPods,
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
