/**
 * GETs plain JSON from the API server through client-node's authenticated request path
 * (`KubeConfig.applyToHTTPSOptions`: CA, client certificate, bearer token, exec plugin, OIDC) and Node's https.
 * Plain JSON on purpose: client-node's typed models turn timestamps into Dates and drop fields they do not know
 * (kubernetes-client/javascript src/gen/models/ObjectSerializer.ts), and the core must see the same objects as `kubectl
 * get -o json` prints (checked by test/adapters/kube/live-vs-file.test.ts). svcdig only ever sends GET.
 */
import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from './client-node.js';
import { SvcdigError } from '../../errors.js';
import { formatTimeout, networkError, type Target } from './api-errors.js';
import { guardExecPlugin, type ExecPluginGuard } from './exec-plugin.js';

export interface ApiResponse {
    status: number;
    /** The parsed JSON, or the text itself when it is not JSON (an HTML page, a body cut short). */
    body: unknown;
    /** The first characters of the body as sent, for messages (api-errors.ts escapes them). */
    head: string;
    retryAfter?: string;
}

export interface ApiClientOptions {
    timeoutMs: number;
    verbose?: (line: string) => void;
    /** Upper bound for one Retry-After wait (ms). */
    maxRetryWaitMs?: number;
    /** How many times a 429 is retried. */
    maxRetries?: number;
    /** Largest response body read (bytes); default MAX_BODY_BYTES. */
    maxBodyBytes?: number;
}

/**
 * Largest API response body svcdig reads. A list page is at most PAGE_SIZE (500) objects; Kubernetes caps one
 * object at 1.5 MiB in etcd (--max-request-bytes, https://etcd.io/docs/v3.5/dev-guide/limit/), and real pages of 500
 * pods are a few MB, so 128 MiB only stops a server that sends without end.
 */
export const MAX_BODY_BYTES = 128 * 1024 * 1024;

const USER_AGENT = 'svcdig/0.1.0';

export class ApiClient {
    private readonly execGuard: ExecPluginGuard;
    /** The credential lookup in flight, shared by requests that start meanwhile (one exec plugin run, not one each). */
    private credentials?: Promise<https.RequestOptions>;

    constructor(
        private readonly kc: KubeConfig,
        readonly target: Target,
        private readonly opts: ApiClientOptions,
    ) {
        // The plugin's time counts as part of the request it serves: --request-timeout bounds it.
        this.execGuard = guardExecPlugin(kc, opts.timeoutMs);
    }

    /**
     * client-node's request options (CA, client certificate, token, exec plugin, OIDC), looked up once for all the
     * requests that need them at the same time. Later requests look up again: client-node's own cache answers them
     * until an exec credential's expirationTimestamp passes.
     */
    private applyCredentials(): Promise<https.RequestOptions> {
        this.credentials ??= (async () => {
            const options: https.RequestOptions = { headers: {} };
            try {
                await this.kc.applyToHTTPSOptions(options);
            } catch (e) {
                throw credentialError(e, this.target, this.kc.getCurrentUser() ?? undefined, this.execGuard.timedOut() ? this.opts.timeoutMs : undefined);
            }
            if (options.agent) options.agent = keepingAlive(options.agent);
            return options;
        })().finally(() => {
            this.credentials = undefined;
        });
        return this.credentials;
    }

    /** GET path?query; 429 is retried (Retry-After honoured, bounded); other statuses are returned. */
    async get(path: string, query: Record<string, string | undefined> = {}): Promise<ApiResponse> {
        const maxRetries = this.opts.maxRetries ?? 2;
        for (let attempt = 0; ; attempt++) {
            const res = await this.once(path, query);
            if (res.status !== 429 || attempt >= maxRetries) return res;
            const wait = Math.min(retryAfterMs(res.retryAfter), this.opts.maxRetryWaitMs ?? 5000);
            this.opts.verbose?.(`API server asked to retry after ${wait} ms (429)`);
            await new Promise((r) => setTimeout(r, wait));
        }
    }

