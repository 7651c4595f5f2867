/**
 * `svcdig env --pod P --compare`: the running container's real environment (`env` through exec, client-node Exec)
 * against what kubelet would inject now (report.variables; kubernetes/kubernetes pkg/kubelet/kubelet_pods.go).
 *
 * kubelet builds a container's environment once, when it starts the container, from the Services that exist then
 * (kubelet_pods.go); it never updates it. So, comparing only the service-link variables ({P}_SERVICE_HOST,
 * {P}_SERVICE_PORT[_NAME], {P}_PORT, {P}_PORT_<port>_<PROTO>[_PROTO|_PORT|_ADDR]):
 * - missing: kubelet would inject it now, the container lacks it — the Service was created after the container started;
 * - stale: both have it with different values — typically the Service was deleted and recreated with a new ClusterIP;
 * - extra: the container has it, no Service makes it now — the Service was deleted (or renamed) since;
 * - overridden: the container's own `env` sets a service-link name, which wins over the Service's value.
 *
 * Secrets: `env` prints every variable, but only service-link families are kept; every other value is dropped on
 * arrival and never stored, compared or printed. A service-link name the container sets from a Secret or ConfigMap is
 * reported without its value.
 */
import type { RunContext } from '../../context.js';
import type { EnvVariable } from '../../core/envvars.js';
import { envPrefix } from '../../core/envvars.js';
import type { Pod, Service } from '../../core/k8s.js';
import { nsOf } from '../../core/snapshot.js';
import { ExitCode } from '../../errors.js';
import type { EnvComparison, EnvReport } from '../../core/env-report.js';
import type { LoadedCluster } from '../common/load-cluster.js';
import { execInPod, PodExecError } from '../../adapters/kube/exec.js';

/**
 * The service-link family prefixes ({P}) a variable name can belong to, most specific first; [] when it has none of
 * the shapes. A name can fit several: FOO_SERVICE_PORT is Service foo's port and Service foo-service's link variable.
 */
export function serviceLinkPrefixes(name: string): string[] {
    const out: string[] = [];
    const add = (m: RegExpExecArray | null) => {
        if (m && m[1] && !out.includes(m[1])) out.push(m[1]);
    };
    add(/^(.+)_SERVICE_HOST$/.exec(name));
    add(/^(.+)_SERVICE_PORT$/.exec(name));
    add(/^(.+)_PORT_\d+_(?:TCP|UDP|SCTP)(?:_PROTO|_PORT|_ADDR)?$/.exec(name));
    add(/^(.+)_PORT$/.exec(name));
    for (let i = name.indexOf('_SERVICE_PORT_'); i > 0; i = name.indexOf('_SERVICE_PORT_', i + 1)) out.push(name.slice(0, i));
    return out;
}

/** The most specific family prefix of a name, or undefined. */
export function serviceLinkPrefix(name: string): string | undefined {
    return serviceLinkPrefixes(name)[0];
}

/**
 * `env` output (NAME=VALUE per line) reduced to the service-link variables of the families `keep` accepts. A line
 * without `=` continues the previous value (a value with a newline); values of other variables are never kept.
 */
export function serviceLinkVars(envOutput: string, keep: (prefix: string, name: string) => boolean): Map<string, string> {
    const out = new Map<string, string>();
    let current: string | undefined;
    for (const line of envOutput.split('\n')) {
        const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9][A-Za-z0-9_]*)=(.*)$/s.exec(line);
        if (m) {
            const name = m[1]!;
            current = serviceLinkPrefixes(name).some((p) => keep(p, name)) ? name : undefined;
            if (current) out.set(current, m[2]!);
        } else if (current !== undefined) {
            out.set(current, `${out.get(current)}\n${line}`);
        }
    }
    // The last line of `env` ends with a newline: drop the empty continuation it makes.
    for (const [k, v] of out) if (v.endsWith('\n')) out.set(k, v.replace(/\n+$/, ''));
    return out;
}

/** Every service-link family prefix in `env` output (names only: a first pass that keeps no value). */
function familiesIn(envOutput: string): Set<string> {
    const out = new Set<string>();
    for (const line of envOutput.split('\n')) {
        const m = /^([^=\s]+)_SERVICE_HOST=/.exec(line);
        if (m) out.add(m[1]!);
    }
    return out;
}

function startedAtOf(pod: Pod, container: string): string | undefined {
    return pod.status?.containerStatuses?.find((c) => c.name === container)?.state?.running?.startedAt;
}

function serviceOf(cluster: LoadedCluster, source: string): Service | undefined {
    const m = /^service:([^/]+)\/(.+)$/.exec(source);
    if (!m) return undefined;
    return cluster.snapshot.services.find((s) => nsOf(s) === m[1] && s.metadata.name === m[2]);
}

const after = (a: string | undefined, b: string | undefined) => !!a && !!b && Date.parse(a) > Date.parse(b);

const empty = (): Omit<EnvComparison, 'status'> => ({ missing: [], stale: [], extra: [], overridden: [] });

