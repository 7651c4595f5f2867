/**
 * How a Service or a pod may be named on the command line:
 * - NAME, in the command's namespace (-n, else the context's, else "default");
 * - NAMESPACE/NAME;
 * - TYPE/NAME as kubectl takes it (`svc/nginx`, `service/nginx`, `pod/web-0`, `po/web-0`): the type is dropped;
 * - for Services, NAME.NAMESPACE, the way a pod types the Service in DNS. A Service name is a DNS label
 *   (apimachinery validation.go, ValidateServiceName), so a dot can only end the name. A pod name is a DNS subdomain
 *   and may hold dots itself, so pods take no NAME.NAMESPACE.
 */
import { invalidNamespaceReason } from './name-rules.js';

export type NamedKind = 'Service' | 'pod';

export interface ObjectRef {
    name: string;
    /** Only when the text named one. */
    namespace?: string;
}

/** kubectl's names for the two resource types (`kubectl api-resources`: services/svc, pods/po), any case. */
const TYPE_WORDS: Record<NamedKind, readonly string[]> = { Service: ['svc', 'service', 'services'], pod: ['po', 'pod', 'pods'] };

/** The name and namespace `text` gives, or why it names nothing. The name itself is checked where it is looked up. */
export function parseObjectRef(text: string, kind: NamedKind): ObjectRef | { problem: string } {
    const parts = text.split('/');
    if (parts.length === 2 && TYPE_WORDS[kind].includes(parts[0]!.toLowerCase())) return parseObjectRef(parts[1]!, kind);
    const forms = kind === 'Service' ? 'NAME, NAMESPACE/NAME or NAME.NAMESPACE' : 'NAME or NAMESPACE/NAME';
    if (parts.length > 2 || parts.some((p) => p === '')) return { problem: `a ${kind} is named ${forms}, got "${text}"` };
    if (parts.length === 2) return withNamespace(parts[1]!, parts[0]!, text);
    const dot = text.indexOf('.');
    if (kind === 'pod' || dot < 0) return { name: text };
    if (text.indexOf('.', dot + 1) >= 0) return { problem: `a ${kind} is named ${forms}; "${text}" is a DNS name (svcdig resolve ${text} answers for it)` };
    return withNamespace(text.slice(0, dot), text.slice(dot + 1), text);
}

function withNamespace(name: string, namespace: string, text: string): ObjectRef | { problem: string } {
    const why = invalidNamespaceReason(namespace);
    if (why) return { problem: `invalid namespace "${namespace}" in "${text}": ${why}` };
    return { name, namespace };
}

/**
 * The namespace an object is looked up in: the one its name gives, else -n's. Both, and different: a problem, as
 * kubectl refuses an object whose namespace differs from --namespace (k8s.io/cli-runtime pkg/resource/visitor.go,
 * RequireNamespace).
 */
export function namespaceConflict(text: string, ref: ObjectRef, flagNamespace: string | undefined): string | undefined {
    if (ref.namespace === undefined || flagNamespace === undefined || ref.namespace === flagNamespace) return undefined;
    return `the namespace of "${text}" ("${ref.namespace}") does not match -n "${flagNamespace}"`;
}
