import type { Container, EnvVar, Pod, Service } from './k8s.js';
import { nsOf, type ClusterSnapshot } from './snapshot.js';
import { memoized, serviceNamed, servicesIn } from './snapshot-lookups.js';

/** One variable of a container's environment as kubelet would build it, with where it comes from. */
export interface EnvVariable {
    name: string;
    /** null when it comes from a Secret/ConfigMap/field ref svcdig does not read (never a secret's value). */
    value: string | null;
    /**
     * 'service:<ns>/<name>' | 'container' | 'container:secretKeyRef <secret>/<key>' |
     * 'container:configMapKeyRef <cm>/<key>' | 'container:fieldRef <path>' | 'container:resourceFieldRef <resource>'
     */
    source: string;
    /** For valueFrom (or a value expanded from one): a readable reference such as "secret db-creds key password". */
    reference?: string;
    /** When a container variable hides a Service variable: the Service source it overrides. */
    overrides?: string;
}

export interface EnvReportData {
    namespace: string;
    pod: string | null;
    container: string | null;
    variables: EnvVariable[];
    notes: string[];
    clashes: { name: string; services: string[] }[];
}

/**
 * kubelet's `makeEnvVariableName` (kubernetes/kubernetes pkg/kubelet/envvars/envvars.go): upper-case, `-` → `_`,
 * nothing else. A leading digit stays (see {@link isPosixShellName}); names cannot contain `.` because Service and port
 * names are DNS labels.
 */
export function envPrefix(name: string): string {
    return name.replace(/-/g, '_').toUpperCase();
}

/** `v1helper.IsServiceIPSet`: spec.clusterIP is neither "None" nor empty (headless and ExternalName give no variables). */
export function isServiceIPSet(service: Service): boolean {
    const ip = service.spec.clusterIP;
    return !!ip && ip !== 'None';
}

