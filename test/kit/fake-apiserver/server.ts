/**
 * A fake kube-apiserver for tests: real HTTPS on 127.0.0.1 (CA + server certificate made per run), bearer-token
 * and client-certificate authentication, discovery (legacy and aggregated), get/list/watch for the kinds in
 * resources.ts with label/field selectors and limit/continue, Table responses, Status errors, injected faults and
 * a request log. Behaviour follows what real kubectl sends and accepts; the kubectl honesty test
 * (test/adapters/kube/kubectl-honesty.test.ts) checks it with several real kubectl versions. WebSocket upgrades for
 * pods/portforward and pods/exec are answered by streaming.ts (authenticated, fault-checked and logged here like every
 * other request).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { stringify } from 'yaml';
import { readObjectFiles } from '../../../src/adapters/files/load-objects.js';
import type { KubeObject, Pod } from '../../../src/core/k8s.js';
import { makeCerts, type TestCerts } from './certs.js';
import { aggregatedContentType, aggregatedDiscovery, legacyApiVersions, legacyGroupList, legacyResourceList, negotiateDiscovery } from './discovery.js';
import { groupVersion, RESOURCES, type ResourceInfo } from './resources.js';
import * as S from './status.js';
import { BadRequest, ExpiredContinue, ObjectStore, type WatchEvent } from './store.js';
import { createStreaming, execRefusal, offeredProtocolOk, rejectUpgrade, type ExecScript, type PortForwardTarget } from './streaming.js';
import { toTable } from './tables.js';
import { allows, type Access, type GrantedRule } from './rbac.js';

export interface FaultRule {
    /** Which requests: any field left out matches everything. `namespace: null` = cluster-wide requests only. */
    resource?: string;
    namespace?: string | null;
    name?: string;
    /** 'create' = the streaming upgrades (pods/exec, pods/portforward), as RBAC sees them. */
    verb?: 'get' | 'list' | 'watch' | 'create';
    /** Only requests to this subresource ("exec", "portforward"). */
    subresource?: string;
    path?: string | RegExp;
    /** What happens: an error Status, a delay before answering, or a dropped connection. */
    status?: 401 | 403 | 404 | 429 | 500 | 503;
    retryAfterSeconds?: number;
    delayMs?: number;
    drop?: boolean;
    /** Applies this many times, then is spent (default: always). */
    times?: number;
}

export interface LoggedRequest {
    method: string;
    path: string;
    query: Record<string, string>;
    headers: { accept?: string; userAgent?: string; authorization?: 'bearer' | 'basic' | 'none'; clientCert: boolean; kubectlCommand?: string };
    resource?: string;
    verb?: string;
    namespace?: string | null;
    status?: number;
    /** pods/exec and pods/portforward: the subresource, and the Upgrade header the client sent. */
    subresource?: string;
    upgrade?: string;
}

export interface FakeApiServerOptions {
    objects?: KubeObject[];
    /** A cluster.yaml (or any object file) to load. */
    objectsFile?: string;
    /** Served by /version; the kubectl dispatcher runs kubectl 1.<minor>. Default "32". */
    minor?: string;
    token?: string;
    /** Which credentials are accepted. Default 'either'. */
    auth?: 'token' | 'cert' | 'either';
    /** false = the cluster serves no discovery.k8s.io (only legacy Endpoints). */
    servesEndpointSlices?: boolean;
    /** false = only legacy discovery, whatever the Accept header asks. */
    aggregatedDiscovery?: boolean;
    faults?: FaultRule[];
    /** User name the token authenticates as (for Forbidden messages). */
    tokenUser?: string;
    /**
     * RBAC: when set, every resource request of the token's user must be allowed by one of these rules (rbac.ts,
     * grantedRules() reads them from Role/ClusterRole/binding manifests), else 403 as the real authorizer answers.
     */
    rbac?: GrantedRule[];
}

export interface KubeconfigOptions {
    auth?: 'token' | 'cert';
    namespace?: string;
    contextName?: string;
    /** Write the CA path relative to the kubeconfig's directory (copies the CA there). */
    relativeCa?: boolean;
    /** Leave the CA out (TLS must then fail). */
    noCa?: boolean;
    token?: string;
    fileName?: string;
}

