/**
 * The API resources the fake kube-apiserver serves: the kinds svcdig and kubectl read (the requests
 * test/adapters/kube/kubectl-honesty.test.ts and requests.test.ts record).
 * Each entry is what discovery advertises (legacy /api/v1, /apis/GROUP/VERSION, and aggregated discovery).
 */
export interface ResourceInfo {
    /** Plural resource name as in URLs: "services". */
    plural: string;
    singular: string;
    kind: string;
    /** "" for the core group. */
    group: string;
    version: string;
    namespaced: boolean;
    shortNames?: string[];
    categories?: string[];
}

export const RESOURCES: ResourceInfo[] = [
    { plural: 'namespaces', singular: 'namespace', kind: 'Namespace', group: '', version: 'v1', namespaced: false, shortNames: ['ns'] },
    { plural: 'services', singular: 'service', kind: 'Service', group: '', version: 'v1', namespaced: true, shortNames: ['svc'], categories: ['all'] },
    { plural: 'endpoints', singular: 'endpoints', kind: 'Endpoints', group: '', version: 'v1', namespaced: true, shortNames: ['ep'] },
    { plural: 'pods', singular: 'pod', kind: 'Pod', group: '', version: 'v1', namespaced: true, shortNames: ['po'], categories: ['all'] },
    { plural: 'configmaps', singular: 'configmap', kind: 'ConfigMap', group: '', version: 'v1', namespaced: true, shortNames: ['cm'] },
    { plural: 'endpointslices', singular: 'endpointslice', kind: 'EndpointSlice', group: 'discovery.k8s.io', version: 'v1', namespaced: true },
    {
        plural: 'statefulsets',
        singular: 'statefulset',
        kind: 'StatefulSet',
        group: 'apps',
        version: 'v1',
        namespaced: true,
        shortNames: ['sts'],
        categories: ['all'],
    },
    {
        plural: 'deployments',
        singular: 'deployment',
        kind: 'Deployment',
        group: 'apps',
        version: 'v1',
        namespaced: true,
        shortNames: ['deploy'],
        categories: ['all'],
    },
    {
        plural: 'replicasets',
        singular: 'replicaset',
        kind: 'ReplicaSet',
        group: 'apps',
        version: 'v1',
        namespaced: true,
        shortNames: ['rs'],
        categories: ['all'],
    },
];

export const VERBS = ['get', 'list', 'watch'];

export function groupVersion(r: { group: string; version: string }): string {
    return r.group ? `${r.group}/${r.version}` : r.version;
}

/** The resource an object of this apiVersion/kind is stored under. */
export function resourceForObject(apiVersion: string | undefined, kind: string | undefined, served: ResourceInfo[]): ResourceInfo | undefined {
    return served.find((r) => r.kind === kind && (apiVersion === undefined || groupVersion(r) === apiVersion));
}
