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

/**
 * Equal values kept once: the objects of one list repeat most of what they hold (every Service of a Helm chart has the
 * same ports, labels and status; every pod of a ReplicaSet the same containers, labels and owner), and a value parsed
 * from JSON is a new object or string each time. A value seen again is replaced by the first one, frozen (with all it
 * holds), so that no reader can change what other objects share (a snapshot is never changed after it is read: snapshot-lookups.ts).
 * Held for one list: its table names each distinct value once.
 */
const LONG_LIST = 16;

export class SharedValues {
    private readonly strings = new Map<string, string>();
    private readonly objects = new Map<string, object>();

    /**
     * `v`, or an equal value seen before. An object seen for the first time has its fields shared in turn (in place:
     * `v` was just parsed and nothing else holds it), one level down: a Service's spec is its own, but its ports,
     * selector and policies are usually another Service's too.
     */
    of<T>(v: T, depth = 1): T {
        if (typeof v === 'string') {
            const hit = this.strings.get(v);
            if (hit !== undefined) return hit as T;
            this.strings.set(v, v);
            return v;
        }
        // a long list (a slice's endpoints) is its object's own: its text would cost more than sharing saves
        if (v === null || typeof v !== 'object' || (Array.isArray(v) && v.length > LONG_LIST)) return v;
        // JSON text is the value's identity: what was read from JSON has no undefined, function or cycle
        const key = JSON.stringify(v);
        const hit = this.objects.get(key);
        if (hit !== undefined) return hit as T;
        if (depth > 0 && !Array.isArray(v)) {
            const fields = v as Record<string, unknown>;
            for (const k in fields) fields[k] = this.of(fields[k], depth - 1);
        }
        this.objects.set(key, deepFreeze(v));
        return v;
    }
}

function deepFreeze<T extends object>(v: T): T {
    for (const k in v) {
        const x = v[k];
        if (x !== null && typeof x === 'object' && !Object.isFrozen(x)) deepFreeze(x);
    }
    return Object.freeze(v);
}

function pick(value: unknown, keep: Record<string, unknown>, shared: SharedValues | undefined): unknown {
    if (Array.isArray(value)) return value.map((v) => pick(v, keep, shared));
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    // for…in, not Object.entries: this runs for every object of every list read, and the entries were all garbage
    for (const k in keep) {
        const v = (value as Record<string, unknown>)[k];
        if (v === undefined) continue;
        const how = keep[k];
        out[k] = how === true ? (shared ? shared.of(v) : v) : pick(v, how as Record<string, unknown>, shared);
    }
    return out;
}

/**
 * The object with only the fields svcdig reads (its `kind` must be set); objects of other kinds are returned as they
 * are. With `shared`, the fields kept whole are shared with equal ones of the objects trimmed before (SharedValues).
 */
export function trimObject(o: unknown, shared?: SharedValues): unknown {
    if (o === null || typeof o !== 'object' || Array.isArray(o)) return o;
    const keep = KINDS[(o as { kind?: unknown }).kind as string];
    if (!keep) return o;
    return pick(o, keep, shared);
}
