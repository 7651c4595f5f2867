import type { Service } from '../../core/k8s.js';
import type { LoadedCluster } from './load-cluster.js';
import { invalidServiceNameReason } from '../../core/name-rules.js';
import { namespaceExists, nsOf, type ClusterSnapshot } from '../../core/snapshot.js';
import { closeNames } from '../../core/suggest.js';
import { SvcdigError, usageError } from '../../errors.js';

/** The Service NAME in NAMESPACE, or a not-found error that suggests close names (exit 4). */
export function findService(snapshot: ClusterSnapshot, namespace: string, name: string): Service {
    const why = invalidServiceNameReason(name);
    if (why) throw usageError(`invalid Service name "${name}": ${why}`);
    const svc = snapshot.services.find((s) => nsOf(s) === namespace && s.metadata.name === name);
    if (svc) return svc;
    if (!namespaceExists(snapshot, namespace)) throw namespaceNotFound(snapshot, namespace);
    const here = snapshot.services.filter((s) => nsOf(s) === namespace).map((s) => s.metadata.name);
    const close = closeNames(name, here);
    const elsewhere = snapshot.services.filter((s) => s.metadata.name === name).map(nsOf);
    const hints: string[] = [];
    if (close.length) hints.push(`did you mean ${close.join(', ')}?`);
    if (elsewhere.length) hints.push(`a Service "${name}" exists in namespace${elsewhere.length > 1 ? 's' : ''} ${elsewhere.join(', ')} (use -n)`);
    if (!hints.length && here.length) hints.push(`Services in ${namespace}: ${here.slice(0, 8).join(', ')}${here.length > 8 ? ', …' : ''}`);
    throw new SvcdigError('notFound', `service "${name}" not found in namespace "${namespace}"`, hints.length ? { hint: hints.join('; ') } : undefined);
}

/** Exit 4 for a namespace that does not exist, with close names as a hint. */
function namespaceNotFound(snapshot: ClusterSnapshot, namespace: string): SvcdigError {
    const nsNames = [...new Set([...snapshot.namespaces.map((n) => n.metadata.name), ...snapshot.services.map(nsOf)])];
    const close = closeNames(namespace, nsNames);
    return new SvcdigError(
        'notFound',
        `namespace "${namespace}" not found (in ${snapshot.origin})`,
        close.length ? { hint: `did you mean ${close.map((c) => `-n ${c}`).join(' or ')}?` } : undefined,
    );
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
