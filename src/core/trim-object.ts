/**
 * Objects cut down to the fields svcdig reads, the interfaces of core/k8s.ts (live ones as they arrive, files' as the
 * snapshot is built): a real pod's spec holds volumes, resources, tolerations, probes and security contexts, its status every container's image
 * digest, and metadata.managedFields is often the largest part of any object (kubectl hides it too). On a cluster of
 * 50,000 pods that is most of the memory `check -A` would otherwise hold. The `Keep<T>` type ties every kept path to
 * a field of the k8s.ts interface, so a field the core starts to read must be added there and here.
 */
import type { ConfigMap, Container, Deployment, EndpointSlice, Endpoints, KubeObject, Namespace, ObjectMeta, Pod, Service, StatefulSet } from './k8s.js';

type Element<T> = T extends readonly (infer E)[] ? E : T;
/** For each field: true keeps the value whole, an object keeps only those fields (of each element, for a list). */
type Keep<T> = { [K in keyof T]?: true | Keep<Element<NonNullable<T[K]>>> };

/** metadata without managedFields and selfLink (annotations stay whole: env's fieldRef can name any of them). */
const METADATA: Keep<ObjectMeta> = {
    name: true,
    namespace: true,
    uid: true,
    labels: true,
    annotations: true,
    creationTimestamp: true,
    deletionTimestamp: true,
    resourceVersion: true,
    generateName: true,
    ownerReferences: true,
};

const CONTAINER: Keep<Container> = { name: true, image: true, ports: true, env: true, envFrom: true, restartPolicy: true };
const POD_SPEC: Keep<Pod['spec']> = {
    containers: CONTAINER,
    initContainers: CONTAINER,
    hostname: true,
    subdomain: true,
    nodeName: true,
    hostNetwork: true,
    dnsPolicy: true,
    dnsConfig: true,
    enableServiceLinks: true,
    setHostnameAsFQDN: true,
};

const base = { apiVersion: true, kind: true, metadata: METADATA } as const;

const KINDS: Record<string, Keep<KubeObject & Record<string, unknown>>> = {
    Service: { ...base, spec: true, status: true } satisfies Keep<Service>,
    EndpointSlice: { ...base, addressType: true, endpoints: true, ports: true } satisfies Keep<EndpointSlice>,
    Endpoints: { ...base, subsets: true } satisfies Keep<Endpoints>,
    Pod: {
        ...base,
        spec: POD_SPEC,
        status: {
            phase: true,
            podIP: true,
            podIPs: true,
            hostIP: true,
            startTime: true,
            conditions: true,
            containerStatuses: { name: true, ready: true, restartCount: true, state: true },
        },
    } satisfies Keep<Pod>,
    StatefulSet: {
        ...base,
        spec: { serviceName: true, replicas: true, selector: true, template: { metadata: { labels: true }, spec: POD_SPEC }, podManagementPolicy: true },
        status: { replicas: true, readyReplicas: true },
    } satisfies Keep<StatefulSet>,
    Deployment: {
        ...base,
        spec: { replicas: true, selector: true, template: { metadata: { labels: true }, spec: POD_SPEC } },
    } satisfies Keep<Deployment>,
    Namespace: { ...base, status: { phase: true } } satisfies Keep<Namespace>,
    ConfigMap: { ...base, data: true } satisfies Keep<ConfigMap>,
};

function pick(value: unknown, keep: Record<string, unknown>): unknown {
    if (Array.isArray(value)) return value.map((v) => pick(v, keep));
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    // for…in, not Object.entries: this runs for every object of every list read, and the entries were all garbage
    for (const k in keep) {
        const v = (value as Record<string, unknown>)[k];
        if (v === undefined) continue;
        const how = keep[k];
        out[k] = how === true ? v : pick(v, how as Record<string, unknown>);
    }
    return out;
}

/** The object with only the fields svcdig reads (its `kind` must be set); objects of other kinds are returned as they are. */
export function trimObject(o: unknown): unknown {
    if (o === null || typeof o !== 'object' || Array.isArray(o)) return o;
    const keep = KINDS[(o as { kind?: unknown }).kind as string];
    if (!keep) return o;
    return pick(o, keep);
}
