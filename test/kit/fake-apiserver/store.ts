/**
 * The fake API server's object store: plain JSON objects per resource, a cluster-wide resourceVersion that grows
 * with every write, list filtering (label and field selectors), limit/continue pagination and a watch event log.
 */
import { matchesSelector, parseLabelSelector } from '../../../src/core/label-selector.js';
import type { KubeObject } from '../../../src/core/k8s.js';
import { groupVersion, resourceForObject, RESOURCES, type ResourceInfo } from './resources.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';
export interface WatchEvent {
    type: WatchEventType;
    resource: ResourceInfo;
    object: KubeObject;
    rv: number;
}

export class BadRequest extends Error {}
/** A continue token from another list or a compacted resourceVersion: the API answers 410 Expired. */
export class ExpiredContinue extends Error {}

export interface ListQuery {
    namespace: string | null;
    labelSelector?: string;
    fieldSelector?: string;
    limit?: number;
    continueToken?: string;
}

export interface ListResult {
    items: KubeObject[];
    resourceVersion: string;
    continueToken?: string;
    remainingItemCount?: number;
}

const clone = <T>(v: T): T => structuredClone(v);
const objKey = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

export class ObjectStore {
    private readonly byResource = new Map<string, Map<string, KubeObject>>();
    private rv = 1000;
    readonly events: WatchEvent[] = [];
    private readonly listeners = new Set<(e: WatchEvent) => void>();
    /** Selected lists in key order, by resource and selectors, until the next write: a paged list of 50,000 pods
     * asks for the same selection 100 times, and sorting it each time made the fake, not svcdig, the slow part. */
    private readonly selections = new Map<string, { keys: string[]; objects: KubeObject[] }>();
    /** Each resource's entries in key order, all (key null) and by namespace, until the next write. */
    private readonly sorted = new Map<string, Map<string | null, [string, KubeObject][]>>();

    constructor(readonly served: ResourceInfo[] = RESOURCES) {
        for (const r of served) this.byResource.set(r.plural, new Map());
    }

    get resourceVersion(): string {
        return String(this.rv);
    }

    /** Loads objects as they are (their resourceVersions kept); objects of kinds not served are ignored. */
    load(objects: KubeObject[]): void {
        for (const o of objects) {
            const r = resourceForObject(o.apiVersion, o.kind, this.served);
            if (!r) continue;
            const obj = this.normalise(clone(o), r);
            this.byResource.get(r.plural)!.set(objKey(obj), obj);
        }
        this.selections.clear();
        this.sorted.clear();
    }

    /** Creates or replaces an object and emits ADDED/MODIFIED to watchers. */
    apply(o: KubeObject): KubeObject {
        const r = resourceForObject(o.apiVersion, o.kind, this.served);
        if (!r) throw new Error(`fake apiserver: kind ${o.apiVersion}/${o.kind} is not served`);
        const obj = this.normalise(clone(o), r);
        const map = this.byResource.get(r.plural)!;
        const existed = map.has(objKey(obj));
        obj.metadata.resourceVersion = String(++this.rv);
        map.set(objKey(obj), obj);
        this.selections.clear();
        this.sorted.clear();
        this.emit({ type: existed ? 'MODIFIED' : 'ADDED', resource: r, object: clone(obj), rv: this.rv });
        return obj;
    }

    delete(o: KubeObject): boolean {
        const r = resourceForObject(o.apiVersion, o.kind, this.served);
        if (!r) return false;
        const map = this.byResource.get(r.plural)!;
        const k = `${r.namespaced ? (o.metadata.namespace ?? 'default') : ''}/${o.metadata.name}`;
        const old = map.get(k);
        if (!old) return false;
        map.delete(k);
        this.selections.clear();
        this.sorted.clear();
        const gone = clone(old);
        gone.metadata.resourceVersion = String(++this.rv);
        this.emit({ type: 'DELETED', resource: r, object: gone, rv: this.rv });
        return true;
    }

    onEvent(fn: (e: WatchEvent) => void): () => void {
        this.listeners.add(fn);
        return () => this.listeners.delete(fn);
    }

    get(r: ResourceInfo, namespace: string | null, name: string): KubeObject | undefined {
        const o = this.byResource.get(r.plural)?.get(`${r.namespaced ? (namespace ?? '') : ''}/${name}`);
        return o ? clone(o) : undefined;
    }

    /** All objects of the resource in etcd key order (namespace, then name), filtered by the query's selectors. */
    select(r: ResourceInfo, q: Pick<ListQuery, 'namespace' | 'labelSelector' | 'fieldSelector'>): KubeObject[] {
        return this.selection(r, q).objects;
    }

    private selection(r: ResourceInfo, q: Pick<ListQuery, 'namespace' | 'labelSelector' | 'fieldSelector'>): { keys: string[]; objects: KubeObject[] } {
        const cacheKey = JSON.stringify([r.plural, q.namespace, q.labelSelector ?? '', q.fieldSelector ?? '']);
        const cached = this.selections.get(cacheKey);
        if (cached) return cached;
        let labelReqs;
        try {
            labelReqs = parseLabelSelector(q.labelSelector ?? '');
        } catch (e) {
            throw new BadRequest(`unable to parse requirement: ${(e as Error).message}`);
        }
        const fieldReqs = parseFieldSelector(q.fieldSelector ?? '');
        const all = this.inNamespace(r, q.namespace);
        const picked = all.filter(
            ([, o]) =>
                (q.namespace === null || !r.namespaced || o.metadata.namespace === q.namespace) &&
                matchesSelector(labelReqs, o.metadata.labels) &&
                fieldReqs.every((f) => (f.op === 'eq') === (fieldValue(o, f.field) === f.value)),
        );
        const out = { keys: picked.map(([k]) => k), objects: picked.map(([, o]) => o) };
        this.selections.set(cacheKey, out);
        return out;
    }

