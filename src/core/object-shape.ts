/**
 * The one definition of the shape svcdig reads from every Kubernetes object (k8s.ts, as a table), checked at the
 * boundary for objects from `-f` files and from API lists alike. An object whose field has the wrong JSON type, a
 * port out of range, an address that is not an IP, or a Service/Namespace name the API server would reject is left
 * out with one note naming the field (`Service dev/api: spec.ports[0].name is a number`); the rest is used.
 *
 * JSON null counts as absent and is removed, as Go's encoding/json decodes it to the zero value (an omitted
 * field): https://pkg.go.dev/encoding/json#Unmarshal. A null *inside* a list is an invalid element.
 * Fields svcdig does not read are not checked (unknown fields are ignored, as kubectl does).
 */
import type { KubeObject } from './k8s.js';
import { ipFamily } from './dns/ip.js';
import { invalidNamespaceReason, invalidServiceNameReason } from './name-rules.js';

type Leaf =
    | 'string'
    | 'bool'
    /** A port number: an integer 1–65535 (apimachinery validation.IsValidPortNum). */
    | 'port'
    /** nodePort/hostPort: 0 (unset) or a port. */
    | 'port0'
    /** A count: an integer ≥ 0. */
    | 'count'
    /** An IP address as Go's net.ParseIP reads it (no IPv6 zone: `fe80::1%eth0` is not one). */
    | 'ip'
    /** spec.clusterIP(s): an IP, "None" (headless) or "" (not yet allocated). */
    | 'clusterIP'
    /** targetPort: IntOrString, a port number or a port name. */
    | 'intOrString'
    /** labels, selectors, ConfigMap data: string → string. */
    | 'stringMap'
    /** Read only as opaque JSON (matchExpressions). */
    | 'any';

/** A shape: a leaf, a list of one shape, or an object of named fields (others ignored). Exported for kubeconfigs. */
export type Shape = Leaf | { list: Shape } | { fields: Record<string, Shape>; required?: readonly string[] };

export const list = (s: Shape): Shape => ({ list: s });
export const obj = (fields: Record<string, Shape>, required?: readonly string[]): Shape => ({ fields, ...(required ? { required } : {}) });

/** The first problem of `value` against `shape` ("users[0].user.token is a number"), or null; removes null fields. */
export function shapeProblem(shape: Shape, value: unknown): string | null {
    return said(problem(shape, value));
}

const ref = obj({ kind: 'string', name: 'string', namespace: 'string', uid: 'string' });
const METADATA = obj(
    {
        name: 'string',
        namespace: 'string',
        uid: 'string',
        labels: 'stringMap',
        annotations: 'stringMap',
        creationTimestamp: 'string',
        deletionTimestamp: 'string',
        resourceVersion: 'string',
        generateName: 'string',
        ownerReferences: list(obj({ kind: 'string', name: 'string', uid: 'string', apiVersion: 'string', controller: 'bool' })),
    },
    ['name'],
);

const CONTAINER = obj(
    {
        name: 'string',
        image: 'string',
        ports: list(obj({ name: 'string', containerPort: 'port', protocol: 'string', hostPort: 'port0' }, ['containerPort'])),
        env: list(
            obj(
                {
                    name: 'string',
                    value: 'string',
                    valueFrom: obj({
                        secretKeyRef: obj({ name: 'string', key: 'string', optional: 'bool' }),
                        configMapKeyRef: obj({ name: 'string', key: 'string', optional: 'bool' }),
                        fieldRef: obj({ fieldPath: 'string', apiVersion: 'string' }),
                        resourceFieldRef: obj({ resource: 'string', containerName: 'string' }),
                    }),
                },
                ['name'],
            ),
        ),
        envFrom: list(obj({ prefix: 'string', configMapRef: obj({ name: 'string' }), secretRef: obj({ name: 'string' }) })),
        restartPolicy: 'string',
    },
    ['name'],
);

const POD_SPEC_FIELDS = {
    containers: list(CONTAINER),
    initContainers: list(CONTAINER),
    hostname: 'string',
    subdomain: 'string',
    nodeName: 'string',
    hostNetwork: 'bool',
    dnsPolicy: 'string',
    dnsConfig: obj({ nameservers: list('string'), searches: list('string'), options: list(obj({ name: 'string', value: 'string' }, ['name'])) }),
    enableServiceLinks: 'bool',
    setHostnameAsFQDN: 'bool',
} satisfies Record<string, Shape>;

