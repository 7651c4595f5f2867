import type { ClusterScope, FlatSnapshotRequest, LiveSource } from '../../adapters/kube/index.js';
import type { Deps } from '../../deps.js';
import { loadObjectText, parseObjectsStrict } from '../../adapters/files/load-objects.js';
import { fileNamespaces, snapshotFromText, type FileNamespaces } from '../../adapters/files/file-objects.js';
import type { PackedObjects } from '../../adapters/files/packed-texts.js';
import { packText, type PackedInput } from '../../adapters/files/packed-input.js';
import { snapshotFromObjects } from '../../core/snapshot-from-objects.js';
import { dnsConfigFor } from '../../core/dns/corefile.js';
import type { DnsConfig } from '../../core/dns/dns-config.js';
import { invalidNamespaceReason } from '../../core/name-rules.js';
import { shownObjectNotes } from '../../core/object-shape.js';
import { mergeSnapshots, type ClusterSnapshot } from '../../core/snapshot.js';
import { ExitCode, usageError } from '../../errors.js';
import { parseDuration, type SourceOptions } from './options.js';
import { printable } from '../../render/escape.js';
import { restartUncappedIfTooBig } from '../../heap-restart.js';

/** What a command needs from the cluster; live reads fetch only these (the live adapter's request, flattened). */
export type ClusterNeeds = FlatSnapshotRequest;

export interface LoadedCluster {
    snapshot: ClusterSnapshot;
    dnsConfig: DnsConfig;
    /** The namespace commands work in: -n, else the context's, else "default". */
    namespace: string;
    origin: 'file' | 'demo' | 'live';
    /** For live clusters: the adapter, so later steps (port-forward, exec) can reuse the connection. */
    live?: LiveSource;
    /** Notes about facts that could not be read go to stderr (not for the hidden __complete). */
    printsForHumans?: boolean;
    /** Live: the namespaces whose Services, EndpointSlices and Pods were read. */
    namespacesRead?: string[] | 'all';
}

export function checkSourceFlags(opts: SourceOptions): void {
    const live = opts.context || opts.kubeconfig || opts.cluster || opts.user;
    if (opts.demo && opts.fromFile?.length) throw usageError('--demo and --from-file cannot be used together');
    if ((opts.demo || opts.fromFile?.length) && live) {
        throw usageError(`--${opts.demo ? 'demo' : 'from-file'} reads no cluster; drop --context/--kubeconfig/--cluster/--user`);
    }
    if (opts.namespace !== undefined) {
        const why = invalidNamespaceReason(opts.namespace);
        // -n Default: a case slip, so the hint names the namespace meant (namespaces are lower case).
        const meant = opts.namespace.toLowerCase();
        if (why) throw usageError(`invalid namespace "${opts.namespace}": ${why}`, invalidNamespaceReason(meant) ? undefined : `did you mean -n ${meant}?`);
    }
    if (opts.namespace && opts.allNamespaces) throw usageError('use either -n/--namespace or -A/--all-namespaces, not both');
}

/** A cluster read before and kept current by its reader (svcdig shell's cache): used as it is, never read again. */
export interface CachedCluster {
    cached?: LoadedCluster;
}

/**
 * What a command asks of loadCluster. `alsoRead`, for live reads only: given the namespace the command works in, more
 * namespaces whose Services, EndpointSlices and Pods to read in the same round (resolve's guess at the namespaces its
 * names reach).
 */
export type LoadNeeds = Omit<ClusterNeeds, 'namespace'> & { namespace?: string | null; alsoRead?: (namespace: string) => string[] };

type LoadContext = { deps: Deps; raise(code: ExitCode): void; trace?(line: string): void };

export async function loadCluster(opts: SourceOptions & CachedCluster, ctx: LoadContext, needs: LoadNeeds): Promise<LoadedCluster> {
    checkSourceFlags(opts);
    if (opts.cached) return { ...opts.cached, namespace: opts.namespace ?? opts.cached.namespace };
    const cluster = opts.demo || opts.fromFile?.length ? await loadWhole(opts, ctx) : await loadLive(opts, ctx, needs);
    traceSource(cluster, ctx);
    return cluster;
}

/** -v: where the cluster and its DNS settings came from, whichever command read them. */
function traceSource(cluster: LoadedCluster, ctx: LoadContext): void {
    ctx.trace?.(`cluster from ${cluster.snapshot.origin}; DNS config from ${cluster.dnsConfig.source}`);
}

/** The flags that change how the Corefile is read (--zone, --ttl, --pods-mode, --endpoint-pod-names). */
export const dnsFlags = (opts: SourceOptions) => ({ zone: opts.zone, ttl: opts.ttl, podsMode: opts.podsMode, endpointPodNames: opts.endpointPodNames });