/** Compares the expected service-link variables with the running container's (pure; `actual` holds only those). */
export function compareServiceLinks(args: {
    variables: EnvVariable[];
    actual: Map<string, string>;
    startedAt: string | undefined;
    serviceFor: (source: string) => Service | undefined;
    namespace: string;
}): EnvComparison {
    const { variables, actual, startedAt, serviceFor } = args;
    const c: EnvComparison = { status: 'compared', ...empty() };
    const started = startedAt ? `started at ${startedAt}` : 'started (time unknown)';
    const expected = new Map<string, EnvVariable>();
    const own = new Map<string, EnvVariable>();
    for (const v of variables) {
        if (v.source.startsWith('service:')) expected.set(v.name, v);
        else if (v.overrides || actual.has(v.name)) own.set(v.name, v);
    }
    for (const [name, v] of own) {
        const shown = v.value === null ? `(value not shown: ${v.reference ?? v.source.replace(/^container:?/, '')})` : (actual.get(name) ?? v.value);
        c.overridden.push({
            name,
            actual: shown,
            why: `the container's own env sets it${v.overrides ? `, hiding the value from ${v.overrides.replace(/^service:/, 'Service ')}` : ''}`,
        });
    }
    for (const [name, v] of expected) {
        if (own.has(name)) continue;
        const svc = serviceFor(v.source);
        const created = svc?.metadata.creationTimestamp;
        const svcName = v.source.replace(/^service:/, '');
        const got = actual.get(name);
        if (got === undefined) {
            const why = after(created, startedAt)
                ? `the Service was created at ${created}, after the container ${started}`
                : `Service ${svcName} makes it now, but the running container does not have it (container ${started}${created ? `, Service created at ${created}` : ''})`;
            c.missing.push({ name, expected: v.value, why });
        } else if (v.value !== null && got !== v.value) {
            const why = after(created, startedAt)
                ? `the Service was recreated at ${created}, after the container ${started}, with new values (e.g. a new ClusterIP)`
                : `Service ${svcName} makes ${v.value} now; the container keeps the value it got when it ${started}`;
            c.stale.push({ name, expected: v.value, actual: got, why });
        }
    }
    for (const [name, got] of actual) {
        if (expected.has(name) || own.has(name)) continue;
        const prefix = serviceLinkPrefixes(name).find((p) => actual.has(`${p}_SERVICE_HOST`)) ?? serviceLinkPrefix(name)!;
        c.extra.push({
            name,
            actual: got,
            why: `no Service in namespace ${args.namespace} makes ${name} now: a Service ${prefix.toLowerCase().replace(/_/g, '-')} existed when the container ${started} and has been deleted or renamed since`,
        });
    }
    const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    c.missing.sort(byName);
    c.stale.sort(byName);
    c.extra.sort(byName);
    c.overridden.sort(byName);
    return c;
}

export async function compareWithRunningPod(report: EnvReport, cluster: LoadedCluster, ctx: RunContext): Promise<void> {
    const unavailable = (reason: string) => {
        report.comparison = { status: 'unavailable', reason, ...empty() };
        ctx.note(`note: cannot compare with the running container: ${reason}; showing what kubelet would inject`);
    };
    const ns = report.namespace;
    const pod = cluster.snapshot.pods.find((p) => nsOf(p) === ns && p.metadata.name === report.pod);
    const container = report.container;
    if (!pod || !container) return unavailable('no container to read (the pod has none, or the one asked for is not there)');
    if (cluster.origin !== 'live' || !cluster.live)
        return unavailable(`--compare reads the running container through the API server; ${cluster.origin === 'demo' ? 'the demo' : 'files'} have none`);
    let stdout: string;
    try {
        const out = await execInPod(await cluster.live.kubeConfig(), { namespace: ns, name: pod.metadata.name }, container, ['env']);
        if (out.exitCode !== 0) {
            return unavailable(
                `running env in container ${container} of pod ${ns}/${pod.metadata.name} failed (exit ${out.exitCode ?? 'unknown'}${out.stderr ? `: ${out.stderr.trim().split('\n')[0]}` : ''}); the image may have no env binary`,
            );
        }
        stdout = out.stdout;
    } catch (err) {
        if (err instanceof PodExecError && err.forbidden) return unavailable(`svcdig needs get and create pods/exec in namespace ${ns}`);
        if (err instanceof PodExecError) return unavailable(err.message);
        throw err;
    }
    // Families: those kubelet would inject now, and those the container has a {P}_SERVICE_HOST for. KUBERNETES_* are
    // only judged when the snapshot holds a kubernetes Service (default/kubernetes is outside a namespaced read).
    const expectedFamilies = new Set(
        report.variables
            .filter((v) => v.source.startsWith('service:') && v.name.endsWith('_SERVICE_HOST'))
            .map((v) => v.name.slice(0, -'_SERVICE_HOST'.length)),
    );
    const hasKubernetes = cluster.snapshot.services.some((s) => s.metadata.name === 'kubernetes');
    const families = new Set([...expectedFamilies, ...familiesIn(stdout)]);
    if (!hasKubernetes && !expectedFamilies.has(envPrefix('kubernetes'))) families.delete(envPrefix('kubernetes'));
    const actual = serviceLinkVars(stdout, (prefix) => families.has(prefix));
    report.comparison = compareServiceLinks({
        variables: report.variables,
        actual,
        startedAt: startedAtOf(pod, container),
        serviceFor: (source) => serviceOf(cluster, source),
        namespace: ns,
    });
    if (!hasKubernetes) report.notes.push('KUBERNETES_* were not compared: default/kubernetes was not read');
    const c = report.comparison;
    if (c.missing.length || c.stale.length || c.extra.length) ctx.raise(ExitCode.findings);
}
