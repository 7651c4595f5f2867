/**
 * Kubeconfig loading the way kubectl (client-go clientcmd) does it, not the way client-node does (kubectl's rules:
 * https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/#merging-kubeconfig-files;
 * client-node's `loadFromDefault` throws on repeated names and missing files and takes the last current-context,
 * kubernetes-client/javascript#579):
 * - `--kubeconfig FILE`: only that file; a missing file is an error.
 * - else `KUBECONFIG`, split on ':' (path.delimiter): every file is read in order, a missing one is skipped; for
 *   clusters, users and contexts the first file that defines a name wins, and so does the first non-empty
 *   `current-context`; repeated names never throw.
 * - else `~/.kube/config`.
 * - with nothing loaded, the in-cluster service account (KUBERNETES_SERVICE_HOST/PORT + token + ca.crt).
 * - never client-node's silent http://localhost:8080 fallback.
 * Relative file references (certificate-authority, client-certificate, client-key, tokenFile, an exec command
 * with a '/') resolve against the directory of the file that defined them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { CORE_SCHEMA, load } from 'js-yaml';
import { list, obj, shapeProblem, type Shape } from '../../core/object-shape.js';
import { SvcdigError } from '../../errors.js';

export interface KubeconfigCluster {
    server: string;
    'certificate-authority'?: string;
    'certificate-authority-data'?: string;
    'insecure-skip-tls-verify'?: boolean;
    'tls-server-name'?: string;
    'proxy-url'?: string;
    [k: string]: unknown;
}

export interface KubeconfigUser {
    token?: string;
    /**
     * client-go's key (AuthInfo.TokenFile `json:"tokenFile"` in k8s.io/client-go/tools/clientcmd/api/v1/types.go):
     * camelCase, unlike its neighbours. A `token` beside it takes precedence, as there.
     */
    tokenFile?: string;
    'client-certificate'?: string;
    'client-certificate-data'?: string;
    'client-key'?: string;
    'client-key-data'?: string;
    username?: string;
    password?: string;
    as?: string;
    exec?: { command?: string; [k: string]: unknown };
    'auth-provider'?: { name?: string; config?: Record<string, string> };
    [k: string]: unknown;
}

export interface KubeconfigContext {
    cluster: string;
    user?: string;
    namespace?: string;
}

/** The merged kubeconfig: name → entry, in first-wins order, plus where each came from. */
export interface MergedKubeconfig {
    clusters: Map<string, KubeconfigCluster>;
    users: Map<string, KubeconfigUser>;
    contexts: Map<string, KubeconfigContext>;
    currentContext: string;
    /** Files actually read, in order. */
    files: string[];
    /** True when the config came from the in-cluster service account. */
    inCluster: boolean;
}

export interface LoadKubeconfigOptions {
    kubeconfig?: string;
    env?: Record<string, string | undefined>;
    homeDir?: string;
    /** Where the service account is mounted (default /var/run/secrets/kubernetes.io/serviceaccount). */
    serviceAccountDir?: string;
}

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
export const NO_KUBECONFIG_MESSAGE = 'no kubeconfig found: set KUBECONFIG, pass --kubeconfig, or create ~/.kube/config';

/** The kubeconfig files kubectl would read, in precedence order, and whether a missing one is an error. */
export function kubeconfigFiles(opts: LoadKubeconfigOptions): { files: string[]; explicit: boolean } {
    if (opts.kubeconfig) return { files: [resolve(opts.kubeconfig)], explicit: true };
    const env = opts.env ?? process.env;
    const list = env.KUBECONFIG;
    if (list !== undefined && list !== '') {
        const files: string[] = [];
        for (const f of list.split(delimiter)) {
            if (f === '') continue;
            const abs = resolve(f);
            if (!files.includes(abs)) files.push(abs);
        }
        return { files, explicit: false };
    }
    return { files: [join(opts.homeDir ?? env.HOME ?? homedir(), '.kube', 'config')], explicit: false };
}

