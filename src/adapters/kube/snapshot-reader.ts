/**
 * Reads a ClusterSnapshot from the API: only the kinds a command needs, all in parallel, each kind as ONE
 * paginated list (limit=500 + continue, as kubectl pages) scoped to the namespace (or cluster-wide for -A) and the
 * label selector; never one request per Service or pod. Reads that are forbidden degrade to MissingFacts (with
 * the RBAC rule that would allow them), except Services, which every command needs.
 * List items come without kind/apiVersion (the API's JSON); they are put back so live objects have exactly the
 * shape of file objects (`kubectl get -o json` does the same).
 */
import type { ConfigMap, EndpointSlice, Endpoints, KubeObject, Namespace, Pod, Service, StatefulSet } from '../../core/k8s.js';
import { emptySnapshot, SERVICE_NAME_LABEL, type ClusterSnapshot, type MissingFact } from '../../core/snapshot.js';
import { admitObjects } from '../../core/object-shape.js';
import { closeNames } from '../../core/suggest.js';
import { SvcdigError } from '../../errors.js';
import type { ApiClient } from './api-client.js';
import { httpError, malformedBody, rbacNeeds, type ReadWhat } from './api-errors.js';
import { SharedValues, trimObject } from '../../core/trim-object.js';

export interface SnapshotRequest {
    /** null = all namespaces (-A). */
    namespace: string | null;
    serviceNames?: string[];
    labelSelector?: string;
    needs: {
        pods: boolean;
        statefulSets: boolean;
        endpointSlices: boolean;
        corednsConfig: boolean;
        namespaces: boolean;
        /** default/kubernetes, whose variables every pod gets (env, findings); unset = read it. */
        apiServerService?: boolean;
    };
}

export const PAGE_SIZE = 500;
/**
 * CoreDNS pods: k8s-app=kube-dns on kubeadm and most distributions, k8s-app=coredns on some
 * (test/fixtures/scenarios/seed-001-nginx-statefulset).
 */
export const DNS_POD_SELECTOR = 'k8s-app in (kube-dns,coredns)';
/** Bound on pages per list (500 × 2000 = 1M objects) so a misbehaving server cannot loop us forever. */
const MAX_PAGES = 2000;

export interface Kind {
    resource: string;
    /** API path prefix: "/api/v1" or "/apis/apps/v1". */
    base: string;
    apiVersion: string;
    kind: string;
}