const TEMPLATE = obj({ metadata: obj({ labels: 'stringMap' }), spec: obj(POD_SPEC_FIELDS) });

const ENDPOINT_ADDRESS = obj({ ip: 'ip', hostname: 'string', nodeName: 'string', targetRef: ref }, ['ip']);
const ENDPOINT_PORT = obj({ name: 'string', port: 'port', protocol: 'string', appProtocol: 'string' });

/** The fields every kind has (kind itself is checked first). */
const COMMON_FIELDS: Record<string, Shape> = { apiVersion: 'string', metadata: METADATA };

/** Per kind: the fields besides apiVersion, kind and metadata. Kinds not listed are not read, so not checked. */
const KINDS: Record<string, { fields: Record<string, Shape>; required?: readonly string[] }> = {
    Service: {
        fields: {
            spec: obj({
                type: 'string',
                clusterIP: 'clusterIP',
                clusterIPs: list('clusterIP'),
                ipFamilies: list('string'),
                ipFamilyPolicy: 'string',
                ports: list(
                    obj({ name: 'string', protocol: 'string', port: 'port', targetPort: 'intOrString', nodePort: 'port0', appProtocol: 'string' }, ['port']),
                ),
                selector: 'stringMap',
                externalName: 'string',
                externalIPs: list('string'),
                publishNotReadyAddresses: 'bool',
                sessionAffinity: 'string',
                externalTrafficPolicy: 'string',
                internalTrafficPolicy: 'string',
                trafficDistribution: 'string',
            }),
            status: obj({ loadBalancer: obj({ ingress: list(obj({ ip: 'string', hostname: 'string' })) }) }),
        },
        required: ['spec'],
    },
    EndpointSlice: {
        fields: {
            addressType: 'string',
            endpoints: list(
                obj(
                    {
                        addresses: list('string'),
                        conditions: obj({ ready: 'bool', serving: 'bool', terminating: 'bool' }),
                        hostname: 'string',
                        nodeName: 'string',
                        zone: 'string',
                        targetRef: ref,
                    },
                    ['addresses'],
                ),
            ),
            ports: list(ENDPOINT_PORT),
        },
        required: ['addressType'],
    },
    Endpoints: {
        fields: { subsets: list(obj({ addresses: list(ENDPOINT_ADDRESS), notReadyAddresses: list(ENDPOINT_ADDRESS), ports: list(ENDPOINT_PORT) })) },
    },
    Pod: {
        fields: {
            spec: obj(POD_SPEC_FIELDS, ['containers']),
            status: obj({
                phase: 'string',
                podIP: 'ip',
                podIPs: list(obj({ ip: 'ip' }, ['ip'])),
                hostIP: 'ip',
                startTime: 'string',
                conditions: list(
                    obj({ type: 'string', status: 'string', reason: 'string', message: 'string', lastTransitionTime: 'string' }, ['type', 'status']),
                ),
                containerStatuses: list(obj({ name: 'string', ready: 'bool', restartCount: 'count' }, ['name'])),
            }),
        },
        required: ['spec'],
    },
    StatefulSet: {
        fields: {
            spec: obj({
                serviceName: 'string',
                replicas: 'count',
                selector: obj({ matchLabels: 'stringMap', matchExpressions: 'any' }),
                template: TEMPLATE,
                podManagementPolicy: 'string',
            }),
            status: obj({ replicas: 'count', readyReplicas: 'count' }),
        },
        required: ['spec'],
    },
    Deployment: {
        fields: { spec: obj({ replicas: 'count', selector: obj({ matchLabels: 'stringMap' }), template: TEMPLATE }) },
        required: ['spec'],
    },
    Namespace: { fields: { status: obj({ phase: 'string' }) } },
    ConfigMap: { fields: { data: 'stringMap' } },
};

/** "a number", "null", "an array", … — the JSON type of a value, for notes. */
function jsonType(v: unknown): string {
    if (v === null) return 'null';
    if (Array.isArray(v)) return 'an array';
    if (typeof v === 'object') return 'an object';
    if (typeof v === 'number') return Number.isFinite(v) ? 'a number' : `${v}`;
    return `a ${typeof v}`;
}

