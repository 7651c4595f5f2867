import { API_VERSION } from '../../core/api-version.js';
import type { RunContext } from '../../context.js';
import { envFor } from '../../core/envvars.js';
import { nsOf } from '../../core/snapshot.js';
import { closeNames } from '../../core/suggest.js';
import { SvcdigError, usageError } from '../../errors.js';
import type { EnvReport } from '../../core/env-report.js';
import { printToStdout } from '../common/print.js';
import type { OutputOptions, SourceOptions } from '../common/options.js';
import { requireNamespace } from '../common/find-service.js';
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
    const cluster = await loadCluster(opts, ctx, { pods: !!opts.pod, statefulSets: false, endpointSlices: false, corednsConfig: false, namespaces: true });
    const ns = cluster.namespace;
    requireNamespace(cluster);
    let pod;
    if (opts.pod) {
        pod = cluster.snapshot.pods.find((p) => nsOf(p) === ns && p.metadata.name === opts.pod);
        if (!pod) {
            const close = closeNames(
                opts.pod,
                cluster.snapshot.pods.filter((p) => nsOf(p) === ns).map((p) => p.metadata.name),
            );
            throw new SvcdigError(
                'notFound',
                `pod "${opts.pod}" not found in namespace "${ns}"`,
                close.length ? { hint: `did you mean ${close.join(', ')}?` } : undefined,
            );
        }
        if (opts.container && !pod.spec.containers.some((c) => c.name === opts.container)) {
            throw new SvcdigError(
                'notFound',
                `pod ${opts.pod} has no container "${opts.container}" (containers: ${pod.spec.containers.map((c) => c.name).join(', ')})`,
            );
        }
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