    /**
     * GET a streaming response, line by line (watches); resolves with the HTTP status once it ends. No request
     * timeout: a watch is meant to stay open (the server ends it after its timeoutSeconds).
     */
    async stream(path: string, query: Record<string, string>, onLine: (line: string) => void, signal: AbortSignal): Promise<number> {
        const { url, options, headers, mod } = await this.prepare(path, query);
        this.opts.verbose?.(`GET ${url.pathname}${url.search} (watch)`);
        return new Promise<number>((resolve, reject) => {
            if (signal.aborted) return resolve(0);
            const req = mod.request(url, { ...options, method: 'GET', headers, signal }, (r) => {
                let buf = '';
                r.setEncoding('utf8');
                r.on('data', (chunk: string) => {
                    buf += chunk;
                    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
                        const line = buf.slice(0, i).trim();
                        buf = buf.slice(i + 1);
                        if (line) onLine(line);
                    }
                    // One watch event is one object: a line longer than a whole list page is a server that never ends it.
                    if (buf.length > (this.opts.maxBodyBytes ?? MAX_BODY_BYTES)) req.destroy();
                });
                r.on('end', () => resolve(r.statusCode ?? 0));
                r.on('error', () => resolve(r.statusCode ?? 0));
                // Ended without 'end' (destroyed above, reset): the watch is over all the same; the caller re-lists.
                r.on('close', () => resolve(r.statusCode ?? 0));
            });
            req.on('error', (e) => (signal.aborted ? resolve(0) : reject(networkError(e, this.target, 0))));
            req.end();
        });
    }

    /** The URL and the request options client-node's credentials make (CA, client certificate, token, exec plugin). */
    private async prepare(path: string, query: Record<string, string | undefined>) {
        // The kubeconfig's own URL (target.server is the redacted one shown to people).
        const url = new URL((this.kc.getCurrentCluster()?.server ?? this.target.server).replace(/\/$/, '') + path);
        for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
        const shared = await this.applyCredentials();
        const options: https.RequestOptions = { ...shared, headers: { ...(shared.headers as Record<string, string>) } };
        const headers = { ...(options.headers as Record<string, string>), Accept: 'application/json', 'User-Agent': USER_AGENT };
        return { url, options, headers, mod: url.protocol === 'http:' ? http : https };
    }

    /**
     * One GET. A kept-alive connection the server closed while idle fails the request sent on it before any response
     * (ECONNRESET, EPIPE): the GET goes again once on a fresh connection, as Go's http.Transport retries an idempotent
     * request on a reused connection (net/http transport.go shouldRetryRequest) and Node's docs advise
     * (http request.reusedSocket).
     */
    private async once(path: string, query: Record<string, string | undefined>): Promise<ApiResponse> {
        try {
            return await this.send(path, query);
        } catch (err) {
            if (!(err instanceof StaleConnection)) throw err;
            this.opts.verbose?.(`the kept-alive connection was closed by the server (${err.code}); sending again`);
            return this.send(path, query, true);
        }
    }

    private async send(path: string, query: Record<string, string | undefined>, retried = false): Promise<ApiResponse> {
        const { url, options, headers, mod } = await this.prepare(path, query);
        const started = Date.now();
        const maxBytes = this.opts.maxBodyBytes ?? MAX_BODY_BYTES;
        const res = await new Promise<ApiResponse>((resolve, reject) => {
            let answered = false;
            const req = mod.request(url, { ...options, method: 'GET', headers }, (r) => {
                answered = true;
                const chunks: Buffer[] = [];
                let bytes = 0;
                r.on('data', (c: Buffer) => {
                    bytes += c.length;
                    // Stop reading at the cap: a server that never stops sending must not fill the memory.
                    if (bytes > maxBytes) return void req.destroy(Object.assign(new Error('body too large'), { code: 'SVCDIG_TOO_LARGE', limit: maxBytes }));
                    chunks.push(c);
                });
                r.on('error', reject);
                // A connection reset mid-body ends the response without 'end': report it now, not at the timeout.
                r.on('close', () => {
                    if (!r.complete) reject(Object.assign(new Error('connection dropped mid-body'), { code: 'ECONNRESET' }));
                });
                r.on('end', () => {
                    clearTimeout(timer);
                    const text = Buffer.concat(chunks).toString('utf8');
                    let body: unknown;
                    try {
                        body = JSON.parse(text);
                    } catch {
                        body = text;
                    }
                    const retryAfter = r.headers['retry-after'];
                    resolve({ status: r.statusCode ?? 0, body, head: text.slice(0, 200), ...(typeof retryAfter === 'string' ? { retryAfter } : {}) });
                });
            });
            const timer = setTimeout(() => req.destroy(Object.assign(new Error('request timed out'), { code: 'SVCDIG_TIMEOUT' })), this.opts.timeoutMs);
            req.on('error', (e: NodeJS.ErrnoException) => {
                clearTimeout(timer);
                const stale = !retried && !answered && req.reusedSocket && (e.code === 'ECONNRESET' || e.code === 'EPIPE');
                reject(stale ? new StaleConnection(e.code!) : e);
            });
            req.end();
        }).catch((e: unknown) => {
            if (e instanceof StaleConnection) throw e;
            throw networkError(e, this.target, this.opts.timeoutMs);
        });
        this.opts.verbose?.(`GET ${url.pathname}${url.search} → ${res.status} (${Date.now() - started} ms)`);
        return res;
    }
}

/**
 * A watch: GET with watch=1, the response a stream of JSON lines (one event each) that `onEvent` gets as they come.
 * Settles when the server ends the stream (timeoutSeconds), the signal aborts it, or the connection fails.
 */
