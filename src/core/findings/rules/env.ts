/**
 * Findings about the Docker-link environment variables kubelet injects for a Service (kubernetes/kubernetes
 * pkg/kubelet/envvars/envvars.go, pkg/kubelet/kubelet_pods.go).
 */
import { envNameClashes, envPrefix, servicesForPodEnv, shellUnusableEnvNames } from '../../envvars.js';
import type { Pod } from '../../k8s.js';
import { nsOf } from '../../snapshot.js';
import { memoized, serviceNamed, snapshotIndex } from '../../snapshot-lookups.js';
import type { FindingRule } from '../rule.js';
import { defineRule, plural, ref, shortList, type FindingDraft } from './util.js';

/**
 * Another Service that pods of this namespace also get variables from produces some of the same names:
 * kubelet flattens the Services in random (Go map) order, so which value a container sees is not
 * deterministic (inference from kubelet_pods.go `getServiceEnvVarMap`, e.g. `foo` → FOO_SERVICE_PORT=<port> and
 * `foo-service` → FOO_SERVICE_PORT=tcp://…; collisions with app config: bitnami/bitnami-docker-redis#175).
 * default/kubernetes counts for every namespace.
 */
export const envNameClash = defineRule({
    code: 'ENV_NAME_CLASH',
    severity: 'warning',
    summary: 'Another Service that pods in the namespace get variables from produces some of the same env var names; which value wins is random.',
    check: ({ snapshot, explanation: x }) => {
        if (x.env.length === 0) return [];
        const ns = x.service.namespace;
        const me = `${ns}/${x.service.name}`;
        // The clashes are one fact per namespace: computed once, looked up by Service.
        const clashesOf = memoized(snapshot, `envNameClashesByService\u0000${ns}`, () => {
            const by = new Map<string, ReturnType<typeof envNameClashes>>();
            for (const clash of envNameClashes(servicesForPodEnv(snapshot, ns, true))) {
                for (const owner of clash.services) by.set(owner, [...(by.get(owner) ?? []), clash]);
            }
            return by;
        });
        const byOther = new Map<string, string[]>();
        for (const clash of clashesOf.get(me) ?? []) {
            for (const other of clash.services) {
                if (other === me) continue;
                byOther.set(other, [...(byOther.get(other) ?? []), clash.name]);
            }
        }
        return [...byOther.entries()].map(([other, names]): FindingDraft => {
            const [ons, oname] = other.split('/') as [string, string];
            const mine = x.env.find((v) => v.name === names[0]);
            return {
                message: `Services ${me} and ${other} both produce ${shortList(names)} for pods in ${ns}${mine ? ` (${me} sets ${names[0]}=${mine.value})` : ''}: a container gets either value at random`,
                fix: `rename one of the Services (variables are named after ${envPrefix(x.service.name)}_ and ${envPrefix(oname)}_), or set enableServiceLinks: false on pods that read these variables and use DNS`,
                objects: [ref('Service', ns, x.service.name), ref('Service', ons, oname)],
            };
        });
    },
});

/**
 * When the containers of a pod last started, by the pod's container statuses (the env is built at container
 * start: kubernetes/kubernetes pkg/kubelet/kubelet_pods.go `makeEnvironmentVariables`), else its startTime, else its
 * creation time. Null when none is known.
 */
export function startedAt(pod: Pod): string | null {
    const starts = (pod.status?.containerStatuses ?? []).map((c) => c.state?.running?.startedAt).filter((s): s is string => !!s);
    if (starts.length > 0) return starts.sort()[0]!;
    return pod.status?.startTime ?? pod.metadata.creationTimestamp ?? null;
}

/**
 * Containers that started before the Service was created lack its variables: kubelet builds the env at container
 * start and deliberately does not restart containers when Services change (kubernetes/kubernetes
 * pkg/kubelet/kubelet_pods.go; kubernetes/kubernetes#5184). Only for Services that produce variables, only pods of the
 * namespace that take service links (default/kubernetes reaches every pod). Information: clients that use DNS are
 * unaffected.
 */
