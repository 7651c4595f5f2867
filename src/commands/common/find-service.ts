import type { Pod, Service } from '../../core/k8s.js';
import type { LoadedCluster } from './load-cluster.js';
import { invalidPodNameReason, invalidServiceNameReason } from '../../core/name-rules.js';
import { namespaceConflict, parseObjectRef, type NamedKind, type ObjectRef } from '../../core/object-ref.js';
import { namespaceExists, nsOf, type ClusterSnapshot } from '../../core/snapshot.js';
import { closeNames } from '../../core/suggest.js';
import { SvcdigError, usageError } from '../../errors.js';

/**
 * A Service or pod as typed (NAME, NS/NAME, TYPE/NAME, NAME.NS: core/object-ref.ts), checked against -n before
 * anything is read: a namespace in the name that differs from -n is a usage error (exit 2).
 */
export function namedObject(text: string, kind: NamedKind, flagNamespace: string | undefined, takenBy?: string): ObjectRef {
    const ref = parseObjectRef(text, kind, takenBy);
    if ('problem' in ref) throw usageError(ref.problem, ref.hint);
    const conflict = namespaceConflict(text, ref, flagNamespace);
    // Both fixes keep the namespace the name gives: whether the object exists in -n's is not known yet.
    if (conflict) throw usageError(conflict, `drop -n, or make it -n ${ref.namespace}`);
    return ref;
}

/**
 * How the object was named, so that "did you mean" answers in the same form: NAME with -n (`default/nginx (-n
 * default)`, `-n kube-system`), NS/NAME or NAME.NS (`default/nginx`), or --as-pod's value (`--as-pod default/web-0`).
 */
export type NamedBy = 'flag' | 'ref' | '--as-pod';

/** How `ref` (from namedObject) named its object. */
export const namedBy = (ref: ObjectRef | undefined): NamedBy => (ref?.namespace === undefined ? 'flag' : 'ref');

/** The Service NAME in NAMESPACE, or a not-found error that suggests close names (exit 4). */
export function findService(snapshot: ClusterSnapshot, namespace: string, name: string, by: NamedBy = 'flag'): Service {
    const why = invalidServiceNameReason(name);
    // A name the API server would refuse stays a usage error; a case slip (NGINX) still gets its "did you mean".
    if (why) throw usageError(`invalid Service name "${name}": ${why}`, suggestion(snapshot.services, namespace, name, by));
    const svc = snapshot.services.find((s) => nsOf(s) === namespace && s.metadata.name === name);
    if (svc) return svc;
    if (!namespaceExists(snapshot, namespace)) throw namespaceNotFound(snapshot, namespace, by, name);
    throw notFound('service', snapshot.services, namespace, name, by);
}

/**
 * findService for a cluster read live, where only the command's namespace was read: a Service that is not there is
 * looked for in every namespace too (one list of Services, on this path only), for "did you mean NS/NAME". A list
 * that fails or is forbidden changes nothing.
 */
export async function findServiceLive(cluster: LoadedCluster, namespace: string, name: string, by: NamedBy = 'flag'): Promise<Service> {
    try {
        return findService(cluster.snapshot, namespace, name, by);
    } catch (err) {
        const missing = err instanceof SvcdigError && err.kind === 'notFound' && namespaceExists(cluster.snapshot, namespace);
        if (!missing || !cluster.live) throw err;
        const everywhere = await cluster.live
            .loadSnapshot({
                namespace: null,
                pods: false,
                statefulSets: false,
                endpointSlices: false,
                corednsConfig: false,
                namespaces: false,
                apiServerService: false,
            })
            .catch(() => undefined);
        const hint = everywhere && suggestion(everywhere.services, namespace, name, by);
        throw hint ? new SvcdigError('notFound', err.message, { hint }) : err;
    }
}

/** The pod NAME in NAMESPACE, or a not-found error that suggests close names (exit 4); an invalid name: exit 2, as findService. */
export function findPod(snapshot: ClusterSnapshot, namespace: string, name: string, by: NamedBy = 'flag'): Pod {
    const invalid = invalidPodNameReason(name);
    if (invalid) throw usageError(`invalid pod name "${name}": ${invalid}`, suggestion(snapshot.pods, namespace, name, by));
    const pod = snapshot.pods.find((p) => nsOf(p) === namespace && p.metadata.name === name);
    if (pod) return pod;
    throw notFound('pod', snapshot.pods, namespace, name, by);
}

type Named = { metadata: { name: string; namespace?: string } };