export interface FakeApiServer {
    url: string;
    port: number;
    caFile: string;
    token: string;
    certs: TestCerts;
    store: ObjectStore;
    httpsServer: Server;
    requests: LoggedRequest[];
    /** Where port-forwards lead: 'ns/pod:port' → a loopback TCP address the test listens on. */
    portForwards: Map<string, PortForwardTarget>;
    /** What exec prints: 'ns/pod' → a script of the command and container. */
    execScripts: Map<string, ExecScript>;
    /** The RBAC rules in force (undefined = everything allowed); replaceable between requests. */
    rbac: GrantedRule[] | undefined;
    /** Requests RBAC refused, as "verb resource namespace/name". */
    denied: string[];
    apply(obj: KubeObject): KubeObject;
    delete(obj: KubeObject): boolean;
    addFault(rule: FaultRule): void;
    clearFaults(): void;
    setMinor(minor: string): void;
    /** Writes a kubeconfig for this server into `dir` and returns its path. */
    kubeconfigPath(dir: string, opts?: KubeconfigOptions): string;
    close(): Promise<void>;
}

interface Route {
    resource: ResourceInfo;
    namespace: string | null;
    name?: string;
    subresource?: string;
}

export async function startFakeApiServer(opts: FakeApiServerOptions = {}): Promise<FakeApiServer> {
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-fake-apiserver-'));
    const certs = makeCerts(dir);
    const token = opts.token ?? `fake-token-${Math.random().toString(36).slice(2)}`;
    const tokenUser = opts.tokenUser ?? 'svcdig-token-user';
    const served = RESOURCES.filter((r) => opts.servesEndpointSlices !== false || r.group !== 'discovery.k8s.io');
    const store = new ObjectStore(served);
    if (opts.objectsFile) store.load(readObjectFiles([opts.objectsFile], () => ''));
    if (opts.objects) store.load(opts.objects);
    let minor = opts.minor ?? '32';
    const faults: FaultRule[] = [...(opts.faults ?? [])];
    const requests: LoggedRequest[] = [];
    const sockets = new Set<Socket>();
    const aggregatedEnabled = opts.aggregatedDiscovery !== false;
    const auth = opts.auth ?? 'either';

    const server = createServer(
        {
            key: readFileSync(certs.serverKeyFile),
            cert: readFileSync(certs.serverCertFile),
            ca: readFileSync(certs.caFile),
            requestCert: true,
            rejectUnauthorized: false,
        },
        (req, res) => {
            void handle(req, res).catch((err: unknown) => {
                if (!res.headersSent) sendJson(res, 500, S.internalError(String(err)));
                else res.destroy();
            });
        },
    );
    server.on('connection', (s: Socket) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
    });
    // Certificate errors from clients (an untrusted server cert on their side) must not crash the fake.
    server.on('tlsClientError', () => {});
    const streaming = createStreaming();
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        socket.on('error', () => {});
        void handleUpgrade(req, socket, head).catch(() => socket.destroy());
    });

    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const url = `https://127.0.0.1:${port}`;

    function whoIs(req: IncomingMessage): { user: string } | 'bad' | 'none' {
        const authz = req.headers.authorization;
        if (authz !== undefined) {
            if (auth !== 'cert' && authz === `Bearer ${token}`) return { user: tokenUser };
            return 'bad';
        }
        const sock = req.socket as TLSSocket;
        if (auth !== 'token' && sock.authorized) {
            const cn = sock.getPeerCertificate()?.subject?.CN;
            if (cn) return { user: Array.isArray(cn) ? cn[0]! : cn };
        }
        return 'none';
    }

    function authorized(a: Access): boolean {
        if (!fake.rbac || allows(fake.rbac, a)) return true;
        fake.denied.push(`${a.verb} ${a.resource} ${a.namespace ?? '(cluster)'}${a.name ? `/${a.name}` : ''}`);
        return false;
    }

    function logEntry(req: IncomingMessage, u: URL): LoggedRequest {
        return {
            method: req.method ?? 'GET',
            path: u.pathname,
            query: Object.fromEntries(u.searchParams),
            headers: {
                ...(req.headers.accept ? { accept: req.headers.accept } : {}),
                ...(req.headers['user-agent'] ? { userAgent: req.headers['user-agent'] } : {}),
                authorization: /^bearer /i.test(req.headers.authorization ?? '')
                    ? 'bearer'
                    : /^basic /i.test(req.headers.authorization ?? '')
                      ? 'basic'
                      : 'none',
                clientCert: (req.socket as TLSSocket).authorized === true,
                ...(typeof req.headers['kubectl-command'] === 'string' ? { kubectlCommand: req.headers['kubectl-command'] } : {}),
            },
        };
    }

    /** Takes a matching fault rule (spending one use); undefined when none matches. */
    function takeFault(pathname: string, route: Route | undefined, verb: string): FaultRule | undefined {
        const fault = faults.find((f) => faultMatches(f, pathname, route, verb));
        if (fault?.times !== undefined) {
            fault.times--;
            if (fault.times <= 0) faults.splice(faults.indexOf(fault), 1);
        }
        return fault;
    }

    /**
     * WebSocket upgrades: GET pods/NAME/portforward and pods/NAME/exec (RBAC verb create on the subresource). Errors
     * before the upgrade are plain HTTP Status responses, as the API server sends them. SPDY (kubectl's fallback) is
     * not spoken: it gets a 400 that says so.
     */
    async function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
        const u = new URL(req.url ?? '/', url);
        const entry = logEntry(req, u);
        if (typeof req.headers.upgrade === 'string') entry.upgrade = req.headers.upgrade;
        requests.push(entry);
        const reject = (code: number, body: unknown) => {
            entry.status = code;
            rejectUpgrade(socket, code, body);
        };
        const route = routeOf(u.pathname, served);
        const sub =
            route?.resource.plural === 'pods' && route.name && (route.subresource === 'exec' || route.subresource === 'portforward')
                ? route.subresource
                : undefined;
        const verb = sub ? 'create' : 'get';
        if (route) {
            entry.resource = route.resource.plural;
            entry.verb = verb;
            entry.namespace = route.namespace;
            if (route.subresource) entry.subresource = route.subresource;
        }
        const fault = takeFault(u.pathname, route, verb);
        if (fault) {
            if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
            if (fault.drop) {
                socket.destroy();
                return;
            }
            if (fault.status === 403 && route && sub) {
                return reject(403, S.forbiddenSubresource(route.resource, sub, 'create', tokenUser, route.namespace, route.name!));
            }
            if (fault.status) {
                const r = route?.resource;
                if (fault.status === 404 && r && route.name) return reject(404, S.notFound(r, route.name));
                if (fault.status === 401) return reject(401, S.unauthorized());
                if (fault.status === 403) return reject(403, S.pathNotFound());
                if (fault.status === 429) return reject(429, S.tooManyRequests(fault.retryAfterSeconds ?? 1));
                if (fault.status === 503) return reject(503, S.serviceUnavailable());
                return reject(fault.status, S.internalError());
            }
        }
        const who = whoIs(req);
        if (who === 'bad' || who === 'none') return reject(401, S.unauthorized());
        if (!route || !sub) return reject(404, S.pathNotFound());
        // A WebSocket upgrade is a GET: RBAC has always asked for `get` on the subresource; from 1.35
        // (AuthorizePodWebsocketUpgradeCreatePermission, on by default) also for `create`, as SPDY's POST needs.
        for (const v of Number(minor) >= 35 ? ['get', 'create'] : ['get']) {
            if (!authorized({ verb: v, group: route.resource.group, resource: `pods/${sub}`, namespace: route.namespace, name: route.name! })) {
                return reject(403, S.forbiddenSubresource(route.resource, sub, v, who.user, route.namespace, route.name!));
            }
        }
        if (!/^websocket$/i.test(req.headers.upgrade ?? '')) {
            return reject(400, S.badRequest(`the fake API server speaks WebSocket only, not ${req.headers.upgrade ?? 'this upgrade'}`));
        }
        if (req.method !== 'GET') return reject(405, S.methodNotAllowed(req.method ?? ''));
        const pod = store.get(route.resource, route.namespace, route.name!) as Pod | undefined;
        if (!pod) return reject(404, S.notFound(route.resource, route.name!));
        const proto = offeredProtocolOk(req, sub);
        if (!proto.ok)
            return reject(
                400,
                S.badRequest(`requested protocol(s) are not supported: ${req.headers['sec-websocket-protocol'] ?? ''}; supports ${proto.supported.join(', ')}`),
            );
        if (sub === 'exec') {
            const why = execRefusal(req, pod);
            if (why) return reject(400, S.badRequest(why));
        }
        entry.status = 101;
        streaming.accept(req, socket, head, { subresource: sub, pod });
    }

    async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
        const u = new URL(req.url ?? '/', url);
        const entry = logEntry(req, u);
        requests.push(entry);
        res.on('finish', () => (entry.status = res.statusCode));

        const route = routeOf(u.pathname, served);
        const verb = route?.name ? 'get' : u.searchParams.get('watch') === 'true' || u.searchParams.get('watch') === '1' ? 'watch' : 'list';
        if (route) {
            entry.resource = route.resource.plural;
            entry.verb = verb;
            entry.namespace = route.namespace;
        }

        const fault = takeFault(u.pathname, route, verb);
        if (fault) {
            if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
            if (fault.drop) {
                req.socket.destroy();
                return;
            }
            if (fault.status) return sendFault(res, fault, route, verb);
        }

        const p = u.pathname;
        if (p === '/version') {
            return sendJson(res, 200, {
                major: '1',
                minor,
                gitVersion: `v1.${minor}.0`,
                gitCommit: '0000000000000000000000000000000000000000',
                gitTreeState: 'clean',
                buildDate: '2025-01-01T00:00:00Z',
                goVersion: 'go1.23.0',
                compiler: 'gc',
                platform: 'linux/amd64',
            });
        }
        if (p === '/healthz' || p === '/livez' || p === '/readyz') return sendText(res, 200, 'ok');

        const who = whoIs(req);
        if (who === 'bad' || who === 'none') return sendJson(res, 401, S.unauthorized());

        if (req.method !== 'GET') return sendJson(res, 405, S.methodNotAllowed(req.method ?? ''));
        if (
            route &&
            !route.subresource &&
            !authorized({
                verb,
                group: route.resource.group,
                resource: route.resource.plural,
                namespace: route.namespace,
                ...(route.name ? { name: route.name } : {}),
            })
        ) {
            return sendJson(res, 403, S.forbidden(route.resource, verb, who.user, route.namespace, route.name));
        }

        if (p === '/api' || p === '/apis') {
            const flavour = negotiateDiscovery(req.headers.accept, aggregatedEnabled);
            if (flavour.aggregated) {
                return sendJson(
                    res,
                    200,
                    aggregatedDiscovery(served, p === '/api' ? 'core' : 'groups', flavour.aggregated),
                    aggregatedContentType(flavour.aggregated),
                );
            }
            return sendJson(res, 200, p === '/api' ? legacyApiVersions(`127.0.0.1:${port}`) : legacyGroupList(served));
        }
        const gvMatch = /^\/(?:api\/(v1)|apis\/([^/]+\/[^/]+))\/?$/.exec(p);
        if (gvMatch) {
            const body = legacyResourceList(served, gvMatch[1] ?? gvMatch[2]!);
            return body ? sendJson(res, 200, body) : sendJson(res, 404, S.pathNotFound());
        }
        if (!route || route.subresource) return sendJson(res, 404, S.pathNotFound());

        try {
            if (verb === 'get') {
                const obj = store.get(route.resource, route.namespace, route.name!);
                if (!obj) return sendJson(res, 404, S.notFound(route.resource, route.name!));
                return sendObjectOrTable(req, res, route.resource, [obj], {}, obj);
            }
            const query = {
                namespace: route.namespace,
                labelSelector: u.searchParams.get('labelSelector') ?? undefined,
                fieldSelector: u.searchParams.get('fieldSelector') ?? undefined,
            };
            if (verb === 'watch') return watch(req, res, route.resource, query, u.searchParams);
            const limit = Number(u.searchParams.get('limit') ?? '0');
            const page = store.list(route.resource, { ...query, limit, continueToken: u.searchParams.get('continue') ?? undefined });
            const listMeta = {
                resourceVersion: page.resourceVersion,
                ...(page.continueToken ? { continue: page.continueToken } : {}),
                ...(page.remainingItemCount !== undefined ? { remainingItemCount: page.remainingItemCount } : {}),
            };
            // List items carry no kind/apiVersion in the API's JSON; the list does.
            const items = page.items.map(({ kind: _k, apiVersion: _a, ...rest }) => rest);
            const list = { kind: `${route.resource.kind}List`, apiVersion: groupVersion(route.resource), metadata: listMeta, items };
            return sendObjectOrTable(req, res, route.resource, page.items, listMeta, list);
        } catch (e) {
            if (e instanceof BadRequest) return sendJson(res, 400, S.badRequest(e.message));
            if (e instanceof ExpiredContinue) return sendJson(res, 410, S.expired(e.message));
            throw e;
        }
    }

    function sendFault(res: ServerResponse, f: FaultRule, route: Route | undefined, verb: string): void {
        const r = route?.resource;
        switch (f.status) {
            case 401:
                return sendJson(res, 401, S.unauthorized());
            case 403:
                return r ? sendJson(res, 403, S.forbidden(r, verb, tokenUser, route!.namespace, route!.name)) : sendJson(res, 403, S.pathNotFound());
            case 404:
                return sendJson(res, 404, r && route!.name ? S.notFound(r, route!.name) : S.pathNotFound());
            case 429:
                return sendJson(res, 429, S.tooManyRequests(f.retryAfterSeconds ?? 1), undefined, { 'Retry-After': String(f.retryAfterSeconds ?? 1) });
            case 503:
                return sendJson(res, 503, S.serviceUnavailable());
            default:
                return sendJson(res, 500, S.internalError());
        }
    }

    function sendObjectOrTable(
        req: IncomingMessage,
        res: ServerResponse,
        r: ResourceInfo,
        items: KubeObject[],
        listMeta: Record<string, unknown>,
        plain: unknown,
    ): void {
        const tableVersion = wantsTable(req.headers.accept);
        if (tableVersion) {
            const table = toTable(r.kind, items, listMeta) as { apiVersion: string };
            table.apiVersion = `meta.k8s.io/${tableVersion}`;
            return sendJson(res, 200, table, `application/json;as=Table;v=${tableVersion};g=meta.k8s.io`);
        }
        return sendJson(res, 200, plain);
    }

    function watch(
        req: IncomingMessage,
        res: ServerResponse,
        r: ResourceInfo,
        q: { namespace: string | null; labelSelector?: string; fieldSelector?: string },
        params: URLSearchParams,
    ): void {
        const matches = (obj: KubeObject) =>
            store.select(r, q).some((o) => o.metadata.name === obj.metadata.name && o.metadata.namespace === obj.metadata.namespace);
        const inScope = (e: WatchEvent) => e.resource.plural === r.plural && (q.namespace === null || e.object.metadata.namespace === q.namespace);
        res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
        const send = (type: string, object: KubeObject) => res.write(JSON.stringify({ type, object }) + '\n');
        const rvParam = params.get('resourceVersion');
        if (!rvParam || rvParam === '0') {
            for (const o of store.select(r, q)) send('ADDED', o);
        } else {
            for (const e of store.eventsSince(Number(rvParam))) if (inScope(e)) send(e.type, e.object);
        }
        const off = store.onEvent((e) => {
            if (!inScope(e)) return;
            // DELETED objects are gone from the store: match them on their own labels/fields.
            if (e.type === 'DELETED' ? selectsDeleted(e.object) : matches(e.object)) send(e.type, e.object);
        });
        const selectsDeleted = (o: KubeObject) => {
            const probe = new ObjectStore(served);
            probe.load([o]);
            return probe.select(r, q).length > 0;
        };
        const timeout = Number(params.get('timeoutSeconds') ?? '0');
        const timer = timeout > 0 ? setTimeout(() => res.end(), timeout * 1000) : undefined;
        const stop = () => {
            off();
            if (timer) clearTimeout(timer);
        };
        res.on('close', stop);
        req.on('close', stop);
    }

    const fake: FakeApiServer = {
        url,
        port,
        caFile: certs.caFile,
        token,
        certs,
        store,
        httpsServer: server,
        requests,
        portForwards: streaming.portForwards,
        execScripts: streaming.execScripts,
        rbac: opts.rbac,
        denied: [],
        apply: (o) => store.apply(o),
        delete: (o) => store.delete(o),
        addFault: (f) => void faults.push(f),
        clearFaults: () => void faults.splice(0, faults.length),
        setMinor: (m) => void (minor = m),
        kubeconfigPath(kdir, k = {}) {
            const name = k.contextName ?? 'fake';
            const path = join(kdir, k.fileName ?? `kubeconfig-${name}.yaml`);
            let caPath: string | undefined = certs.caFile;
            if (k.relativeCa) {
                writeFileSync(join(kdir, `${name}-ca.crt`), readFileSync(certs.caFile));
                caPath = `${name}-ca.crt`;
            }
            if (k.noCa) caPath = undefined;
            const user = k.auth === 'cert' ? { 'client-certificate': certs.clientCertFile, 'client-key': certs.clientKeyFile } : { token: k.token ?? token };
            writeKubeconfig(path, {
                clusters: [{ name, cluster: { server: url, ...(caPath ? { 'certificate-authority': caPath } : {}) } }],
                users: [{ name: `${name}-user`, user }],
                contexts: [{ name, context: { cluster: name, user: `${name}-user`, ...(k.namespace ? { namespace: k.namespace } : {}) } }],
                'current-context': name,
            });
            return path;
        },
        async close() {
            streaming.close();
            for (const s of sockets) s.destroy();
            await new Promise<void>((resolve) => server.close(() => resolve()));
            rmSync(dir, { recursive: true, force: true });
        },
    };
    return fake;
}