const quote = (s: string) => JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);

function isPort(v: unknown, min: number): boolean {
    return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= 65535;
}

/**
 * A problem found: where (relative to the value checked, e.g. `ports[0].name`) and what. The path is built only on
 * the way back up from a problem: every field of every object read is checked, and naming each one as it is visited
 * cost more than the checks.
 */
interface Problem {
    path: string;
    what: string;
}

/** `name` (a field, or `[0]` / `["key"]`) in front of a path below it. */
function under(name: string, p: Problem): Problem {
    return { path: p.path === '' ? name : p.path.startsWith('[') ? name + p.path : `${name}.${p.path}`, what: p.what };
}

const isA = (v: unknown): Problem => ({ path: '', what: `is ${jsonType(v)}` });

/** The problem with a leaf value, or null. */
function leafProblem(shape: Leaf, v: unknown): Problem | null {
    switch (shape) {
        case 'any':
            return null;
        case 'string':
            return typeof v === 'string' ? null : isA(v);
        case 'bool':
            return typeof v === 'boolean' ? null : isA(v);
        case 'port':
        case 'port0':
            if (typeof v !== 'number') return isA(v);
            return isPort(v, shape === 'port' ? 1 : 0) ? null : { path: '', what: `is ${v}, not a port number (1-65535)` };
        case 'count':
            if (typeof v !== 'number') return isA(v);
            return Number.isSafeInteger(v) && v >= 0 ? null : { path: '', what: `is ${v}, not a count` };
        case 'intOrString':
            if (typeof v === 'string') return v !== '' ? null : { path: '', what: 'is empty' };
            if (typeof v !== 'number') return isA(v);
            return isPort(v, 1) ? null : { path: '', what: `is ${v}, not a port number (1-65535)` };
        case 'ip':
        case 'clusterIP':
            if (typeof v !== 'string') return isA(v);
            if (shape === 'clusterIP' && (v === 'None' || v === '')) return null;
            if (shape === 'ip' && v === '') return null;
            return ipFamily(v) ? null : { path: '', what: `${quote(v)} is not an IP address` };
        case 'stringMap': {
            if (typeof v !== 'object' || Array.isArray(v)) return isA(v);
            for (const k in v) {
                const val = (v as Record<string, unknown>)[k];
                if (typeof val !== 'string') return under(/^[A-Za-z_][\w-]*$/.test(k) ? k : `[${quote(k)}]`, isA(val));
            }
            return null;
        }
    }
}

/** Checks `v` (not null) against `shape`; removes null fields in place. The first problem, or null. */
function problem(shape: Shape, v: unknown): Problem | null {
    if (typeof shape === 'string') return leafProblem(shape, v);
    if ('list' in shape) {
        if (!Array.isArray(v)) return isA(v);
        for (let i = 0; i < v.length; i++) {
            const el: unknown = v[i];
            const p = el === null || el === undefined ? { path: '', what: 'is null' } : problem(shape.list, el);
            if (p) return under(`[${i}]`, p);
        }
        return null;
    }
    if (typeof v !== 'object' || Array.isArray(v) || v === null) return isA(v);
    return fieldsProblem(shape.fields, shape.required, v as Record<string, unknown>);
}

function fieldsProblem(fields: Record<string, Shape>, required: readonly string[] | undefined, o: Record<string, unknown>): Problem | null {
    for (const name in fields) {
        const value = o[name];
        if (value === undefined && !Object.hasOwn(o, name)) continue;
        if (value === null) {
            delete o[name];
            continue;
        }
        const p = problem(fields[name]!, value);
        if (p) return under(name, p);
    }
    if (required) for (const name of required) if (o[name] === undefined) return { path: name, what: 'is missing' };
    return null;
}

/** "spec.ports[0].name is a number": the path (when there is one) and what is wrong. */
const said = (p: Problem | null): string | null => (p ? `${p.path} ${p.what}` : null);

/** "Service dev/api", from whatever of kind, namespace and name are strings. */
export function objectLabel(o: unknown): string {
    const r = (o ?? {}) as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } | null };
    const kind = typeof r.kind === 'string' ? r.kind : 'object';
    const m = r.metadata && typeof r.metadata === 'object' ? r.metadata : {};
    const name = typeof m.name === 'string' ? m.name : '(unnamed)';
    return `${kind} ${typeof m.namespace === 'string' ? `${m.namespace}/` : ''}${name}`;
}

