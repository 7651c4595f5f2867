import type { RunContext } from '../../context.js';
import { dnsIndexOf } from '../common/snapshot-memo.js';
import { explainService } from '../../core/explain.js';
import { ExitCode, usageError } from '../../errors.js';
import { printReport } from '../../render/registry.js';
import { noteReportNotes, printOptions } from '../common/print.js';
import type { OutputOptions, SourceOptions } from '../common/options.js';
import { findServiceLive, namedBy, namedObject } from '../common/find-service.js';
import { chooseService, interactive, watchLoop, withSpinner } from '../common/interactive.js';
import { loadCluster, type LoadedCluster } from '../common/load-cluster.js';

const NEEDS = { pods: true, statefulSets: true, endpointSlices: true, corednsConfig: true, namespaces: true };

export type ExplainOptions = SourceOptions & OutputOptions & { watch?: boolean };

export async function runExplain(serviceName: string | undefined, opts: ExplainOptions, ctx: RunContext): Promise<void> {
    if (!serviceName && !interactive(ctx)) throw usageError('explain needs a SERVICE name', 'example: svcdig explain nginx --demo');
    // NS/NAME and NAME.NS name the namespace to read (core/object-ref.ts).
    const ref = serviceName === undefined ? undefined : namedObject(serviceName, 'Service', opts.namespace, 'explain');
    const source = { ...opts, namespace: ref?.namespace ?? opts.namespace };
    const load = () =>
        withSpinner(
            ctx,
            opts.demo || opts.fromFile?.length ? 'reading objects' : 'reading Services, EndpointSlices, Pods and the Corefile',
            loadCluster(source, ctx, NEEDS),
        );
    let cluster: LoadedCluster | undefined = await load();
    const name = ref?.name ?? (await chooseService(ctx, cluster.snapshot, cluster.namespace, 'explain'));
    // --watch against a live cluster: re-render as the API reports changes in the Service's namespace.
    const changes = opts.watch ? cluster.live?.changes(cluster.namespace) : undefined;
    let noted = false;
    const once = async () => {
        const c = cluster ?? (await load());
        cluster = undefined;
        const service = await findServiceLive(c, c.namespace, name, namedBy(ref));
        const explanation = explainService(c.snapshot, dnsIndexOf(c.snapshot, c.dnsConfig), c.dnsConfig, service);
        if (explanation.findings.some((f) => f.severity === 'error')) ctx.raise(ExitCode.findings);
        // describe has them in its Notes section; a table's rows stay rows, so its notes go to stderr, once per run
        if (opts.output !== 'describe' && !noted) noteReportNotes(explanation.notes, opts.output, ctx);
        noted = true;
        return printReport('explain', explanation, printOptions(opts, opts.output, ctx));
    };
    if (opts.watch) return watchLoop(ctx, 2000, once, changes);
    ctx.deps.stdout.write(await once());
}
