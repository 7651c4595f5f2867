import type { RunContext } from '../context.js';
import { buildDnsIndex } from '../core/dns/index.js';
import { explainService } from '../core/explain.js';
import { ExitCode, usageError } from '../errors.js';
import { renderExplanation } from '../render/explain-render.js';
import type { ExplainOptions } from './explain.js';
import { findService } from './find-service.js';
import { loadCluster } from './load-cluster.js';

export async function runExplain(serviceName: string | undefined, opts: ExplainOptions, ctx: RunContext): Promise<void> {
    if (!serviceName) throw usageError('explain needs a SERVICE name', 'example: svcdig explain nginx --demo');
    const cluster = await loadCluster(opts, ctx.deps, { pods: true, statefulSets: true, endpointSlices: true, corednsConfig: true, namespaces: true });
    const service = findService(cluster.snapshot, cluster.namespace, serviceName);
    const index = buildDnsIndex(cluster.snapshot, cluster.dnsConfig);
    const explanation = explainService(cluster.snapshot, index, cluster.dnsConfig, service);
    ctx.deps.stdout.write(renderExplanation(explanation, opts, ctx));
    if (explanation.findings.some((f) => f.severity === 'error')) ctx.raise(ExitCode.findings);
}
