/**
 * Runs a command in a pod's container through the API server (client-node Exec over WebSocket, the
 * `v5.channel.k8s.io`/`v4.channel.k8s.io` channel protocol: 1 stdout, 2 stderr, 3 a v1 Status at the end). Needs RBAC
 * `get` and `create` on pods/exec (WebSocket upgrades are GETs; Kubernetes 1.35+ also asks for create) in the pod's namespace. Only used to read resolv.conf and the environment; never with stdin or a TTY.
 */
import { Writable } from 'node:stream';
import { SvcdigError } from '../../errors.js';

export interface ExecOutput {
    stdout: string;
    stderr: string;
    /** 0 on Success; the ExitCode cause of a NonZeroExitCode Failure; null when the server sent no status. */
    exitCode: number | null;
    /** The Status message of a Failure. */
    message?: string;
}

/** An exec the API server refused before it ran: `status` is its HTTP status (403 = RBAC, 404 = no such pod). */
export class PodExecError extends SvcdigError {
    constructor(
        readonly status: number | undefined,
        message: string,
        hint?: string,
    ) {
        super(status === 403 || status === 401 ? 'config' : status === 404 ? 'notFound' : 'unreachable', message, hint ? { hint } : undefined);
    }
    get forbidden(): boolean {
        return this.status === 403;
    }
}

const DEFAULT_TIMEOUT_MS = 15_000;

/** The HTTP status in client-node's WebSocket rejection ("Unexpected server response: 403"). */
function rejectionStatus(err: unknown): number | undefined {
    const text = String((err as { message?: string })?.message ?? (err as { error?: { message?: string } })?.error?.message ?? err);
    const m = /Unexpected server response: (\d{3})/.exec(text);
    return m ? Number(m[1]) : undefined;
}

function sink(into: { text: string }): Writable {
    return new Writable({
        write(chunk: Buffer | string, _enc, cb) {
            into.text += chunk.toString();
            cb();
        },
    });
}

/** Exit code from a v1 Status: 0 for Success, the ExitCode cause for NonZeroExitCode. */
export function exitCodeOfStatus(status: { status?: string; reason?: string; details?: { causes?: { reason?: string; message?: string }[] } }): number | null {
    if (status.status === 'Success') return 0;
    const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
    if (cause?.message !== undefined && /^\d+$/.test(cause.message)) return Number(cause.message);
    return null;
}

export async function execInPod(
    kubeConfig: unknown,
    pod: { namespace: string; name: string },
    container: string,
    command: string[],
    timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<ExecOutput> {
    const k8s = await import('./client-node.js');
    const exec = new k8s.Exec(kubeConfig as InstanceType<typeof k8s.KubeConfig>);
    const out = { text: '' };
    const err = { text: '' };
    const where = `${pod.namespace}/${pod.name}`;
    return new Promise<ExecOutput>((resolve, reject) => {
        const once = settleOnce(timeoutMs, () => reject(new PodExecError(undefined, `exec in pod ${where} did not finish within ${timeoutMs / 1000}s`)));
        exec.exec(pod.namespace, pod.name, container, command, sink(out), sink(err), null, false, (status) => {
            const s = status as ExecStatus;
            // The stdout/stderr frames came before the status frame, and the sinks take writes synchronously.
            once.finish(() =>
                resolve({
                    stdout: out.text,
                    stderr: err.text,
                    exitCode: exitCodeOfStatus(s),
                    ...(s.status !== 'Success' && s.message ? { message: s.message } : {}),
                }),
            );
        }).then(
            (ws) => {
                const socket = once.attach(ws as unknown as ExecSocket);
                socket?.on?.('close', () => setImmediate(() => once.finish(() => resolve({ stdout: out.text, stderr: err.text, exitCode: null }))));
            },
            (e: unknown) => once.finish(() => reject(execRefused(e, pod))),
        );
    });
}

type ExecStatus = { status?: string; message?: string; reason?: string; details?: { causes?: { reason?: string; message?: string }[] } };
type ExecSocket = { close(): void; on?(ev: string, fn: () => void): void } | undefined;

/**
 * An exec ends once, by whichever comes first: its status frame, its socket closing, the API server refusing it, or
 * `timeoutMs` passing (then the socket is closed and `onTimeout` runs).
 */
function settleOnce(timeoutMs: number, onTimeout: () => void): { finish(f: () => void): void; attach(ws: ExecSocket): ExecSocket } {
    let done = false;
    let socket: ExecSocket;
    const finish = (f: () => void) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        f();
    };
    const timer = setTimeout(
        () =>
            finish(() => {
                try {
                    socket?.close();
                } catch {
                    /* already closed */
                }
                onTimeout();
            }),
        timeoutMs,
    );
    return {
        finish,
        attach(ws) {
            socket = ws;
            return ws;
        },
    };
}

/** The error for an exec the API server refused (the WebSocket upgrade failed), by its HTTP status. */
function execRefused(e: unknown, pod: { namespace: string; name: string }): PodExecError {
    const where = `${pod.namespace}/${pod.name}`;
    const status = rejectionStatus(e);
    if (status === 403)
        return new PodExecError(403, `exec in pod ${where} is forbidden`, `svcdig needs get and create pods/exec in namespace ${pod.namespace}`);
    if (status === 404) return new PodExecError(404, `pod ${where} not found (exec)`);
    if (status !== undefined) return new PodExecError(status, `exec in pod ${where} failed: HTTP ${status}`);
    return new PodExecError(undefined, `exec in pod ${where} failed: ${String((e as { message?: string })?.message ?? e).split('\n')[0]}`);
}