export async function watchStream(
    client: ApiClient,
    path: string,
    query: Record<string, string>,
    onEvent: (e: { type?: string; object?: { kind?: string; metadata?: { namespace?: string; name?: string } } }) => void,
    signal: AbortSignal,
): Promise<number> {
    return client.stream(
        path,
        { ...query, watch: '1' },
        (line) => {
            try {
                onEvent(JSON.parse(line) as Parameters<typeof onEvent>[0]);
            } catch {
                /* not JSON: ignored */
            }
        },
        signal,
    );
}

/** A request that failed on a kept-alive connection before any response: sent again on a fresh one. */
class StaleConnection extends Error {
    constructor(readonly code: string) {
        super(`kept-alive connection closed (${code})`);
    }
}

/** The keep-alive twin of each agent client-node made (one per cluster and user: KubeConfig.createAgent). */
const keepAliveTwins = new WeakMap<http.Agent, http.Agent>();

/**
 * client-node's agent for a cluster (KubeConfig.applyToHTTPSOptions, @kubernetes/client-node dist/config.js
 * createAgent) is a plain `new https.Agent(tlsOptions)`, which closes each connection after its response: every request
 * paid a TCP and TLS handshake (356 of them in a `check -A` of 100 namespaces), on both ends. Its twin with the same TLS
 * options keeps connections open between requests, as kubectl's client does (a Go http.Transport reuses them); idle
 * ones are unreferenced, so they never hold the process. A proxy's agent (HTTP CONNECT, SOCKS) is used as it is.
 */
function keepingAlive(agent: http.Agent | boolean): http.Agent | boolean {
    if (typeof agent === 'boolean' || (agent.constructor !== https.Agent && agent.constructor !== http.Agent)) return agent;
    const plain = agent as http.Agent & { keepAlive?: boolean; options?: http.AgentOptions };
    if (plain.keepAlive) return agent;
    let twin = keepAliveTwins.get(agent);
    if (!twin) {
        const Agent = agent.constructor as typeof http.Agent;
        keepAliveTwins.set(agent, (twin = new Agent({ ...plain.options, keepAlive: true })));
    }
    return twin;
}

function retryAfterMs(h: string | undefined): number {
    if (!h) return 1000;
    const n = Number(h);
    if (Number.isFinite(n)) return Math.max(0, n * 1000);
    const t = Date.parse(h);
    return Number.isFinite(t) ? Math.max(0, t - Date.now()) : 1000;
}

/** The parts of a kubeconfig user entry credentialError names (client-node's User). */
interface CredentialUser {
    exec?: { command?: string } | null;
    authProvider?: { name?: string; config?: Record<string, string> } | null;
}

/** Failures while client-node prepares credentials: unreadable cert/key/CA files, exec plugins, OIDC. */
function credentialError(e: unknown, t: Target, user?: CredentialUser, timedOutAfterMs?: number): SvcdigError {
    const err = e as NodeJS.ErrnoException;
    // Files first: a missing CA or client certificate is read (fs.readFileSync, syscall "open") before any plugin runs.
    if ((err?.code === 'ENOENT' || err?.code === 'EACCES' || err?.code === 'EISDIR') && err.syscall === 'open') {
        return new SvcdigError('config', `cannot read ${err.path ?? 'a file'} named in the kubeconfig for context "${t.context}" (${err.code})`, { cause: e });
    }
    const who = `cannot get credentials for user "${t.user}" (context "${t.context}")`;
    const execCommand = user?.exec?.command;
    if (execCommand) {
        // client-node's error is the plugin's stderr (or a JSON error quoting its stdout): either may hold credentials.
        const why =
            timedOutAfterMs !== undefined
                ? `did not finish within ${formatTimeout(timedOutAfterMs)} (--request-timeout) and was stopped`
                : err?.code === 'ENOENT'
                  ? 'was not found'
                  : err instanceof SyntaxError
                    ? 'printed no valid ExecCredential JSON'
                    : 'failed';
        return new SvcdigError('config', `${who}: the exec credential plugin ${execCommand} ${why}`, {
            hint: 'its output is not shown (it may hold credentials); run the command yourself to see it',
        });
    }
    if (err?.code === 'ENOENT' || err?.code === 'EACCES') {
        return new SvcdigError('config', `cannot read ${err.path ?? 'a file'} named in the kubeconfig for context "${t.context}" (${err.code})`, { cause: e });
    }
    if (user?.authProvider?.name === 'oidc') {
        // openid-client's discovery fails with messages about its own internals ('"server" must be an instance of URL').
        const issuer = user.authProvider.config?.['idp-issuer-url'];
        return new SvcdigError(
            'config',
            `${who}: the OIDC issuer ${issuer ? `${issuer} ` : ''}could not be reached or did not answer OpenID discovery, and the id-token could not be refreshed`,
            {
                cause: e,
                hint: 'log in again with your OIDC helper (e.g. kubectl oidc-login), or check idp-issuer-url in the kubeconfig',
            },
        );
    }
    const first = String(err?.message ?? e)
        .split('\n')[0]!
        .slice(0, 200);
    return new SvcdigError('config', `${who}: ${first}`, { cause: e });
}