function notFound(kind: 'service' | 'pod', objects: Named[], namespace: string, name: string, by: NamedBy): SvcdigError {
    const hint = suggestion(objects, namespace, name, by) ?? listing(kind, objects, namespace);
    const why = by === '--as-pod' ? ' (--as-pod)' : '';
    return new SvcdigError('notFound', `${kind} "${name}" not found in namespace "${namespace}"${why}`, hint ? { hint } : undefined);
}

/** "did you mean" with objects named NS/NAME, after --as-pod when that named it. */
const didYouMean = (by: NamedBy, refs: string[]) => `did you mean ${by === '--as-pod' ? '--as-pod ' : ''}${refs.join(', ')}`;

/**
 * "did you mean" for a name that is not there: close names in the namespace (case slips, edit distance ≤ 2: core/
 * suggest.ts), else the same name in other namespaces (a namespace slip), else close names in other namespaces.
 */
function suggestion(objects: Named[], namespace: string, name: string, by: NamedBy): string | undefined {
    const here = closeNames(
        name,
        objects.filter((o) => nsOf(o) === namespace).map((o) => o.metadata.name),
    );
    if (here.length) return `${didYouMean(by, by === 'flag' ? here : here.map((n) => `${namespace}/${n}`))}?`;
    const others = objects.filter((o) => nsOf(o) !== namespace);
    const same = others.filter((o) => o.metadata.name === name.toLowerCase());
    const near = same.length ? same : others.filter((o) => closeNames(name, [o.metadata.name]).length > 0);
    if (!near.length) return undefined;
    const refs = [...new Set(near.map((o) => `${nsOf(o)}/${o.metadata.name}`))].sort().slice(0, 3);
    const spaces = [...new Set(near.map(nsOf))];
    return `${didYouMean(by, refs)}${spaces.length === 1 && by === 'flag' ? ` (-n ${spaces[0]})` : ''}?`;
}

function listing(kind: 'service' | 'pod', objects: Named[], namespace: string): string | undefined {
    const here = objects.filter((o) => nsOf(o) === namespace).map((o) => o.metadata.name);
    if (!here.length || kind === 'pod') return undefined;
    return `Services in ${namespace}: ${here.slice(0, 8).join(', ')}${here.length > 8 ? ', …' : ''}`;
}

/** Exit 4 for a namespace that does not exist, with close names as a hint. */
function namespaceNotFound(snapshot: ClusterSnapshot, namespace: string, by: NamedBy = 'flag', name?: string): SvcdigError {
    const nsNames = [...new Set([...snapshot.namespaces.map((n) => n.metadata.name), ...snapshot.services.map(nsOf)])];
    const close = closeNames(namespace, nsNames);
    const hint =
        by === 'flag' || name === undefined
            ? `did you mean ${close.map((c) => `-n ${c}`).join(' or ')}?`
            : `${didYouMean(
                  by,
                  close.map((c) => `${c}/${name}`),
              )}?`;
    return new SvcdigError('notFound', `namespace "${namespace}" not found (in ${snapshot.origin})`, close.length ? { hint } : undefined);
}

/**
 * resolve in a namespace that does not exist: its answers are real (NXDOMAIN for every name the search list starts
 * with), so it reads on, but says what explain, env and check would stop on, in their words, as a note.
 */
export function noteMissingNamespace(cluster: LoadedCluster, ctx: { note(line: string): void }): void {
    if (cluster.origin === 'live' && !cluster.snapshot.namespacesKnown) return;
    if (namespaceExists(cluster.snapshot, cluster.namespace)) return;
    const missing = namespaceNotFound(cluster.snapshot, cluster.namespace);
    ctx.note(`note: ${missing.message}: the search list starts with its domain, where nothing is expected`);
    if (missing.hint) ctx.note(`hint: ${missing.hint}`);
}

/**
 * Commands that work on a whole namespace (check, env) stop with exit 4 when it does not exist, as explain does: judged
 * from the namespace list (live: read with the snapshot; files: Namespace objects) or, when files hold none, from the
 * objects in it. A live read whose namespace list was forbidden cannot tell an empty namespace from a missing one, so
 * it says nothing.
 */
export function requireNamespace(cluster: LoadedCluster, namespace = cluster.namespace): void {
    if (cluster.origin === 'live' && !cluster.snapshot.namespacesKnown) return;
    if (!namespaceExists(cluster.snapshot, namespace)) throw namespaceNotFound(cluster.snapshot, namespace);
}