export const K = {
    services: { resource: 'services', base: '/api/v1', apiVersion: 'v1', kind: 'Service' },
    endpoints: { resource: 'endpoints', base: '/api/v1', apiVersion: 'v1', kind: 'Endpoints' },
    pods: { resource: 'pods', base: '/api/v1', apiVersion: 'v1', kind: 'Pod' },
    configmaps: { resource: 'configmaps', base: '/api/v1', apiVersion: 'v1', kind: 'ConfigMap' },
    namespaces: { resource: 'namespaces', base: '/api/v1', apiVersion: 'v1', kind: 'Namespace' },
    endpointslices: { resource: 'endpointslices', base: '/apis/discovery.k8s.io/v1', apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' },
    statefulsets: { resource: 'statefulsets', base: '/apis/apps/v1', apiVersion: 'apps/v1', kind: 'StatefulSet' },
} satisfies Record<string, Kind>;

/** Result of a read that may degrade: the objects, or the reason it could not be read. */
type Failed = { ok: false; status: number; body: unknown; head: string; what: ReadWhat };
export type Read<T> = { ok: true; items: T[] } | Failed;

export function path(k: Kind, namespace: string | null, name?: string): string {
    if (k.resource === 'namespaces') return `${k.base}/namespaces${name ? `/${encodeURIComponent(name)}` : ''}`;
    const ns = namespace === null ? '' : `/namespaces/${encodeURIComponent(namespace)}`;
    return `${k.base}${ns}/${k.resource}${name ? `/${encodeURIComponent(name)}` : ''}`;
}

/**
 * A list item as the core wants it: kind and apiVersion set (lists leave them out of items), and without
 * metadata.managedFields, which nothing in svcdig reads and which is often the largest part of a live object
 * (kubectl hides it too). In place: a copy per item would double the memory a large list needs.
 */
function withKind(k: Kind, o: unknown): unknown {
    if (o === null || typeof o !== 'object' || Array.isArray(o)) return o;
    const r = o as KubeObject;
    r.apiVersion ??= k.apiVersion;
    r.kind ??= k.kind;
    if (r.metadata && typeof r.metadata === 'object') delete (r.metadata as { managedFields?: unknown }).managedFields;
    return r;
}

/**
 * The objects of one read that have the shape svcdig reads (core/object-shape.ts, the same check as for files),
 * cut down to the fields svcdig reads, equal values shared across the list (trim-object.ts); the others are left out
 * with a note in `rejected`.
 */
function admit<T extends KubeObject>(k: Kind, values: unknown[], what: ReadWhat, rejected: string[], trim = true): T[] {
    const from = `${what.verb} ${what.name ? `${k.resource}/${what.name}` : k.resource} ${what.namespace === null ? 'in all namespaces' : `in namespace ${what.namespace}`}`;
    // `at` only names what is not even an object (admitObjects' notes): a string per item was garbage for all the others
    const candidates = values.map((v, i) => {
        const value = withKind(k, v);
        return value !== null && typeof value === 'object' ? { value, from } : { value, from, at: `items[${i}]` };
    });
    const { objects, notes } = admitObjects(candidates);
    for (const n of notes) rejected.push(n);
    if (!trim) return objects as T[];
    // An EndpointSlice is mostly its endpoints, each its own (addresses, pod): sharing saved nothing and cost time.
    const shared = k === K.endpointslices ? undefined : new SharedValues();
    return objects.map((o) => trimObject(o, shared)) as T[];
}

/**
 * One list, page by page: `onPage` gets each page's raw items as it arrives (so a caller that keeps a digest never
 * holds the whole list). A 410 (continue token expired) restarts the list once, and `onRestart` is told.
 */
async function forEachPage(
    api: ApiClient,
    k: Kind,
    namespace: string | null,
    labelSelector: string | undefined,
    onPage: (items: unknown[]) => void,
    onRestart: () => void,
): Promise<{ ok: true } | Failed> {
    const what: ReadWhat = { verb: 'list', resource: k.resource, namespace: k.resource === 'namespaces' ? null : namespace };
    for (let restart = 0; restart < 2; restart++) {
        if (restart) onRestart();
        let cont: string | undefined;
        let expired = false;
        const ask = (token: string | undefined) => api.get(path(k, namespace), { labelSelector, limit: String(PAGE_SIZE), continue: token });
        let asked = ask(undefined);
        for (let page = 0; page < MAX_PAGES; page++) {
            const res = await asked;
            if (res.status === 410 && cont) {
                expired = true;
                break;
            }
            if (res.status !== 200) return { ok: false, status: res.status, body: res.body, head: res.head, what };
            const list = res.body as { items?: unknown; metadata?: { continue?: unknown } | null } | null;
            // A 200 that is not a list (an object for items, a bare array, a string) is a broken server, not "no objects".
            if (list === null || typeof list !== 'object' || Array.isArray(list) || (list.items != null && !Array.isArray(list.items))) {
                throw malformedBody(res, what, api.target, 'not a list');
            }
            const next = list.metadata?.continue;
            cont = typeof next === 'string' && next ? next : undefined;
            if (cont) {
                // The next page is asked for before this one is handled, so the server prepares it meanwhile; awaited
                // on the next turn (a failure while this page is handled must not go unhandled meanwhile).
                asked = ask(cont);
                asked.catch(() => {});
            }
            onPage((list.items as unknown[] | undefined) ?? []);
            if (!cont) return { ok: true };
        }
        if (!expired) throw new SvcdigError('unreachable', `the API server at ${api.target.server} kept paging ${k.resource} past ${MAX_PAGES} pages`);
    }
    throw new SvcdigError('unreachable', `the API server at ${api.target.server} expired the ${k.resource} list twice while paging (410)`);
}

/** One list, all pages, admitted as one read (repeats across pages are merged as in a file). */
export async function listAll<T extends KubeObject>(
    api: ApiClient,
    k: Kind,
    namespace: string | null,
    rejected: string[],
    labelSelector?: string,
): Promise<Read<T>> {
    const what: ReadWhat = { verb: 'list', resource: k.resource, namespace: k.resource === 'namespaces' ? null : namespace };
    let items: unknown[] = [];
    const keep = (page: unknown[]) => {
        for (const o of page) items.push(o);
    };
    const r = await forEachPage(api, k, namespace, labelSelector, keep, () => (items = []));
    return r.ok ? { ok: true, items: admit<T>(k, items, what, rejected) } : r;
}

/**
 * Every object of a kind in all namespaces, one page at a time, each page admitted (not trimmed: a scan keeps a digest
 * or a few objects) before `onPage` sees it: memory holds one page, whatever the cluster's size. A 410 restart calls `onRestart` so the caller can drop what
 * it kept. Returns null when the whole list was read, else the HTTP status that stopped it (403, 404).
 */
export async function scanAll<T extends KubeObject>(
    api: ApiClient,
    k: Kind,
    rejected: string[],
    onPage: (objects: T[]) => void,
    onRestart: () => void,
): Promise<number | null> {
    const what: ReadWhat = { verb: 'list', resource: k.resource, namespace: null };
    const r = await forEachPage(api, k, null, undefined, (page) => onPage(admit<T>(k, page, what, rejected, false)), onRestart);
    if (r.ok) return null;
    if (r.status === 403 || r.status === 404) return r.status;
    throw httpError(r.status, r.body, r.what, api.target, r.head);
}

async function getOne<T extends KubeObject>(api: ApiClient, k: Kind, namespace: string | null, name: string, rejected: string[]): Promise<Read<T>> {
    const what: ReadWhat = { verb: 'get', resource: k.resource, namespace, name };
    const res = await api.get(path(k, namespace, name));
    if (res.status === 200) {
        if (res.body === null || typeof res.body !== 'object' || Array.isArray(res.body)) throw malformedBody(res, what, api.target, 'not an object');
        return { ok: true, items: admit<T>(k, [res.body], what, rejected) };
    }
    return { ok: false, status: res.status, body: res.body, head: res.head, what };
}

/** Forbidden/not-found reads become MissingFacts; anything else is fatal. */
export function degrade<T>(r: Read<T>, missing: MissingFact[], api: ApiClient, opts: { notFoundOk?: boolean } = {}): T[] {
    if (r.ok) return r.items;
    if (r.status === 403) {
        missing.push({
            resource: r.what.resource,
            ...(r.what.namespace !== null ? { namespace: r.what.namespace } : {}),
            reason: 'forbidden',
            needs: rbacNeeds(r.what),
        });
        return [];
    }
    if (r.status === 404 && opts.notFoundOk) {
        const obj = r.what.name ? `${r.what.namespace}/${r.what.name}` : r.what.resource;
        missing.push({ resource: r.what.resource, ...(r.what.namespace !== null ? { namespace: r.what.namespace } : {}), reason: `${obj} not found` });
        return [];
    }
    throw httpError(r.status, r.body, r.what, api.target, r.head);
}

function fatal<T>(r: Read<T>, api: ApiClient): T[] {
    if (r.ok) return r.items;
    throw httpError(r.status, r.body, r.what, api.target, r.head);
}

const keyOf = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
function union<T extends KubeObject>(a: T[], b: T[]): T[] {
    const seen = new Set(a.map(keyOf));
    return [...a, ...b.filter((o) => !seen.has(keyOf(o)))];
}

/** The reads of one snapshot, started together: each is undefined when the request does not need it. */
interface Reads {
    services: Promise<Read<Service>>;
    slices?: Promise<Read<EndpointSlice>>;
    pods?: Promise<Read<Pod>>;
    sts?: Promise<Read<StatefulSet>>;
    coredns?: Promise<Read<ConfigMap>>;
    sysServices?: Promise<Read<Service>>;
    dnsPods?: Promise<Read<Pod>>;
    namespaces?: Promise<Read<Namespace>>;
    masterService?: Promise<Read<Service>>;
}
type Settled = { [K in keyof Reads]: Awaited<Reads[K]> };

/** What the request reads, and how: `oneService` when it names one Service in one namespace (a GET, not a list). */
function plan(req: SnapshotRequest): { ns: string | null; names: string[]; oneService?: string } {
    const ns = req.namespace;
    const names = req.serviceNames?.filter((n) => n !== '') ?? [];
    const oneService = ns !== null && names.length === 1 && !req.labelSelector ? names[0]! : undefined;
    return { ns, names, ...(oneService ? { oneService } : {}) };
}

function startReads(api: ApiClient, req: SnapshotRequest, rejected: string[]): Reads {
    const { ns, names, oneService } = plan(req);
    const covers = (n: string) => ns === null || ns === n;
    const need = req.needs;
    // The cluster DNS Service, CoreDNS ConfigMap and pods live in kube-system: read them unless the main lists cover them.
    const dnsServiceExtra = need.corednsConfig && !(covers('kube-system') && !req.labelSelector && names.length === 0);
    const dnsPodsExtra = need.corednsConfig && !(need.pods && covers('kube-system'));
    const when = <T>(yes: boolean, read: () => Promise<Read<T>>) => (yes ? read() : undefined);
    return {
        services: oneService ? getOne<Service>(api, K.services, ns, oneService, rejected) : listAll<Service>(api, K.services, ns, rejected, req.labelSelector),
        slices: when(need.endpointSlices, () =>
            listAll<EndpointSlice>(api, K.endpointslices, ns, rejected, oneService ? `${SERVICE_NAME_LABEL}=${oneService}` : undefined),
        ),
        pods: when(need.pods, () => listAll<Pod>(api, K.pods, ns, rejected)),
        sts: when(need.statefulSets, () => listAll<StatefulSet>(api, K.statefulsets, ns, rejected)),
        coredns: when(need.corednsConfig, () => getOne<ConfigMap>(api, K.configmaps, 'kube-system', 'coredns', rejected)),
        // All of kube-system's Services (a handful): the DNS Service is kube-dns on kubeadm, but some distributions
        // name it coredns (test/fixtures/scenarios/seed-001-nginx-statefulset), so a GET by name would miss it.
        sysServices: when(dnsServiceExtra, () => listAll<Service>(api, K.services, 'kube-system', rejected)),
        // kubelet injects default/kubernetes's env vars into every pod, whatever its namespace (env command).
        masterService: when(need.apiServerService !== false && ns !== null && ns !== 'default' && !oneService, () =>
            getOne<Service>(api, K.services, 'default', 'kubernetes', rejected),
        ),
        dnsPods: when(dnsPodsExtra, () => listAll<Pod>(api, K.pods, 'kube-system', rejected, DNS_POD_SELECTOR)),
        namespaces: when(need.namespaces, () => listAll<Namespace>(api, K.namespaces, null, rejected)),
    };
}

/** Every read settled; the first that threw is rethrown once all have settled (no request left running unseen). */
async function settleReads(reads: Reads): Promise<Settled> {
    const keys = Object.keys(reads) as (keyof Reads)[];
    const settled = await Promise.allSettled(keys.map((k) => reads[k]));
    const firstFailure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (firstFailure) throw firstFailure.reason;
    return Object.fromEntries(keys.map((k, i) => [k, (settled[i] as PromiseFulfilledResult<unknown>).value])) as Settled;
}

export async function readSnapshot(api: ApiClient, req: SnapshotRequest, origin: string): Promise<ClusterSnapshot> {
    const snap = emptySnapshot(origin);
    const rejected: string[] = [];
    const { ns, names, oneService } = plan(req);
    const got = await settleReads(startReads(api, req, rejected));
    if (!got.services.ok && got.services.status === 404 && oneService) throw await serviceNotFound(api, ns!, oneService);
    snap.services = fatal(got.services, api);
    if (names.length > 1) snap.services = snap.services.filter((s) => names.includes(s.metadata.name));
    if (got.namespaces) {
        snap.namespaces = degrade(got.namespaces, snap.missing, api);
        snap.namespacesKnown = got.namespaces.ok;
    }
    if (got.slices) await addEndpoints(api, snap, got.slices, ns, oneService, rejected);
    if (got.pods) snap.pods = degrade(got.pods, snap.missing, api);
    if (got.sts) snap.statefulSets = degrade(got.sts, snap.missing, api);
    if (got.coredns) snap.corednsConfigMap = degrade(got.coredns, snap.missing, api, { notFoundOk: true })[0];
    if (got.sysServices) snap.services = union(snap.services, degrade(got.sysServices, snap.missing, api));
    if (got.masterService) {
        const quiet: MissingFact[] = [];
        snap.services = union(snap.services, degrade(got.masterService, quiet, api, { notFoundOk: true }));
        snap.missing.push(...quiet.filter((m) => m.reason === 'forbidden'));
    }
    if (got.dnsPods) snap.pods = union(snap.pods, degrade(got.dnsPods, snap.missing, api));
    if (rejected.length) snap.rejected = [...new Set(rejected)];
    return snap;
}

/** The EndpointSlices read, or, where the cluster serves no discovery.k8s.io/v1 (Kubernetes < 1.21), legacy Endpoints. */
async function addEndpoints(
    api: ApiClient,
    snap: ClusterSnapshot,
    slices: Read<EndpointSlice>,
    ns: string | null,
    oneService: string | undefined,
    rejected: string[],
): Promise<void> {
    if (slices.ok || slices.status !== 404) {
        snap.endpointSlices = degrade(slices, snap.missing, api);
        return;
    }
    const eps = await listAll<Endpoints>(api, K.endpoints, ns, rejected);
    snap.endpoints = degrade(eps, snap.missing, api);
    if (oneService) snap.endpoints = snap.endpoints.filter((e) => e.metadata.name === oneService);
}

/** 404 for one named Service: the namespace is missing, or the Service is, with close names from that namespace. */
async function serviceNotFound(api: ApiClient, namespace: string, name: string): Promise<SvcdigError> {
    const ignored: string[] = [];
    const [nsRead, list] = await Promise.all([
        getOne<Namespace>(api, K.namespaces, null, namespace, ignored),
        listAll<Service>(api, K.services, namespace, ignored),
    ]);
    if (!nsRead.ok && nsRead.status === 404) return new SvcdigError('notFound', `namespace "${namespace}" not found`);
    const here = list.ok ? list.items.map((s) => s.metadata.name) : [];
    const close = closeNames(name, here);
    return new SvcdigError(
        'notFound',
        `service "${name}" not found in namespace "${namespace}"`,
        close.length ? { hint: `did you mean ${close.join(', ')}?` } : undefined,
    );
}