export function loadKubeconfig(opts: LoadKubeconfigOptions = {}): MergedKubeconfig {
    const { files, explicit } = kubeconfigFiles(opts);
    const merged: MergedKubeconfig = { clusters: new Map(), users: new Map(), contexts: new Map(), currentContext: '', files: [], inCluster: false };
    for (const file of files) {
        let text: string;
        try {
            text = readFileSync(file, 'utf8');
        } catch (e) {
            const code = (e as NodeJS.ErrnoException).code;
            if (!explicit && code === 'ENOENT') continue;
            throw new SvcdigError(
                'config',
                `cannot read kubeconfig ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(code ?? e)}`,
            );
        }
        merged.files.push(file);
        mergeFile(merged, parseKubeconfig(text, file), dirname(file));
    }
    const empty = merged.clusters.size === 0 && merged.users.size === 0 && merged.contexts.size === 0 && !merged.currentContext;
    if (empty && !explicit) {
        const inCluster = inClusterConfig(opts);
        if (inCluster) return inCluster;
    }
    if (empty) {
        if (explicit) throw new SvcdigError('config', `kubeconfig ${files[0]} defines no contexts or clusters`);
        throw new SvcdigError('config', NO_KUBECONFIG_MESSAGE);
    }
    return merged;
}

interface RawKubeconfig {
    clusters?: { name?: string; cluster?: KubeconfigCluster }[];
    users?: { name?: string; user?: KubeconfigUser }[];
    contexts?: { name?: string; context?: KubeconfigContext }[];
    'current-context'?: string;
}

/**
 * The kubeconfig fields svcdig reads, by the same shape machinery as cluster objects (core/object-shape.ts); names
 * as in client-go's clientcmd/api/v1/types.go. A field of the wrong type is a config error naming it, not a crash.
 */
const KUBECONFIG_SHAPE: Shape = obj({
    clusters: list(
        obj({
            name: 'string',
            cluster: obj({
                server: 'string',
                'certificate-authority': 'string',
                'certificate-authority-data': 'string',
                'insecure-skip-tls-verify': 'bool',
                'tls-server-name': 'string',
                'proxy-url': 'string',
            }),
        }),
    ),
    users: list(
        obj({
            name: 'string',
            user: obj({
                token: 'string',
                tokenFile: 'string',
                'client-certificate': 'string',
                'client-certificate-data': 'string',
                'client-key': 'string',
                'client-key-data': 'string',
                username: 'string',
                password: 'string',
                as: 'string',
                exec: obj({ command: 'string', args: list('string'), env: list(obj({ name: 'string', value: 'string' })), apiVersion: 'string' }),
                'auth-provider': obj({ name: 'string', config: 'stringMap' }),
            }),
        }),
    ),
    contexts: list(obj({ name: 'string', context: obj({ cluster: 'string', user: 'string', namespace: 'string' }) })),
    'current-context': 'string',
});

function parseKubeconfig(text: string, file: string): RawKubeconfig {
    let doc: unknown;
    try {
        doc = load(text, { schema: CORE_SCHEMA, json: true });
    } catch (e) {
        throw new SvcdigError('config', `kubeconfig ${file} is not valid YAML: ${String((e as Error).message).split('\n')[0]}`);
    }
    if (doc === null || doc === undefined) return {};
    if (typeof doc !== 'object' || Array.isArray(doc)) throw new SvcdigError('config', `kubeconfig ${file} is not a kubeconfig (expected a mapping)`);
    const why = shapeProblem(KUBECONFIG_SHAPE, doc);
    if (why) throw new SvcdigError('config', `kubeconfig ${file}: ${why}`);
    return doc as RawKubeconfig;
}

const absolutise = (dir: string, p: string | undefined) => (p === undefined || p === '' || isAbsolute(p) ? p : resolve(dir, p));

