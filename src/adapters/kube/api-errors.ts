/**
 * API failures as one actionable line with the right exit code (errors.ts): 401/403 and TLS trust problems are
 * kubeconfig/permission problems (exit 3), 404 is not found (4), refused/timed-out/5xx/throttled is unreachable
 * (5). The raw response (headers, body) is never shown.
 */
import { SvcdigError } from '../../errors.js';

export interface Target {
    context: string;
    cluster: string;
    server: string;
    user: string;
    namespace: string;
    /** The CA file the cluster entry names, for TLS messages. */
    caFile?: string;
    hasCaData?: boolean;
}

/** What was being read, for messages and RBAC hints. */
export interface ReadWhat {
    verb: 'get' | 'list';
    resource: string;
    /** null = all namespaces / cluster scope. */
    namespace: string | null;
    name?: string;
}

const TLS_UNTRUSTED = new Set([
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'UNABLE_TO_GET_ISSUER_CERT',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'CERT_SIGNATURE_FAILURE',
]);

export function formatTimeout(ms: number): string {
    return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** A transport failure (no HTTP status): refused, reset, timed out, TLS. */
export function networkError(e: unknown, t: Target, timeoutMs: number): SvcdigError {
    const err = (e as { cause?: unknown; code?: string }) ?? {};
    const code: string | undefined = err.code ?? (err.cause as { code?: string } | undefined)?.code;
    const at = `the API server at ${t.server} (context "${t.context}")`;
    if (code === 'SVCDIG_TOO_LARGE') {
        const limit = (e as { limit?: number }).limit ?? 0;
        return new SvcdigError('unreachable', `${at} sent a response larger than ${Math.round(limit / 1048576)} MiB; svcdig stopped reading it`, { cause: e });
    }
    if (code === 'SVCDIG_TIMEOUT') {
        return new SvcdigError('unreachable', `${at} did not answer within ${formatTimeout(timeoutMs)} (--request-timeout)`, { cause: e });
    }
    if (code && TLS_UNTRUSTED.has(code)) {
        const ca = t.caFile
            ? `the CA in ${t.caFile} (certificate-authority of cluster "${t.cluster}")`
            : t.hasCaData
              ? `the certificate-authority-data of cluster "${t.cluster}"`
              : `the system CAs (cluster "${t.cluster}" sets no certificate-authority)`;
        return new SvcdigError('config', `the certificate of ${at} is not trusted by ${ca}`, { cause: e });
    }
    if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
        return new SvcdigError('config', `the certificate of ${at} is not valid for that host name (set tls-server-name in the kubeconfig cluster entry?)`, {
            cause: e,
        });
    }
    if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
        return new SvcdigError('config', `the certificate of ${at} ${code === 'CERT_HAS_EXPIRED' ? 'has expired' : 'is not yet valid'}`, { cause: e });
    }
    const why =
        code === 'ECONNREFUSED'
            ? 'connection refused'
            : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
              ? 'host name not found'
              : code === 'EHOSTUNREACH' || code === 'ENETUNREACH'
                ? 'no route to host'
                : code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/.test(String((e as Error)?.message))
                  ? 'connection dropped'
                  : code
                    ? code
                    : String((e as Error)?.message ?? e).split('\n')[0];
    return new SvcdigError('unreachable', `cannot reach ${at}: ${why} (--request-timeout ${formatTimeout(timeoutMs)})`, { cause: e });
}

function where(ns: string | null): string {
    return ns === null ? 'in all namespaces' : `in namespace ${ns}`;
}

/** The RBAC rule that would allow a read: "list pods in namespace dev". */
export function rbacNeeds(w: ReadWhat): string {
    return `${w.verb} ${w.resource} ${where(w.namespace)}`;
}

/**
 * The start of a response body for a message: at most 80 characters, quoted, with every control character (C0, C1,
 * DEL) and bidi override written as an escape so nothing the server sends acts on the terminal.
 */
export function bodyExcerpt(text: string): string {
    const cut = text.length > 80 ? `${text.slice(0, 80)}…` : text;
    const escaped = cut.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069"\\]/g, (c) =>
        c === '"' || c === '\\' ? `\\${c}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
    return `"${escaped}"`;
}

/** A 200 whose body is not what the read asked for (HTML from a proxy, JSON cut short, a list without items). */
export function malformedBody(res: { status: number; head: string; body: unknown }, w: ReadWhat, t: Target, why: string): SvcdigError {
    const what = typeof res.body === 'string' ? 'not JSON' : why;
    return new SvcdigError(
        'unreachable',
        `the API server at ${t.server} answered ${w.verb} ${w.resource} ${where(w.namespace)} with ${res.status} but the body is ${what}: ${bodyExcerpt(res.head)}`,
        {
            hint: 'is --server/the kubeconfig pointing at a proxy or a login page rather than the API server?',
        },
    );
}

function statusMessage(body: unknown): string | undefined {
    const m = (body as { message?: unknown } | undefined)?.message;
    return typeof m === 'string' ? m : undefined;
}

/** An HTTP error status for a read that cannot degrade. `head`: the body's first characters, for statuses svcdig cannot explain. */
export function httpError(status: number, body: unknown, w: ReadWhat, t: Target, head = ''): SvcdigError {
    const at = `the API server at ${t.server}`;
    if (status === 401) {
        return new SvcdigError('config', `the server rejected the credentials of user "${t.user}" (401)`, {
            hint: `check the user entry of context "${t.context}" in the kubeconfig (token, client certificate or exec plugin)`,
        });
    }
    if (status === 403) {
        const user = /User "([^"]*)"/.exec(statusMessage(body) ?? '')?.[1] ?? t.user;
        const obj = w.name ? `${w.resource} "${w.name}"` : w.resource;
        return new SvcdigError('config', `forbidden: user "${user}" cannot ${w.verb} ${obj} ${where(w.namespace)} (403)`, {
            hint: `svcdig needs RBAC permission to ${rbacNeeds(w)}`,
        });
    }
    if (status === 404) {
        return new SvcdigError('notFound', w.name ? `${w.resource} "${w.name}" not found ${where(w.namespace)}` : `${at} does not serve ${w.resource} (404)`);
    }
    if (status === 429) return new SvcdigError('unreachable', `${at} is throttling requests (429 Too Many Requests) and kept doing so after retries`);
    const reason = (body as { reason?: unknown } | undefined)?.reason;
    const detail = typeof reason === 'string' && reason ? ` ${reason}` : '';
    if (status >= 500) return new SvcdigError('unreachable', `${at} failed to ${w.verb} ${w.resource} (${status}${detail})`);
    // 3xx (a redirect to a login page: svcdig follows none, as client-go), 400, 422, …: the server's answer, not a bug here.
    const said = statusMessage(body) ?? (head ? head : undefined);
    return new SvcdigError(
        'unreachable',
        `${at} answered ${status}${detail} to ${w.verb} ${w.resource} ${where(w.namespace)}${said !== undefined ? `: ${bodyExcerpt(said)}` : ''}`,
    );
}