/** Go's `net.JoinHostPort`: a host containing ':' (IPv6) is bracketed. */
function joinHostPort(host: string, port: number): string {
    return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

const serviceSource = (service: Service) => `service:${nsOf(service)}/${service.metadata.name}`;

/**
 * kubelet's `FromServices` for one Service (kubernetes/kubernetes pkg/kubelet/envvars/envvars.go and its
 * envvars_test.go), in kubelet's order:
 * `<P>_SERVICE_HOST` (raw spec.clusterIP), `<P>_SERVICE_PORT` (ports[0], whatever its protocol),
 * `<P>_SERVICE_PORT_<NAME>` for each named port, `<P>_PORT` (first port's URL), then for every port
 * `<P>_PORT_<port>_<PROTO>`, `_PROTO`, `_PORT`, `_ADDR`. URLs use `net.JoinHostPort` (IPv6 bracketed);
 * HOST and ADDR never are. Only spec.clusterIP is used (no variables for a second family). A Service
 * without a cluster IP gives nothing.
 */
export function serviceEnvVars(service: Service): EnvVariable[] {
    if (!isServiceIPSet(service)) return [];
    const ip = service.spec.clusterIP!;
    const prefix = envPrefix(service.metadata.name);
    const source = serviceSource(service);
    const out: EnvVariable[] = [];
    const add = (name: string, value: string) => out.push({ name, value, source });
    add(`${prefix}_SERVICE_HOST`, ip);
    const ports = service.spec.ports ?? [];
    // Validation requires ports on a Service with a cluster IP; kubelet would index ports[0] unguarded.
    if (ports.length === 0) return out;
    add(`${prefix}_SERVICE_PORT`, String(ports[0]!.port));
    for (const p of ports) {
        if (p.name) add(`${prefix}_SERVICE_PORT_${envPrefix(p.name)}`, String(p.port));
    }
    ports.forEach((p, i) => {
        const protocol = p.protocol || 'TCP';
        const url = `${protocol.toLowerCase()}://${joinHostPort(ip, p.port)}`;
        if (i === 0) add(`${prefix}_PORT`, url);
        const portPrefix = `${prefix}_PORT_${p.port}_${protocol.toUpperCase()}`;
        add(portPrefix, url);
        add(`${portPrefix}_PROTO`, protocol.toLowerCase());
        add(`${portPrefix}_PORT`, String(p.port));
        add(`${portPrefix}_ADDR`, ip);
    });
    return out;
}

/**
 * The master services kubelet always injects from `default` (kubernetes/kubernetes pkg/kubelet/kubelet_pods.go
 * `masterServices`).
 */
const MASTER_SERVICES = new Set(['kubernetes']);

/**
 * The Services kubelet turns into env vars for a pod in `namespace` (kubernetes/kubernetes pkg/kubelet/kubelet_pods.go
 * `getServiceEnvVarMap`):
 * - Services without a cluster IP (headless, ExternalName, empty) are skipped;
 * - default/kubernetes is always used, even with enableServiceLinks false, unless a Service of that name was
 *   already taken;
 * - with enableServiceLinks, every Service in the pod's namespace is used and replaces an earlier one of the same
 *   name, so a local `kubernetes` Service wins over default/kubernetes;
 * - Services of other namespaces never are.
 * kubelet orders them randomly (a Go map); this returns them sorted by name.
 */
export function servicesForPodEnv(snapshot: ClusterSnapshot, namespace: string, enableServiceLinks: boolean): Service[] {
    return memoized(snapshot, `servicesForPodEnv\u0000${namespace}\u0000${enableServiceLinks}`, () => {
        const byName = new Map<string, Service>();
        if (enableServiceLinks) {
            for (const s of servicesIn(snapshot, namespace)) {
                if (!isServiceIPSet(s)) continue;
                if (namespace === 'default' && MASTER_SERVICES.has(s.metadata.name)) continue;
                byName.set(s.metadata.name, s);
            }
        }
        for (const name of MASTER_SERVICES) {
            const s = serviceNamed(snapshot, 'default', name);
            if (s && isServiceIPSet(s) && !byName.has(name)) byName.set(name, s);
        }
        return [...byName.values()].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
    });
}

/**
 * Env names that two or more of these Services produce (e.g. Service `foo` makes FOO_SERVICE_PORT=<port> and
 * Service `foo-service` makes link var FOO_SERVICE_PORT=tcp://…). kubelet flattens them into one map after a
 * random service order, so which value wins is not deterministic (inference from
 * kubelet_pods.go `getServiceEnvVarMap`, which builds the map by ranging over a Go map). Sorted by name.
 */
export function envNameClashes(services: Service[]): { name: string; services: string[] }[] {
    const owners = new Map<string, string[]>();
    for (const s of services) {
        const key = `${nsOf(s)}/${s.metadata.name}`;
        for (const v of serviceEnvVars(s)) {
            const list = owners.get(v.name) ?? [];
            if (!list.includes(key)) list.push(key);
            owners.set(v.name, list);
        }
    }
    return [...owners.entries()]
        .filter(([, list]) => list.length > 1)
        .map(([name, list]) => ({ name, services: list }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * A name a POSIX shell can reference as `$NAME`: `[A-Za-z_][A-Za-z0-9_]*`. Services whose names start with a
 * digit (KEP-5311 RelaxedServiceNameValidation, kubernetes/enhancements
 * keps/sig-network/5311-relaxed-validation-for-service-names) give variables such as `1_TEST_SERVICE_HOST`, which
 * kubelet injects as is but `sh` cannot expand.
 */
export function isPosixShellName(name: string): boolean {
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

/**
 * Variables whose value bash, zsh or dash later runs or expands as code (a prompt with `$(…)`, PROMPT_COMMAND, the file
 * ENV and BASH_ENV name, zsh's ZDOTDIR): sourcing a pod's variables into a shell must not set them.
 */
const SHELL_CODE_VARIABLES = new Set([
    'PROMPT_COMMAND',
    'PS0',
    'PS1',
    'PS2',
    'PS3',
    'PS4',
    'PROMPT',
    'PROMPT2',
    'PROMPT3',
    'PROMPT4',
    'RPROMPT',
    'RPROMPT2',
    'RPS1',
    'RPS2',
    'BASH_ENV',
    'ENV',
    'ZDOTDIR',
]);

export function shellRunsAsCode(name: string): boolean {
    return SHELL_CODE_VARIABLES.has(name);
}

/** The variable names among these that POSIX shells cannot use (for a finding). */
export function shellUnusableEnvNames(vars: EnvVariable[]): string[] {
    return vars.filter((v) => !isPosixShellName(v.name)).map((v) => v.name);
}

/**
 * `$(VAR)` expansion as kubelet does it (k8s.io/kubernetes third_party/forked/golang/expansion):
 * `$(NAME)` becomes the mapped value; an undefined NAME stays literally `$(NAME)`; `$$` is an escaped `$`;
 * a `$` before anything but `(` or `$` is kept with that character; an unterminated `$(` stays as is and
 * scanning continues after it; a `$` at the end stays. Values are not expanded again (no recursion) and
 * `${VAR}` / `$VAR` shell syntax is not special.
 */
export function expandEnvValue(value: string, lookup: (name: string) => string | undefined): string {
    let out = '';
    let i = 0;
    while (i < value.length) {
        const ch = value[i]!;
        if (ch !== '$' || i + 1 >= value.length) {
            out += ch;
            i += 1;
            continue;
        }
        const next = value[i + 1]!;
        if (next === '$') {
            out += '$';
            i += 2;
        } else if (next === '(') {
            const close = value.indexOf(')', i + 2);
            if (close < 0) {
                out += '$(';
                i += 2;
            } else {
                const name = value.slice(i + 2, close);
                out += lookup(name) ?? `$(${name})`;
                i = close + 1;
            }
        } else {
            out += `$${next}`;
            i += 2;
        }
    }
    return out;
}

/** The pod fields kubelet's downward API can give that the snapshot holds; undefined when svcdig cannot tell. */
function fieldRefValue(pod: Pod, path: string): string | undefined {
    const labelOrAnnotation = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
    if (labelOrAnnotation) {
        const map = labelOrAnnotation[1] === 'labels' ? pod.metadata.labels : pod.metadata.annotations;
        return map?.[labelOrAnnotation[2]!] ?? '';
    }
    const spec = pod.spec as Pod['spec'] & { serviceAccountName?: string };
    const ips = (pod.status?.podIPs ?? []).map((p) => p.ip);
    switch (path) {
        case 'metadata.name':
            return pod.metadata.name;
        case 'metadata.namespace':
            return nsOf(pod);
        case 'metadata.uid':
            return pod.metadata.uid;
        case 'spec.nodeName':
            return spec.nodeName;
        case 'spec.serviceAccountName':
            return spec.serviceAccountName;
        case 'status.podIP':
            return pod.status?.podIP ?? ips[0];
        case 'status.podIPs':
            return ips.length ? ips.join(',') : pod.status?.podIP;
        case 'status.hostIP':
            return pod.status?.hostIP;
        default:
            return undefined;
    }
}

/** A container variable before Service variables are merged in. `reference` explains a null value. */
interface ContainerVar {
    name: string;
    value: string | null;
    source: string;
    reference?: string;
}

/**
 * One `env[]` entry resolved as kubelet's makeEnvironmentVariables does (pkg/kubelet/kubelet_pods.go), without reading
 * Secrets/ConfigMaps.
 */
function resolveContainerVar(e: EnvVar, pod: Pod, lookup: (name: string) => { value: string | null; reference?: string } | undefined): ContainerVar {
    if (e.value) {
        const unknown: string[] = [];
        const expanded = expandEnvValue(e.value, (name) => {
            const hit = lookup(name);
            if (!hit) return undefined;
            if (hit.value === null) {
                unknown.push(`$(${name}) ← ${hit.reference ?? 'a value svcdig does not read'}`);
                return '';
            }
            return hit.value;
        });
        if (unknown.length > 0) return { name: e.name, value: null, source: 'container', reference: `expands ${unknown.join(', ')}` };
        return { name: e.name, value: expanded, source: 'container' };
    }
    const from = e.valueFrom;
    if (from?.secretKeyRef) {
        const { name, key } = from.secretKeyRef;
        return { name: e.name, value: null, source: `container:secretKeyRef ${name}/${key}`, reference: `secret ${name} key ${key}` };
    }
    if (from?.configMapKeyRef) {
        const { name, key } = from.configMapKeyRef;
        return { name: e.name, value: null, source: `container:configMapKeyRef ${name}/${key}`, reference: `configMap ${name} key ${key}` };
    }
    if (from?.fieldRef) {
        const path = from.fieldRef.fieldPath;
        const v = fieldRefValue(pod, path);
        return v === undefined
            ? { name: e.name, value: null, source: `container:fieldRef ${path}`, reference: `field ${path}` }
            : { name: e.name, value: v, source: `container:fieldRef ${path}` };
    }
    if (from?.resourceFieldRef) {
        const r = from.resourceFieldRef;
        const of = r.containerName ? ` of container ${r.containerName}` : '';
        return { name: e.name, value: null, source: `container:resourceFieldRef ${r.resource}`, reference: `resource ${r.resource}${of}` };
    }
    return { name: e.name, value: '', source: 'container' };
}

function findContainer(pod: Pod, name: string | undefined): Container | undefined {
    if (name === undefined) return pod.spec.containers[0];
    return pod.spec.containers.find((c) => c.name === name) ?? pod.spec.initContainers?.find((c) => c.name === name);
}

/**
 * What kubelet would inject now (kubernetes/kubernetes pkg/kubelet/kubelet_pods.go `makeEnvironmentVariables`):
 * - without a pod: the Service variables a new pod in `namespace` gets (enableServiceLinks true, no env of its own);
 * - with a pod: for its container (the first unless named), the container's `env` in declaration order, expanded
 *   with `$(VAR)` against earlier container variables then Service variables; Secret/ConfigMap values are shown as
 *   references, never read; then the Service variables the container does not itself define.
 * kubelet's real order is random (maps); this order is: container variables, then Services by name in kubelet's
 * per-Service order. Where two Services produce one name, the first Service by name is shown and the clash noted.
 */
export function envFor(snapshot: ClusterSnapshot, args: { namespace: string; pod?: Pod; container?: string }): EnvReportData {
    const pod = args.pod;
    const namespace = pod ? nsOf(pod) : args.namespace;
    const notes: string[] = [];
    const links = pod ? pod.spec.enableServiceLinks !== false : true;
    if (!pod)
        notes.push(
            `no pod given: the Service variables a new pod in namespace ${namespace} gets with enableServiceLinks true (the default) and no env of its own`,
        );
    else if (pod.spec.enableServiceLinks === false)
        notes.push(`pod ${pod.metadata.name} sets enableServiceLinks: false: only the default/kubernetes variables are injected`);

    const services = servicesForPodEnv(snapshot, namespace, links);
    const clashes = envNameClashes(services);
    notes.push(...serviceSelectionNotes(snapshot, namespace, links, services));
    const { serviceVars, serviceEnv } = serviceVariables(services);
    notes.push(...serviceVariableNotes(serviceVars, serviceEnv, clashes));

    let containerName: string | null = null;
    let containerVars: ContainerVar[] = [];
    if (pod) {
        const container = findContainer(pod, args.container);
        if (!container) {
            notes.push(
                args.container
                    ? `pod ${pod.metadata.name} has no container ${args.container}: showing Service variables only`
                    : `pod ${pod.metadata.name} has no containers`,
            );
        } else {
            containerName = container.name;
            if (args.container === undefined && pod.spec.containers.length > 1) {
                notes.push(
                    `showing container ${container.name}, the first of ${pod.spec.containers.map((c) => c.name).join(', ')} (choose one with --container)`,
                );
            }
            containerVars = containerVariables(pod, container, serviceEnv, notes);
            notes.push(...startedBeforeServiceNotes(pod, container.name, services));
        }
    }

    const own = new Set(containerVars.map((c) => c.name));
    const variables: EnvVariable[] = [
        ...containerVars.map((c) => {
            const hidden = serviceEnv.get(c.name);
            return { ...c, ...(hidden ? { overrides: hidden.source } : {}) };
        }),
        ...serviceVars.filter((v) => !own.has(v.name)),
    ];
    notes.push('kubelet injects these in random order: compare them by name, not position');
    return { namespace, pod: pod ? pod.metadata.name : null, container: containerName, variables, notes, clashes };
}

/** Every Service's variables in kubelet's per-Service order; where two Services produce one name, the first by name. */
function serviceVariables(services: Service[]): { serviceVars: EnvVariable[]; serviceEnv: Map<string, EnvVariable> } {
    const serviceVars: EnvVariable[] = [];
    const serviceEnv = new Map<string, EnvVariable>();
    for (const s of services) {
        for (const v of serviceEnvVars(s)) {
            if (serviceEnv.has(v.name)) continue;
            serviceEnv.set(v.name, v);
            serviceVars.push(v);
        }
    }
    return { serviceVars, serviceEnv };
}

/** What to say about the Service variables: names two Services produce, names a POSIX shell cannot use. */
function serviceVariableNotes(serviceVars: EnvVariable[], serviceEnv: Map<string, EnvVariable>, clashes: EnvReportData['clashes']): string[] {
    const notes: string[] = [];
    for (const c of clashes) {
        const shown = serviceEnv.get(c.name)?.source.replace(/^service:/, '');
        notes.push(`${c.name} is produced by Services ${c.services.join(' and ')}: kubelet's winner is random (shown: ${shown})`);
    }
    const unusable = [...new Set(shellUnusableEnvNames(serviceVars).map((n) => serviceEnv.get(n)!.source.replace(/^service:/, '')))];
    for (const s of unusable) {
        notes.push(
            `Service ${s} has a name starting with a digit: its variables (e.g. ${serviceVars.find((v) => v.source === `service:${s}`)!.name}) cannot be used from a POSIX shell`,
        );
    }
    return notes;
}

/**
 * The container's own `env` in declaration order (a later entry of one name replaces the earlier), each expanded with
 * `$(VAR)` against earlier container variables, then Service variables; notes about envFrom sources go to `notes`.
 */
function containerVariables(pod: Pod, container: Container, serviceEnv: Map<string, EnvVariable>, notes: string[]): ContainerVar[] {
    const envFrom = container.envFrom ?? [];
    for (const ef of envFrom) {
        const what = ef.configMapRef ? `configMap ${ef.configMapRef.name}` : ef.secretRef ? `secret ${ef.secretRef.name}` : 'an unknown source';
        notes.push(
            `envFrom ${what}${ef.prefix ? ` (prefix ${ef.prefix})` : ''}: its keys are added too and hide Service variables of the same name; svcdig does not read them`,
        );
    }
    const containerVars: ContainerVar[] = [];
    const byName = new Map<string, ContainerVar>();
    const lookup = (name: string) => {
        const c = byName.get(name);
        if (c) return c;
        const s = serviceEnv.get(name);
        return s ? { value: s.value } : undefined;
    };
    for (const e of container.env ?? []) {
        const v = resolveContainerVar(e, pod, lookup);
        if (e.value && envFrom.length > 0) {
            const undefinedRefs = referencedNames(e.value).filter((n) => !lookup(n));
            if (undefinedRefs.length > 0) {
                notes.push(
                    `${e.name} refers to ${undefinedRefs.map((n) => `$(${n})`).join(', ')}, which an envFrom source may define: svcdig shows it unexpanded`,
                );
            }
        }
        if (byName.has(e.name)) containerVars[containerVars.findIndex((c) => c.name === e.name)] = v;
        else containerVars.push(v);
        byName.set(e.name, v);
    }
    return containerVars;
}

/** Names referenced as `$(NAME)` in a value, by the same scan as {@link expandEnvValue}. */
function referencedNames(value: string): string[] {
    const names: string[] = [];
    expandEnvValue(value, (name) => {
        names.push(name);
        return undefined;
    });
    return names;
}

function serviceSelectionNotes(snapshot: ClusterSnapshot, namespace: string, links: boolean, chosen: Service[]): string[] {
    const notes: string[] = [];
    const local = servicesIn(snapshot, namespace);
    const master = serviceNamed(snapshot, 'default', 'kubernetes');
    const localKubernetes = namespace !== 'default' ? local.find((s) => s.metadata.name === 'kubernetes' && isServiceIPSet(s)) : undefined;
    if (localKubernetes && links) {
        notes.push(
            `Service ${namespace}/kubernetes hides default/kubernetes: KUBERNETES_* point at ${localKubernetes.spec.clusterIP}, not the API server, so in-cluster clients will talk to it`,
        );
    } else if (localKubernetes) {
        notes.push(`Service ${namespace}/kubernetes is ignored (enableServiceLinks false): KUBERNETES_* come from default/kubernetes`);
    }
    if (!master && !chosen.some((s) => s.metadata.name === 'kubernetes')) {
        notes.push(
            'default/kubernetes is not in the snapshot: real pods also get KUBERNETES_SERVICE_HOST, KUBERNETES_SERVICE_PORT, KUBERNETES_SERVICE_PORT_HTTPS and KUBERNETES_PORT_443_TCP*',
        );
    }
    if (links) {
        const skipped = local
            .filter((s) => !isServiceIPSet(s))
            .map((s) => s.metadata.name)
            .sort();
        if (skipped.length > 0) notes.push(`Services without a cluster IP give no variables (headless or ExternalName): ${skipped.join(', ')}`);
    }
    for (const s of chosen) {
        const second = (s.spec.clusterIPs ?? []).filter((ip) => ip !== s.spec.clusterIP);
        if (second.length > 0) notes.push(`only spec.clusterIP is used: no variables for ${nsOf(s)}/${s.metadata.name}'s ${second.join(', ')}`);
    }
    return notes;
}

/**
 * kubelet builds the env when it starts a container and leaves service variables out of the container hash, so a
 * Service created after the container started is absent from it (kubelet_pods.go `makeEnvironmentVariables`;
 * https://kubernetes.io/docs/concepts/services-networking/service/#environment-variables: "create the Service first").
 */
function startedBeforeServiceNotes(pod: Pod, container: string, services: Service[]): string[] {
    const startedAt = pod.status?.containerStatuses?.find((c) => c.name === container)?.state?.running?.startedAt;
    const started = startedAt ? Date.parse(startedAt) : NaN;
    if (Number.isNaN(started)) return [];
    const late = services.filter((s) => {
        const created = s.metadata.creationTimestamp ? Date.parse(s.metadata.creationTimestamp) : NaN;
        return !Number.isNaN(created) && created > started;
    });
    return late.map(
        (s) =>
            `Service ${nsOf(s)}/${s.metadata.name} was created (${s.metadata.creationTimestamp}) after container ${container} started (${startedAt}): the running container does not have its variables`,
    );
}