function mergeFile(into: MergedKubeconfig, raw: RawKubeconfig, dir: string): void {
    for (const c of raw.clusters ?? []) {
        if (!c?.name || into.clusters.has(c.name) || !c.cluster) continue;
        const cluster = { ...c.cluster };
        if (cluster['certificate-authority']) cluster['certificate-authority'] = absolutise(dir, cluster['certificate-authority']);
        into.clusters.set(c.name, cluster);
    }
    for (const u of raw.users ?? []) {
        if (!u?.name || into.users.has(u.name)) continue;
        const user: KubeconfigUser = { ...(u.user ?? {}) };
        for (const k of ['client-certificate', 'client-key', 'tokenFile'] as const) {
            if (user[k]) user[k] = absolutise(dir, user[k]);
        }
        if (user.exec?.command && user.exec.command.includes('/')) user.exec = { ...user.exec, command: absolutise(dir, user.exec.command) };
        into.users.set(u.name, user);
    }
    for (const c of raw.contexts ?? []) {
        if (!c?.name || into.contexts.has(c.name) || !c.context) continue;
        into.contexts.set(c.name, { ...c.context });
    }
    if (!into.currentContext && raw['current-context']) into.currentContext = raw['current-context'];
}

/** The in-cluster config kubectl uses in a pod: https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT with the service account. */
export function inClusterConfig(opts: LoadKubeconfigOptions): MergedKubeconfig | undefined {
    const env = opts.env ?? process.env;
    const host = env.KUBERNETES_SERVICE_HOST;
    const port = env.KUBERNETES_SERVICE_PORT;
    const dir = opts.serviceAccountDir ?? SERVICE_ACCOUNT_DIR;
    if (!host || !port || !existsSync(join(dir, 'token'))) return undefined;
    const server = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
    let namespace: string | undefined;
    try {
        namespace = readFileSync(join(dir, 'namespace'), 'utf8').trim() || undefined;
    } catch {
        namespace = undefined;
    }
    return {
        clusters: new Map([['in-cluster', { server, 'certificate-authority': join(dir, 'ca.crt') }]]),
        users: new Map([['in-cluster', { tokenFile: join(dir, 'token') }]]),
        contexts: new Map([['in-cluster', { cluster: 'in-cluster', user: 'in-cluster', ...(namespace ? { namespace } : {}) }]]),
        currentContext: 'in-cluster',
        files: [],
        inCluster: true,
    };
}

export interface SelectOptions {
    context?: string;
    cluster?: string;
    user?: string;
    namespace?: string;
}

export interface SelectedConfig {
    contextName: string;
    clusterName: string;
    userName: string;
    namespace: string;
    cluster: KubeconfigCluster;
    user: KubeconfigUser;
}

/** The context, cluster and user kubectl would use, with --context/--cluster/--user/-n applied. */
export function selectConfig(merged: MergedKubeconfig, sel: SelectOptions): SelectedConfig {
    const known = () => [...merged.contexts.keys()].sort().join(', ') || 'none';
    const contextName = sel.context || merged.currentContext;
    let ctx: KubeconfigContext | undefined;
    if (contextName) {
        ctx = merged.contexts.get(contextName);
        if (!ctx) {
            const what = sel.context ? `context "${contextName}"` : `current-context "${contextName}"`;
            throw new SvcdigError('config', `${what} not found in kubeconfig (contexts: ${known()})`);
        }
    } else if (!sel.cluster) {
        throw new SvcdigError('config', `kubeconfig has no current-context: pass --context (contexts: ${known()})`);
    }
    const clusterName = sel.cluster || ctx?.cluster || '';
    const cluster = merged.clusters.get(clusterName);
    if (!cluster) {
        throw new SvcdigError(
            'config',
            `cluster "${clusterName}"${sel.cluster ? '' : ` of context "${contextName}"`} not found in kubeconfig (clusters: ${[...merged.clusters.keys()].sort().join(', ') || 'none'})`,
        );
    }
    if (!cluster.server) throw new SvcdigError('config', `cluster "${clusterName}" in kubeconfig has no server`);
    const userName = sel.user || ctx?.user || '';
    const user = userName ? merged.users.get(userName) : {};
    if (!user) {
        throw new SvcdigError(
            'config',
            `user "${userName}"${sel.user ? '' : ` of context "${contextName}"`} not found in kubeconfig (users: ${[...merged.users.keys()].sort().join(', ') || 'none'})`,
        );
    }
    return {
        contextName: contextName || '',
        clusterName,
        userName,
        namespace: sel.namespace || ctx?.namespace || 'default',
        cluster,
        user,
    };
}
