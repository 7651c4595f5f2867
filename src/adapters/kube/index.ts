/**
 * The live cluster: kubeconfig as kubectl reads it, then plain-JSON reads through client-node's authenticated
 * request path. Commands import this module lazily; it imports @kubernetes/client-node lazily too (only when a
 * connection is made), so `svcdig --help` and file-based commands never load it.
 */
import type { ClusterSnapshot } from '../../core/snapshot.js';
import { ApiClient } from './api-client.js';
import { watchChanges, type ChangeFeed } from './change-feed.js';
import type { Target } from './api-errors.js';
import { makeKubeConfig } from './client-config.js';
import { loadKubeconfig, selectConfig } from './kubeconfig.js';
import { redactUserInfo } from '../../core/redact.js';
import { readSnapshot, type SnapshotRequest } from './snapshot-reader.js';

import { readClusterBase, scanCluster, readNamespaceObjects, scanPods, type ClusterScope, type NamespaceObjects } from './namespace-reader.js';
import type { Pod } from '../../core/k8s.js';

export type { SnapshotRequest } from './snapshot-reader.js';
export type { ClusterScope, NamespaceObjects } from './namespace-reader.js';
export { loadKubeconfig, selectConfig, NO_KUBECONFIG_MESSAGE } from './kubeconfig.js';

export interface KubeOptions {
    kubeconfig?: string;
    context?: string;
    cluster?: string;
    user?: string;
    namespace?: string;
    requestTimeoutMs?: number;
    env?: NodeJS.ProcessEnv | Record<string, string | undefined>;
    homeDir?: string;
    verbose?: (line: string) => void;
    /** In-cluster service account directory (tests); default /var/run/secrets/kubernetes.io/serviceaccount. */
    serviceAccountDir?: string;
}

export interface LiveSource {
    /** The resolved target: context, cluster server, namespace (from -n, else the context's, else "default"). */
    readonly target: { context: string; cluster: string; server: string; user: string; namespace: string };
    loadSnapshot(req: SnapshotRequest | FlatSnapshotRequest): Promise<ClusterSnapshot>;
    /** The client-node KubeConfig (for PortForward/Exec). */
    kubeConfig(): Promise<unknown>;
    /** Watches on the namespace's Services, EndpointSlices and Pods (null: all namespaces), for --watch. */
    changes(namespace: string | null): ChangeFeed;
    /** `check -A` namespace by namespace (namespace-reader.ts): the cluster-wide objects, and whether to read whole instead. */
    readClusterBase(): Promise<{ base: ClusterSnapshot; readWhole: boolean }>;
    /** The pass over all pods and EndpointSlices that completes `base` into a ClusterScope; null when the whole read is needed. */
    scanCluster(base: ClusterSnapshot): Promise<{ scope: ClusterScope; rejected: string[] } | null>;
    /** One namespace's pods and EndpointSlices. */
    readNamespace(namespace: string): Promise<NamespaceObjects>;
    /** Every pod, page by page. */
    scanPods(onPage: (pods: Pod[]) => void, onRestart: () => void): Promise<void>;
}

/** The flat form src/commands/common/load-cluster.ts passes (needs spread at top level). */
export type FlatSnapshotRequest = Omit<SnapshotRequest, 'needs'> & SnapshotRequest['needs'];

/** Default --request-timeout: kubectl has none, but a CLI that hangs forever on a dead API server helps no one. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export async function connectLive(opts: KubeOptions): Promise<LiveSource> {
    const merged = loadKubeconfig({ kubeconfig: opts.kubeconfig, env: opts.env, homeDir: opts.homeDir, serviceAccountDir: opts.serviceAccountDir });
    const sel = selectConfig(merged, { context: opts.context, cluster: opts.cluster, user: opts.user, namespace: opts.namespace });
    const target: Target = {
        context: sel.contextName,
        cluster: sel.clusterName,
        // Shown in -v traces and every API error: without user-info (core/redact.ts). Requests use the kubeconfig's URL.
        server: redactUserInfo(sel.cluster.server),
        user: sel.userName,
        namespace: sel.namespace,
        ...(sel.cluster['certificate-authority'] ? { caFile: sel.cluster['certificate-authority'] } : {}),
        hasCaData: !!sel.cluster['certificate-authority-data'],
    };
    opts.verbose?.(
        `context "${target.context}", cluster "${target.cluster}" at ${target.server}, user "${target.user}", namespace "${target.namespace}"${merged.inCluster ? ' (in-cluster service account)' : ''}`,
    );
    const kc = await makeKubeConfig(sel);
    const api = new ApiClient(kc, target, {
        timeoutMs: opts.requestTimeoutMs || DEFAULT_REQUEST_TIMEOUT_MS,
        ...(opts.verbose ? { verbose: opts.verbose } : {}),
    });
    const publicTarget = { context: target.context, cluster: target.cluster, server: target.server, user: target.user, namespace: target.namespace };
    return {
        target: publicTarget,
        loadSnapshot: (req) => readSnapshot(api, normaliseRequest(req), `context ${target.context || target.cluster}`),
        kubeConfig: async () => kc,
        readClusterBase: () => readClusterBase(api, `context ${target.context || target.cluster}`),
        scanCluster: (base) => scanCluster(api, base),
        readNamespace: (namespace) => readNamespaceObjects(api, namespace),
        scanPods: (onPage, onRestart) => scanPods(api, onPage, onRestart),
        changes: (namespace) => watchChanges(api, namespace, (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref())),
    };
}

function normaliseRequest(req: SnapshotRequest | FlatSnapshotRequest): SnapshotRequest {
    if ('needs' in req && req.needs) return req;
    const f = req as FlatSnapshotRequest;
    return {
        namespace: f.namespace,
        ...(f.serviceNames ? { serviceNames: f.serviceNames } : {}),
        ...(f.labelSelector ? { labelSelector: f.labelSelector } : {}),
        needs: {
            pods: !!f.pods,
            statefulSets: !!f.statefulSets,
            endpointSlices: !!f.endpointSlices,
            corednsConfig: !!f.corednsConfig,
            namespaces: !!f.namespaces,
            ...(f.apiServerService === false ? { apiServerService: false } : {}),
        },
    };
}

/** Context names in the merged kubeconfig (shell completion); empty when there is no kubeconfig. */
export async function listContexts(opts: Pick<KubeOptions, 'kubeconfig' | 'env' | 'homeDir'>): Promise<string[]> {
    try {
        return [
            ...loadKubeconfig({ kubeconfig: opts.kubeconfig, env: opts.env, homeDir: opts.homeDir, serviceAccountDir: '/nonexistent' }).contexts.keys(),
        ].sort();
    } catch {
        return [];
    }
}
