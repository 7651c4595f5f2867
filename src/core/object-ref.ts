/**
 * How a Service or a pod may be named on the command line:
 * - NAME, in the command's namespace (-n, else the context's, else "default");
 * - NAMESPACE/NAME;
 * - TYPE/NAME as kubectl takes it (`svc/nginx`, `service/nginx`, `pod/web-0`, `po/web-0`): the type is dropped, and
 *   kubectl's TYPE NAME word order (`explain svc nginx`, as `kubectl get svc nginx`) reads as TYPE/NAME. A type word
 *   wins over a namespace of that name, as kubectl reads `X/Y` as TYPE/NAME; another type (`pod/web-0` where a
 *   Service is wanted, `deploy/nginx`) is a problem that says which command takes it;
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

/**
 * kubectl's names (`kubectl api-resources`: NAME and SHORTNAMES) of workload and other resource types a user may name
 * where a Service or pod is wanted, by the kind they name.
 */
const OTHER_TYPE_WORDS: Record<string, string> = Object.fromEntries(
    Object.entries({
        deployment: ['deploy', 'deployment', 'deployments'],
        statefulset: ['sts', 'statefulset', 'statefulsets'],
        daemonset: ['ds', 'daemonset', 'daemonsets'],
        replicaset: ['rs', 'replicaset', 'replicasets'],
        endpoints: ['ep', 'endpoints'],
        endpointslice: ['endpointslice', 'endpointslices'],
        ingress: ['ing', 'ingress', 'ingresses'],
        job: ['job', 'jobs'],
        cronjob: ['cj', 'cronjob', 'cronjobs'],
        node: ['no', 'node', 'nodes'],
    }).flatMap(([kind, words]) => words.map((w) => [w, kind])),
);

/** The kind a kubectl type word names, any case; undefined for a word that is no type. */
function kindOfTypeWord(word: string): string | undefined {
    const w = word.toLowerCase();
    if (TYPE_WORDS.Service.includes(w)) return 'Service';
    if (TYPE_WORDS.pod.includes(w)) return 'pod';
    return OTHER_TYPE_WORDS[w];
}

export type RefProblem = { problem: string; hint?: string };

/** The name and namespace `text` gives, or why it names nothing. The name itself is checked where it is looked up. */
export function parseObjectRef(text: string, kind: NamedKind, takenBy = 'this command'): ObjectRef | RefProblem {
    const parts = text.split('/');
    const typed = parts.length === 2 ? kindOfTypeWord(parts[0]!) : undefined;
    if (typed === kind) return parseObjectRef(parts[1]!, kind, takenBy);
    if (typed !== undefined && parts[1] !== '') return otherKind(text, parts[1]!, typed, `${takenBy} takes a ${kind}`);
    const forms = kind === 'Service' ? 'NAME, NAMESPACE/NAME or NAME.NAMESPACE' : 'NAME or NAMESPACE/NAME';
    if (parts.length > 2 || parts.some((p) => p === '')) return { problem: `a ${kind} is named ${forms}, got "${text}"` };
    if (parts.length === 2) return withNamespace(parts[1]!, parts[0]!, text);
    const dot = text.indexOf('.');
    if (kind === 'pod' || dot < 0) return { name: text };
    if (text.indexOf('.', dot + 1) >= 0) return { problem: `a ${kind} is named ${forms}; "${text}" is a DNS name (svcdig resolve ${text} answers for it)` };
    return withNamespace(text.slice(0, dot), text.slice(dot + 1), text);
}

/** `pod/web-0` where a Service is wanted (or `svc/nginx` where a pod is): which command takes what was named. */
function otherKind(text: string, name: string, typed: string, wanted: string): RefProblem {
    const problem = `${text} is a ${typed}: ${wanted}, not a ${typed}`;
    if (typed === 'pod') return { problem, hint: `for a pod, try svcdig env --pod ${name}, or svcdig resolve NAME --as-pod ${name}` };
    if (typed === 'Service') return { problem, hint: `for a Service, try svcdig explain ${name}` };
    return { problem, hint: `name the Service in front of its pods (svcdig check lists the Services)` };
}

/**
 * kubectl's `TYPE NAME...` word order (`kubectl get svc nginx web`): when the first of two or more words is a type
 * word, the others are names of that type, read as TYPE/NAME (so `explain pod web-0` gets the TYPE/NAME problem).
 */
export function typeNameWords(words: readonly string[]): string[] {
    const [first, ...names] = words;
    if (first === undefined || names.length === 0 || first.includes('/') || kindOfTypeWord(first) === undefined) return [...words];
    return names.map((n) => `${first}/${n}`);
}

function withNamespace(name: string, namespace: string, text: string): ObjectRef | RefProblem {
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