    /**
     * A resource's objects in key order, in one namespace (or all): sorted once per resource and grouped by namespace
     * until the next write, as the API server's watch cache indexes them, so reading a cluster namespace by namespace
     * does not charge a sort of every object per namespace to the client being measured.
     */
    private inNamespace(r: ResourceInfo, namespace: string | null): [string, KubeObject][] {
        let byNs = this.sorted.get(r.plural);
        if (!byNs) {
            const all = [...(this.byResource.get(r.plural)?.entries() ?? [])].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
            byNs = new Map<string | null, [string, KubeObject][]>([[null, all]]);
            if (r.namespaced) {
                for (const e of all) {
                    const ns = e[1].metadata.namespace ?? '';
                    const list = byNs.get(ns);
                    if (list) list.push(e);
                    else byNs.set(ns, [e]);
                }
            }
            this.sorted.set(r.plural, byNs);
        }
        return (r.namespaced ? byNs.get(namespace) : undefined) ?? (namespace === null || !r.namespaced ? byNs.get(null)! : []);
    }

    /** One page of a list, like the API: items after the continue token's key, at most `limit`. */
    list(r: ResourceInfo, q: ListQuery): ListResult {
        const { keys, objects: matched } = this.selection(r, q);
        let start = 0;
        if (q.continueToken) {
            const tok = decodeContinue(q.continueToken);
            if (!tok || tok.resource !== r.plural)
                throw new ExpiredContinue(
                    'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
                );
            // The first key after the token's (binary search over the sorted keys).
            let lo = 0;
            let hi = keys.length;
            while (lo < hi) {
                const mid = (lo + hi) >> 1;
                if (keys[mid]! > tok.after) hi = mid;
                else lo = mid + 1;
            }
            start = lo;
        }
        const limit = q.limit && q.limit > 0 ? q.limit : Infinity;
        const page = matched.slice(start, start + limit);
        const rest = matched.length - (start + page.length);
        const out: ListResult = { items: page.map(clone), resourceVersion: this.resourceVersion };
        if (rest > 0 && page.length > 0) {
            out.continueToken = encodeContinue({ resource: r.plural, rv: this.rv, after: keys[start + page.length - 1]! });
            // The API reports the count only when no selector narrowed the list.
            if (!q.labelSelector && !q.fieldSelector) out.remainingItemCount = rest;
        }
        return out;
    }

    /** Events after resourceVersion `since`, in order. */
    eventsSince(since: number): WatchEvent[] {
        return this.events.filter((e) => e.rv > since);
    }

    private emit(e: WatchEvent): void {
        this.events.push(e);
        if (this.events.length > 10_000) this.events.shift();
        for (const fn of this.listeners) fn(e);
    }

    private normalise(obj: KubeObject, r: ResourceInfo): KubeObject {
        obj.apiVersion = groupVersion(r);
        obj.kind = r.kind;
        if (r.namespaced && !obj.metadata.namespace) obj.metadata.namespace = 'default';
        if (!r.namespaced) delete obj.metadata.namespace;
        return obj;
    }
}

interface FieldRequirement {
    field: string;
    op: 'eq' | 'neq';
    value: string;
}

/** fieldSelector as the API takes it for every kind: metadata.name and metadata.namespace with =, == or !=. */
export function parseFieldSelector(text: string): FieldRequirement[] {
    if (text.trim() === '') return [];
    return text.split(',').map((part) => {
        const m = /^\s*([A-Za-z.]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(part);
        if (!m) throw new BadRequest(`invalid selector: '${text}'; can't understand '${part}'`);
        const field = m[1]!;
        if (field !== 'metadata.name' && field !== 'metadata.namespace') {
            throw new BadRequest(`"${field}" is not a known field selector: only "metadata.name", "metadata.namespace"`);
        }
        return { field, op: m[2] === '!=' ? 'neq' : 'eq', value: m[3]! };
    });
}

function fieldValue(o: KubeObject, field: string): string {
    return field === 'metadata.name' ? o.metadata.name : (o.metadata.namespace ?? '');
}

interface ContinueToken {
    resource: string;
    rv: number;
    after: string;
}

function encodeContinue(t: ContinueToken): string {
    return Buffer.from(JSON.stringify({ v: 'fake.k8s.io/v1', ...t })).toString('base64url');
}

function decodeContinue(s: string): ContinueToken | undefined {
    try {
        const t = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Partial<ContinueToken> & { v?: string };
        if (t.v !== 'fake.k8s.io/v1' || typeof t.after !== 'string' || typeof t.resource !== 'string') return undefined;
        return { resource: t.resource, rv: Number(t.rv), after: t.after };
    } catch {
        return undefined;
    }
}