/** Writes a kubeconfig document (the kubectl YAML shape: clusters/users/contexts lists of {name, cluster|user|context}). */
export function writeKubeconfig(path: string, doc: Record<string, unknown>): string {
    writeFileSync(path, stringify({ apiVersion: 'v1', kind: 'Config', preferences: {}, ...doc }), { mode: 0o600 });
    return path;
}

/** /api/v1/[namespaces/NS/]PLURAL[/NAME[/SUB]] and /apis/GROUP/VERSION/…; undefined for other paths. */
export function routeOf(pathname: string, served: ResourceInfo[]): Route | undefined {
    const m = /^\/(?:api\/v1|apis\/([^/]+)\/([^/]+))\/(.+)$/.exec(pathname);
    if (!m) return undefined;
    const group = m[1] ?? '';
    const version = m[2] ?? 'v1';
    const segs = m[3]!.split('/').filter((s) => s !== '');
    const find = (plural: string | undefined) => served.find((r) => r.plural === plural && r.group === group && r.version === version);
    if (segs[0] === 'namespaces' && segs.length >= 3) {
        const resource = find(segs[2]);
        if (!resource || !resource.namespaced) return undefined;
        return {
            resource,
            namespace: decodeURIComponent(segs[1]!),
            ...(segs[3] ? { name: decodeURIComponent(segs[3]) } : {}),
            ...(segs[4] ? { subresource: segs[4] } : {}),
        };
    }
    const resource = find(segs[0]);
    if (!resource) return undefined;
    if (resource.namespaced && segs.length > 1) return undefined;
    return { resource, namespace: null, ...(segs[1] ? { name: decodeURIComponent(segs[1]) } : {}), ...(segs[2] ? { subresource: segs[2] } : {}) };
}