/** Name rules the API server enforces on the kinds svcdig resolves by name (DNS labels: no dots). */
function nameProblem(o: KubeObject): string | null {
    const ns = o.metadata.namespace;
    if (ns !== undefined && ns !== '') {
        const why = invalidNamespaceReason(ns);
        if (why) return `metadata.namespace ${quote(ns)} ${why}`;
    }
    if (o.kind === 'Service' || o.kind === 'Namespace') {
        const why = o.kind === 'Service' ? invalidServiceNameReason(o.metadata.name) : invalidNamespaceReason(o.metadata.name);
        if (why) return `metadata.name ${quote(o.metadata.name)} ${why}`;
    }
    if (o.metadata.name === '') return 'metadata.name is empty';
    return null;
}

/** EndpointSlice addresses are IPs unless addressType is FQDN (discovery/v1 EndpointSlice API reference). */
function sliceProblem(o: KubeObject): string | null {
    const s = o as unknown as { addressType: string; endpoints?: { addresses: string[] }[] };
    if (s.addressType !== 'IPv4' && s.addressType !== 'IPv6') return null;
    const endpoints = s.endpoints ?? [];
    for (let i = 0; i < endpoints.length; i++) {
        const addresses = endpoints[i]!.addresses;
        for (let j = 0; j < addresses.length; j++)
            if (!ipFamily(addresses[j]!)) return `endpoints[${i}].addresses[${j}] ${quote(addresses[j]!)} is not an IP address`;
    }
    return null;
}

/**
 * Why the object cannot be used (the first problem, naming the field), or null. Objects of kinds svcdig does not
 * read pass unchecked. Removes null fields in place (see the head of this file).
 */
export function objectProblem(o: unknown): string | null {
    if (o === null || o === undefined) return 'is null';
    if (typeof o !== 'object' || Array.isArray(o)) return `is ${jsonType(o)}, not an object`;
    const r = o as Record<string, unknown>;
    if (typeof r.kind !== 'string') return r.kind === undefined ? 'kind is missing' : `kind is ${jsonType(r.kind)}`;
    const base = said(fieldsProblem(COMMON_FIELDS, ['metadata'], r));
    if (base) return base;
    const kind = KINDS[r.kind];
    if (!kind) return null;
    const p = said(fieldsProblem(kind.fields, kind.required, r));
    if (p) return p;
    return nameProblem(o as KubeObject) ?? (r.kind === 'EndpointSlice' ? sliceProblem(o as KubeObject) : null);
}

/** Objects that passed, and one note per object left out or merged. */
export interface Admitted {
    objects: KubeObject[];
    notes: string[];
}

/** A candidate object and where it came from ("f.yaml", "list services in dev"), for notes. */
export interface Candidate {
    value: unknown;
    from: string;
    /** Where in `from` ("items[3]"), named when the value is not even an object. */
    at?: string;
}

const identity = (o: KubeObject) => `${o.kind}\u0000${o.metadata.namespace || 'default'}\u0000${o.metadata.name}`;

/** The note on a candidate left out (objectProblem, which also removes its null fields), or null when it is usable. */
function leftOutNote({ value, from, at }: Candidate): string | null {
    const why = objectProblem(value);
    if (!why) return null;
    const label = at !== undefined && (value === null || typeof value !== 'object') ? at : objectLabel(value);
    return `${from}: ${label}: ${why}; left out`;
}

const mergedNote = (from: string, o: unknown) => `${from}: ${objectLabel(o)}: defined twice with different content; the later one is used`;

/**
 * Checks every candidate (objectProblem) and merges repeats: the same object twice (the same file given twice, a
 * YAML alias) is kept once; two different objects with one kind, namespace and name keep the later one, as
 * `kubectl apply -f a -f b` would leave it, with a note. Linear: one Map, and objects are only serialised to be
 * compared when two share a name.
 */