export const podsPredateService = defineRule({
    code: 'PODS_PREDATE_SERVICE',
    severity: 'info',
    summary: 'Pods whose containers started before the Service was created lack its environment variables until they restart.',
    check: ({ snapshot, explanation: x }) => {
        if (x.env.length === 0 || !x.service.createdAt) return [];
        const created = Date.parse(x.service.createdAt);
        if (Number.isNaN(created)) return [];
        const ns = x.service.namespace;
        const master = ns === 'default' && x.service.name === 'kubernetes';
        // Running pods that get the variables, by start time, once per namespace: each Service takes those before it.
        const byStart = memoized(snapshot, `podStarts\u0000${master ? '' : ns}`, () => {
            const out: { pod: Pod; at: string; ms: number; order: number }[] = [];
            const pods = master ? (snapshot.clusterWide?.podsBeforeApiService ?? snapshot.pods) : (snapshotIndex(snapshot).podsByNamespace.get(ns) ?? []);
            for (const [order, pod] of pods.entries()) {
                if (!master && pod.spec.enableServiceLinks === false) continue;
                const phase = pod.status?.phase;
                if (phase === 'Succeeded' || phase === 'Failed') continue;
                const at = startedAt(pod);
                const ms = at ? Date.parse(at) : NaN;
                if (at && !Number.isNaN(ms)) out.push({ pod, at, ms, order });
            }
            return out.sort((a, b) => a.ms - b.ms);
        });
        const late: { pod: Pod; at: string; order: number }[] = [];
        for (const p of byStart) {
            if (p.ms >= created) break;
            late.push(p);
        }
        if (late.length === 0) return [];
        late.sort((a, b) => a.order - b.order);
        return [
            {
                message: `${plural(late.length, 'pod')} started before Service ${ns}/${x.service.name} was created (${x.service.createdAt}) and lack${late.length === 1 ? 's' : ''} its ${envPrefix(x.service.name)}_* variables: ${shortList(late.map((l) => `${nsOf(l.pod) === ns ? '' : `${nsOf(l.pod)}/`}${l.pod.metadata.name} (${l.at})`))}`,
                fix: 'restart those pods (kubectl rollout restart) if they read the variables, or have them use DNS; create Services before their clients',
                objects: [ref('Service', ns, x.service.name), ...late.map((l) => ref('Pod', nsOf(l.pod), l.pod.metadata.name))],
            },
        ];
    },
});

/**
 * A Service name that starts with a digit (allowed with RelaxedServiceNameValidation, KEP-5311) gives variables
 * such as 1_TEST_SERVICE_HOST: kubelet injects them as is, but a POSIX shell cannot expand a name that starts with
 * a digit (kubernetes/kubernetes pkg/kubelet/envvars/envvars.go `makeEnvVariableName` keeps it).
 */
export const serviceNameStartsWithDigit = defineRule({
    code: 'SERVICE_NAME_STARTS_WITH_DIGIT',
    severity: 'warning',
    summary: 'The Service name starts with a digit, so its env var names cannot be used from POSIX shells.',
    check: ({ explanation: x }) => {
        // only the name's first character is the Service's doing: a port name the API server would refuse (read from
        // a file) can spoil a variable too, and is not what this finding is about
        if (!/^[0-9]/.test(x.service.name)) return [];
        const bad = shellUnusableEnvNames(x.env);
        if (bad.length === 0) return [];
        const ns = x.service.namespace;
        return [
            {
                message: `Service ${ns}/${x.service.name} starts with a digit: its variables (${shortList(bad, 2)}) cannot be expanded by a POSIX shell`,
                fix: 'rename the Service to start with a letter if anything reads these variables from a shell; DNS names are unaffected',
                objects: [ref('Service', ns, x.service.name)],
            },
        ];
    },
});

/**
 * A Service named `kubernetes` outside `default` that has a cluster IP: with enableServiceLinks (the default) the
 * local Service replaces default/kubernetes in kubelet's map, so every pod of the namespace gets
 * KUBERNETES_SERVICE_HOST/PORT pointing at it (kubernetes/kubernetes pkg/kubelet/kubelet_pods.go `getServiceEnvVarMap`;
 * its kubelet_pods_test.go case "master service in pod ns, service env vars"). In-cluster API clients locate the API
 * server through exactly these variables.
 */
export const kubernetesServiceShadowed = defineRule({
    code: 'KUBERNETES_SERVICE_SHADOWED',
    severity: 'error',
    summary: "A Service named kubernetes outside default replaces the API server's KUBERNETES_SERVICE_* variables for every pod in its namespace.",
    check: ({ snapshot, explanation: x }) => {
        if (x.service.name !== 'kubernetes' || x.service.namespace === 'default' || x.env.length === 0) return [];
        const ns = x.service.namespace;
        const api = serviceNamed(snapshot, 'default', 'kubernetes');
        const host = x.env.find((v) => v.name === 'KUBERNETES_SERVICE_HOST')?.value ?? x.service.clusterIPs[0] ?? '?';
        return [
            {
                message: `Service ${ns}/kubernetes makes KUBERNETES_SERVICE_HOST=${host} in every pod of ${ns} that keeps service links, instead of the API server${api?.spec.clusterIP ? ` (${api.spec.clusterIP})` : ''}: in-cluster API clients there talk to this Service`,
                fix: `rename the Service, or set enableServiceLinks: false on the pods of ${ns} (kubelet then injects default/kubernetes)`,
                objects: [ref('Service', ns, 'kubernetes'), ref('Service', 'default', 'kubernetes')],
            },
        ];
    },
});

export const ENV_RULES: FindingRule[] = [envNameClash, podsPredateService, serviceNameStartsWithDigit, kubernetesServiceShadowed];