function faultMatches(f: FaultRule, path: string, route: Route | undefined, verb: string): boolean {
    if (f.path !== undefined && !(typeof f.path === 'string' ? path === f.path : f.path.test(path))) return false;
    if (f.resource !== undefined && route?.resource.plural !== f.resource) return false;
    if (f.namespace !== undefined && (route === undefined || route.namespace !== f.namespace)) return false;
    if (f.name !== undefined && route?.name !== f.name) return false;
    if (f.verb !== undefined && (route === undefined || verb !== f.verb)) return false;
    if (f.subresource !== undefined && route?.subresource !== f.subresource) return false;
    return true;
}

/** meta.k8s.io Table version the Accept header asks for first, if any. */
function wantsTable(accept: string | undefined): 'v1' | 'v1beta1' | undefined {
    for (const raw of (accept ?? '').split(',')) {
        const parts = raw.split(';').map((p) => p.trim());
        const params = Object.fromEntries(parts.slice(1).map((p) => p.split('=') as [string, string]));
        if (params.as === 'Table' && params.g === 'meta.k8s.io' && (params.v === 'v1' || params.v === 'v1beta1')) return params.v;
        if (!params.as && (parts[0] === 'application/json' || parts[0] === '*/*')) return undefined;
    }
    return undefined;
}

function sendJson(res: ServerResponse, code: number, body: unknown, contentType = 'application/json', extra: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private', ...extra });
    res.end(text);
}

function sendText(res: ServerResponse, code: number, text: string): void {
    res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(text);
}