export function admitObjects(candidates: Iterable<Candidate>): Admitted {
    const byId = new Map<string, KubeObject>();
    const notes: string[] = [];
    for (const c of candidates) {
        const note = leftOutNote(c);
        if (note) {
            notes.push(note);
            continue;
        }
        const o = c.value as KubeObject;
        const id = identity(o);
        const prev = byId.get(id);
        if (prev !== undefined && prev !== o && JSON.stringify(prev) !== JSON.stringify(o)) notes.push(mergedNote(c.from, o));
        // delete + set: the later one also takes the later place, so the order stays that of the input.
        if (prev !== undefined) byId.delete(id);
        byId.set(id, o);
    }
    return { objects: [...byId.values()], notes };
}

/**
 * A candidate checked as it is read (admitObjects' check) and kept as its JSON text, or as the note that leaves it
 * out: a V8 one-byte string is a fraction of the object it holds, so a large dump can be held whole as text
 * (adapters/files/file-objects.ts) and turned back into objects a namespace at a time.
 */
export type CheckedCandidate = { from: string; id: string; json: string } | { note: string };

export function checkCandidate(c: Candidate): CheckedCandidate {
    const note = leftOutNote(c);
    return note ? { note } : { from: c.from, id: identity(c.value as KubeObject), json: JSON.stringify(c.value) };
}

/** Where admitted objects' texts are kept, in order (adapters/files/packed-texts.ts PackedObjects). */
export interface AdmittedLog {
    readonly size: number;
    /** Keeps an admitted object's text; its place in the order. */
    add(kind: string, json: string): number;
    /** The text kept at `place`. */
    text(place: number): string;
    /** The object at `place` was replaced by a later one, which takes the later place (`kept`: undone). */
    drop(place: number, dropped: boolean): void;
    /** Forgets every object from `size` on. */
    truncate(size: number): void;
}

/** Where an admission stands, to go back to. */
export interface AdmissionMark {
    notes: number;
    size: number;
    undo: [string, number | undefined][];
}

/**
 * admitObjects over checked candidates, one at a time into `log`: the same notes, and the same objects in the same
 * order (a repeat drops the earlier one and takes the later place, as admitObjects' delete + set does).
 */
export class Admission {
    readonly notes: string[] = [];
    private readonly placeOf = new Map<string, number>();
    private undo?: [string, number | undefined][];

    constructor(private readonly log: AdmittedLog) {}

    add(c: CheckedCandidate): void {
        if ('note' in c) {
            this.notes.push(c.note);
            return;
        }
        const prev = this.placeOf.get(c.id);
        if (prev !== undefined) {
            if (this.log.text(prev) !== c.json) this.notes.push(mergedNote(c.from, JSON.parse(c.json)));
            this.log.drop(prev, true);
        }
        this.undo?.push([c.id, prev]);
        this.placeOf.set(c.id, this.log.add(kindOfAdmitted(c.id), c.json));
    }

    /** Where the admission stands now (a file read by parts may have to be read again, whole). */
    mark(): AdmissionMark {
        this.undo = [];
        return { notes: this.notes.length, size: this.log.size, undo: this.undo };
    }

    /** Back to `mark`: what was admitted since is forgotten. */
    rollback(mark: AdmissionMark): void {
        for (let i = mark.undo.length - 1; i >= 0; i--) {
            const [id, prev] = mark.undo[i]!;
            if (prev === undefined) this.placeOf.delete(id);
            else {
                this.placeOf.set(id, prev);
                this.log.drop(prev, false);
            }
        }
        mark.undo.length = 0;
        this.log.truncate(mark.size);
        this.notes.length = mark.notes;
    }
}

/** The kind of an admitted object, from its key. */
export const kindOfAdmitted = (id: string): string => id.slice(0, id.indexOf('\u0000'));

/** At most this many notes on objects left out or merged are shown (stderr, annotations); 4,000 bad objects are not 4,000 lines. */
const MAX_SHOWN_OBJECT_NOTES = 20;

/** The notes on objects left out or merged as shown to people: the first MAX_SHOWN_OBJECT_NOTES, then how many more. */
export function shownObjectNotes(notes: string[]): string[] {
    if (notes.length <= MAX_SHOWN_OBJECT_NOTES) return notes;
    return [...notes.slice(0, MAX_SHOWN_OBJECT_NOTES), `… and ${notes.length - MAX_SHOWN_OBJECT_NOTES} more objects left out or merged`];
}
