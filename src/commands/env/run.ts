import { API_VERSION } from '../../core/api-version.js';
import type { RunContext } from '../../context.js';
import { envFor } from '../../core/envvars.js';
import { SvcdigError, usageError } from '../../errors.js';
import type { EnvReport } from '../../core/env-report.js';
import { printToStdout } from '../common/print.js';
import type { OutputOptions, SourceOptions } from '../common/options.js';
import { findPod, namedBy, namedObject, requireNamespace } from '../common/find-service.js';
import { loadCluster } from '../common/load-cluster.js';

export interface EnvOptions extends SourceOptions, Omit<OutputOptions, 'output'> {
    output?: string;
    pod?: string;
    container?: string;
    compare?: boolean;
}

export async function runEnv(opts: EnvOptions, ctx: RunContext): Promise<void> {
    if (opts.container && !opts.pod) throw usageError('--container needs --pod');
    if (opts.compare && !opts.pod) throw usageError('--compare needs --pod (the running container to compare with)');
    // --pod NS/POD names the namespace to read (core/object-ref.ts).
    const ref = opts.pod === undefined ? undefined : namedObject(opts.pod, 'pod', opts.namespace, '--pod');
    const source = { ...opts, namespace: ref?.namespace ?? opts.namespace };
    const cluster = await loadCluster(source, ctx, { pods: !!opts.pod, statefulSets: false, endpointSlices: false, corednsConfig: false, namespaces: true });
    const ns = cluster.namespace;
    requireNamespace(cluster);
    const pod = ref && findPod(cluster.snapshot, ns, ref.name, namedBy(ref));
    if (pod && opts.container && !pod.spec.containers.some((c) => c.name === opts.container)) {
        throw new SvcdigError(
            'notFound',
            `pod ${pod.metadata.name} has no container "${opts.container}" (containers: ${pod.spec.containers.map((c) => c.name).join(', ')})`,
        );
    }
    const data = envFor(cluster.snapshot, { namespace: ns, ...(pod ? { pod } : {}), ...(opts.container ? { container: opts.container } : {}) });
    const report: EnvReport = { apiVersion: API_VERSION, kind: 'EnvReport', ...data };
    if (opts.compare) {
        const { compareWithRunningPod } = await import('./compare.js');
        await compareWithRunningPod(report, cluster, ctx);
    }
    const format = opts.output ?? (ctx.deps.stdout.isTTY ? 'table' : 'dotenv');
    printToStdout('env', report, { ...opts, output: format }, ctx);
}