/** --demo or -f: the whole cluster, read once; objects of the wrong shape are left out with a note each. */
async function loadWhole(opts: SourceOptions, ctx: LoadContext): Promise<LoadedCluster> {
    let snapshot: ClusterSnapshot;
    if (opts.demo) {
        const { demoClusterYaml } = await import('../../demo/demo-cluster.js');
        snapshot = snapshotFromObjects(parseObjectsStrict(await demoClusterYaml(), 'demo'), 'the built-in demo cluster');
    } else {
        snapshot = await snapshotFromFiles(opts, ctx);
    }
    noteRejected(snapshot.rejected, ctx);
    const dnsConfig = dnsConfigFor(snapshot.corednsConfigMap?.data?.Corefile, dnsFlags(opts));
    return { snapshot, dnsConfig, namespace: opts.namespace ?? 'default', origin: opts.demo ? 'demo' : 'file' };
}

/** The -f files (and stdin for `-f -`) as one snapshot; none with a valid object is a usage error. */
async function snapshotFromFiles(opts: SourceOptions, ctx: LoadContext): Promise<ClusterSnapshot> {
    const read = await readFiles(opts, ctx);
    const snapshot = snapshotFromText(read.objects, read.origin);
    if (read.notes.length) snapshot.rejected = read.notes;
    return snapshot;
}

/** The -f files (and stdin for `-f -`) as admitted JSON text (adapters/files/load-objects.ts loadObjectText). */
async function readFiles(opts: SourceOptions, ctx: LoadContext): Promise<{ objects: PackedObjects; notes: string[]; origin: string }> {
    const files = opts.fromFile ?? [];
    if (files.filter((f) => f === '-').length > 1) throw usageError('-f - (stdin) can be given once');
    // stdin is read as a stream to its end first (a slow writer is not an error) and held packed; the parser reads that
    const stdin = files.includes('-') ? await stdinInput(ctx.deps) : undefined;
    const { objects, notes } = loadObjectText(files, () => stdin!, {
        recursive: opts.recursive ?? false,
        beforeWhole: (text) => restartUncappedIfTooBig(text, ctx.deps.env),
    });
    // stdin is named as the parser's notes name it
    const named = files.map((f) => (f === '-' ? '<stdin>' : f)).join(', ');
    if (objects.count === 0) {
        noteRejected(notes, ctx);
        throw usageError(`${named}: no ${notes.length ? 'valid ' : ''}Kubernetes objects (expected YAML or JSON as kubectl get -o yaml|json prints it)`);
    }
    return { objects, notes, origin: `file${files.length > 1 ? 's' : ''} ${named}` };
}

/** stdin as the parser reads it: packed as it arrives (realDeps), or a test's whole text packed. */
async function stdinInput(deps: Deps): Promise<PackedInput> {
    return deps.readStdinPacked ? deps.readStdinPacked() : packText(await deps.readStdin(), '<stdin>');
}

/**
 * `check -A -f`: the files read once, and split as the live path reads a cluster (adapters/files/file-objects.ts), or
 * as one snapshot (`whole`) when a Service's explanation may read another namespace's objects.
 */
export async function loadFilesByNamespace(
    opts: SourceOptions,
    ctx: LoadContext,
): Promise<{ cluster: LoadedCluster; files: FileNamespaces } | { cluster: LoadedCluster; files?: undefined }> {
    checkSourceFlags(opts);
    const read = await readFiles(opts, ctx);
    const files = fileNamespaces(read.objects, read.origin);
    const snapshot = files?.scope.base ?? snapshotFromText(read.objects, read.origin);
    if (read.notes.length) snapshot.rejected = read.notes;
    noteRejected(snapshot.rejected, ctx);
    const dnsConfig = dnsConfigFor(snapshot.corednsConfigMap?.data?.Corefile, dnsFlags(opts));
    const cluster: LoadedCluster = { snapshot, dnsConfig, namespace: opts.namespace ?? 'default', origin: 'file' };
    traceSource(cluster, ctx);
    return files ? { cluster, files } : { cluster };
}

/** A live read of what `needs` asks, in the command's namespace (or all) plus the `alsoRead` ones, in one round. */
async function loadLive(opts: SourceOptions, ctx: LoadContext, needs: LoadNeeds): Promise<LoadedCluster> {
    const deps = ctx.deps;
    const live = await connectLiveSource(opts, deps);
    const namespace = opts.namespace ?? live.target.namespace ?? 'default';
    const mainNamespace = needs.namespace === undefined ? (opts.allNamespaces ? null : namespace) : needs.namespace;
    const extra =
        mainNamespace === null || !needs.alsoRead
            ? []
            : [...new Set(needs.alsoRead(namespace))].filter((ns) => ns !== mainNamespace && invalidNamespaceReason(ns) === null);
    const snapshot = await readNamespaces(live, needs, mainNamespace, extra);
    const cluster: LoadedCluster = {
        snapshot,
        dnsConfig: dnsConfigFor(snapshot.corednsConfigMap?.data?.Corefile, dnsFlags(opts)),
        namespace,
        origin: 'live',
        live,
        printsForHumans: (opts as { color?: unknown }).color !== undefined,
        namespacesRead: mainNamespace === null ? 'all' : [mainNamespace, ...extra],
    };
    noteMissingFacts(cluster, snapshot.missing, deps);
    noteRejected(snapshot.rejected, ctx);
    return cluster;
}

/** `needs` in the main namespace (null: all), and Services, EndpointSlices and Pods of the extra ones, merged. */
async function readNamespaces(live: LiveSource, needs: LoadNeeds, mainNamespace: string | null, extra: string[]): Promise<ClusterSnapshot> {
    const { alsoRead: _, ...mainNeeds } = needs;
    const [main, ...more] = await Promise.all([
        live.loadSnapshot({ ...mainNeeds, namespace: mainNamespace }),
        ...extra.map((ns) =>
            live.loadSnapshot({
                namespace: ns,
                pods: needs.pods,
                statefulSets: needs.statefulSets,
                endpointSlices: needs.endpointSlices,
                corednsConfig: false,
                namespaces: false,
                apiServerService: false,
            }),
        ),
    ]);
    return more.reduce((a, b) => mergeSnapshots(a, b), main!);
}

/**
 * `check -A` on a live cluster: connected, the cluster-wide objects read, and the pass over all pods and slices
 * started (adapters/kube/namespace-reader.ts); `scope` settles when that pass is done (null: read the whole cluster
 * instead), so namespaces can be read meanwhile. Null for files and --demo, and when the cluster needs the whole read.
 */
export async function loadClusterBase(opts: SourceOptions, ctx: LoadContext): Promise<{ cluster: LoadedCluster; scope: Promise<ClusterScope | null> } | null> {
    checkSourceFlags(opts);
    if (opts.demo || opts.fromFile?.length) return null;
    const live = await connectLiveSource(opts, ctx.deps);
    const { base: snapshot, readWhole } = await live.readClusterBase();
    const cluster: LoadedCluster = {
        snapshot,
        dnsConfig: dnsConfigFor(snapshot.corednsConfigMap?.data?.Corefile, dnsFlags(opts)),
        namespace: opts.namespace ?? live.target.namespace ?? 'default',
        origin: 'live',
        live,
        printsForHumans: (opts as { color?: unknown }).color !== undefined,
        namespacesRead: 'all',
    };
    if (readWhole) {
        // The whole read asks again for all of this but kube-system's CoreDNS pods (it lists every pod instead), and
        // says what it could not read; that one read is said now.
        noteMissingFacts(
            cluster,
            snapshot.missing.filter((m) => m.resource === 'pods'),
            ctx.deps,
        );
        return null;
    }
    traceSource(cluster, ctx);
    const scope = live.scanCluster(snapshot).then((read) => {
        if (read) noteRejected(read.rejected, ctx);
        // the pass over every pod and slice saw what each namespace's read will leave out (those base's notes included)
        if (read?.rejected.length) snapshot.rejected = read.rejected;
        return read?.scope ?? null;
    });
    return { cluster, scope };
}

/**
 * Objects left out or merged at the boundary (core/object-shape.ts), from files and the API alike: one note each on
 * stderr, and exit 2 (bad input) even though the rest of the cluster is used.
 */
function noteRejected(notes: string[] | undefined, ctx: LoadContext): void {
    if (!notes?.length) return;
    for (const n of shownObjectNotes(notes)) ctx.deps.stderr.write(printable(`note: ${n}`) + '\n');
    ctx.raise(ExitCode.usage);
}

/**
 * A read that degraded (403) changes what every command can say: tell the user on stderr which RBAC rule would
 * allow it. Only commands that print for humans (they all take --no-color) do; the hidden __complete stays quiet.
 */
export function noteMissingFacts(cluster: LoadedCluster, facts: ClusterSnapshot['missing'], deps: Deps): void {
    for (const m of facts) {
        if (cluster.printsForHumans && m.needs)
            deps.stderr.write(
                printable(`note: could not read ${m.resource}${m.namespace ? ` in namespace ${m.namespace}` : ''} (${m.reason}); svcdig needs ${m.needs}`) +
                    '\n',
            );
        if (m.resource === 'configmaps' && cluster.snapshot.corednsConfigMap === undefined) {
            cluster.dnsConfig.notes.push(
                `could not read kube-system/coredns (${m.reason}); using ${cluster.dnsConfig.source.includes('flags') ? 'flags and ' : ''}kubeadm defaults`,
            );
        }
    }
}

/** The live cluster the options name (kubeconfig, context, …), connected but not read; undefined for files and --demo. */
export async function connectForChanges(opts: SourceOptions, deps: Deps): Promise<LiveSource | undefined> {
    if (opts.demo || opts.fromFile?.length) return undefined;
    return connectLiveSource(opts, deps);
}

async function connectLiveSource(opts: SourceOptions, deps: Deps): Promise<LiveSource> {
    const { connectLive } = await import('../../adapters/kube/index.js');
    return connectLive({
        kubeconfig: opts.kubeconfig,
        context: opts.context,
        cluster: opts.cluster,
        user: opts.user,
        namespace: opts.namespace,
        requestTimeoutMs: opts.requestTimeout ? parseDuration(opts.requestTimeout, '--request-timeout') : undefined,
        env: deps.env,
        // -v/--verbose traces every API request (method, path, status, time; never headers or credentials).
        ...((opts as { verbose?: boolean }).verbose ? { verbose: (line: string) => deps.stderr.write(printable(`svcdig: ${line}`) + '\n') } : {}),
    });
}
