/**
 * Streaming subresources of the fake kube-apiserver: pods/portforward and pods/exec over WebSocket, with the channel
 * framing the API server (kubelet's streaming server behind it) uses (the channel.k8s.io protocols; KEP-4006,
 * kubernetes/enhancements keps/sig-api-machinery/4006-transition-spdy-to-websockets;
 * test/adapters/kube/streaming.test.ts runs real clients against it):
 * - every binary message starts with a channel byte;
 * - port-forward (`v4.channel.k8s.io`; the API server offers no v5 here): per port a data channel (2i) and an error
 *   channel (2i+1), each first carrying the port as 2 bytes little-endian; then data frames on the data channel. A
 *   WebSocket carries one TCP connection to the pod's port: when the pod side closes, the WebSocket closes; when the
 *   port cannot be reached, the error channel says why and the WebSocket closes;
 * - exec (`v5.channel.k8s.io` or `v4.channel.k8s.io`): 0 stdin, 1 stdout, 2 stderr, 3 status (a v1 Status JSON:
 *   Success, or Failure with reason NonZeroExitCode and the exit code as an ExitCode cause), 4 resize; v5 adds
 *   channel 255 (CLOSE, sent by the client to half-close stdin). After the status the server closes the WebSocket.
 * Subprotocols are chosen in the client's order of preference, as the API server's handshake does.
 *
 * Tests choose where a pod's port leads (`portForwards.set('ns/pod:53', {host: '127.0.0.1', port})`, loopback only) and
 * what a command prints (`execScripts.set('ns/pod', (command, container) => ({stdout, stderr, exitCode}))`).
 */
import { connect, isIP, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Pod } from '../../../src/core/k8s.js';

export interface PortForwardTarget {
    host: string;
    port: number;
}

export interface ExecResult {
    stdout?: string;
    stderr?: string;
    /** Default 0. */
    exitCode?: number;
}

/** What running `command` in `container` of the pod prints. */
export type ExecScript = (command: string[], container: string) => ExecResult | Promise<ExecResult>;

export const PORT_FORWARD_PROTOCOLS = ['v4.channel.k8s.io'];
export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

const STDOUT = 1;
const STDERR = 2;
const STATUS = 3;

/** The first protocol the client offers that the server supports (the API server's handshake order). */
export function negotiateProtocol(offered: string | undefined, supported: string[]): string | undefined {
    const list = (offered ?? '')
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p !== '');
    return list.find((p) => supported.includes(p));
}

/** A frame: the channel byte, then the payload. */
export function frame(channel: number, payload: Buffer | string = Buffer.alloc(0)): Buffer {
    const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
    return Buffer.concat([Buffer.from([channel]), body]);
}

/** The port announcement each port-forward channel starts with: the channel byte, then the port as uint16 LE. */
export function portPreamble(channel: number, port: number): Buffer {
    const b = Buffer.alloc(3);
    b.writeUInt8(channel, 0);
    b.writeUInt16LE(port, 1);
    return b;
}

/** The v1 Status an exec ends with (kubelet's remotecommand: NonZeroExitCode with an ExitCode cause). */
export function execStatus(command: string[], exitCode: number): Record<string, unknown> {
    if (exitCode === 0) return { metadata: {}, status: 'Success' };
    return {
        metadata: {},
        status: 'Failure',
        message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${exitCode}`,
        reason: 'NonZeroExitCode',
        details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
    };
}

export interface Streaming {
    portForwards: Map<string, PortForwardTarget>;
    execScripts: Map<string, ExecScript>;
    /** Accepts an upgrade already authenticated, authorised and logged by server.ts; `pod` exists. */
    accept(req: IncomingMessage, socket: Duplex, head: Buffer, what: { subresource: 'portforward' | 'exec'; pod: Pod }): void;
    /** Closes every WebSocket and every bridged connection. */
    close(): void;
}

export function createStreaming(): Streaming {
    const portForwards = new Map<string, PortForwardTarget>();
    const execScripts = new Map<string, ExecScript>();
    const bridges = new Set<Socket>();
    const wss = new WebSocketServer({
        noServer: true,
        // The protocol is chosen per request below (it depends on the subresource); ws asks this only to echo it.
        handleProtocols: (_offered, req) => (req as IncomingMessage & { chosenProtocol?: string }).chosenProtocol ?? false,
    });

    function portForward(ws: WebSocket, req: IncomingMessage, pod: Pod): void {
        const u = new URL(req.url ?? '/', 'https://fake');
        const ports = u.searchParams
            .getAll('ports')
            .flatMap((p) => p.split(','))
            .map((p) => Number(p));
        const ns = pod.metadata.namespace ?? 'default';
        const name = pod.metadata.name;
        // Only one port per WebSocket here (client-node's limit too).
        const port = ports[0]!;
        ws.send(portPreamble(0, port));
        ws.send(portPreamble(1, port));
        const target = portForwards.get(`${ns}/${name}:${port}`);
        const fail = (why: string) => {
            if (ws.readyState === ws.OPEN) {
                ws.send(frame(1, `error forwarding port ${port} to pod ${name}, uid ${pod.metadata.uid ?? ''}: ${why}`));
                ws.close(1000);
            }
        };
        if (!target) {
            fail(`failed to connect to localhost:${port} inside namespace of pod ${ns}/${name}: connection refused`);
            return;
        }
        if (isIP(target.host) === 0 || !(target.host === '127.0.0.1' || target.host === '::1')) {
            fail(`the fake only forwards to loopback, not ${target.host}`);
            return;
        }
        const tcp = connect({ host: target.host, port: target.port });
        bridges.add(tcp);
        const pending: Buffer[] = [];
        let connected = false;
        tcp.on('connect', () => {
            connected = true;
            for (const p of pending) tcp.write(p);
            pending.length = 0;
        });
        tcp.on('data', (d: Buffer) => {
            if (ws.readyState === ws.OPEN) ws.send(frame(0, d));
        });
        tcp.on('error', (e: NodeJS.ErrnoException) => fail(`dial tcp4 ${target.host}:${target.port}: ${e.code ?? e.message}`));
        tcp.on('close', () => {
            bridges.delete(tcp);
            if (ws.readyState === ws.OPEN) ws.close(1000);
        });
        ws.on('message', (data: Buffer, isBinary: boolean) => {
            if (!isBinary || data.length < 1) return;
            if (data[0] !== 0) return; // only the data channel carries bytes to the pod
            const payload = data.subarray(1);
            if (connected) tcp.write(payload);
            else pending.push(Buffer.from(payload));
        });
        ws.on('close', () => tcp.destroy());
        ws.on('error', () => tcp.destroy());
    }

    async function exec(ws: WebSocket, req: IncomingMessage, pod: Pod, container: string): Promise<void> {
        const u = new URL(req.url ?? '/', 'https://fake');
        const command = u.searchParams.getAll('command');
        const key = `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
        const script = execScripts.get(key);
        let result: ExecResult;
        try {
            result = script ? await script(command, container) : { stderr: `fake apiserver: no exec script for pod ${key}\n`, exitCode: 127 };
        } catch (err) {
            result = { stderr: `fake apiserver: exec script failed: ${String(err)}\n`, exitCode: 126 };
        }
        if (ws.readyState !== ws.OPEN) return;
        const wantStdout = u.searchParams.get('stdout') === 'true' || u.searchParams.get('stdout') === '1';
        const wantStderr = u.searchParams.get('stderr') === 'true' || u.searchParams.get('stderr') === '1';
        if (wantStdout && result.stdout) ws.send(frame(STDOUT, result.stdout));
        if (wantStderr && result.stderr) ws.send(frame(STDERR, result.stderr));
        ws.send(frame(STATUS, JSON.stringify(execStatus(command, result.exitCode ?? 0))));
        ws.close(1000);
    }

    return {
        portForwards,
        execScripts,
        accept(req, socket, head, what) {
            (req as IncomingMessage & { chosenProtocol?: string }).chosenProtocol = negotiateProtocol(
                req.headers['sec-websocket-protocol'] as string | undefined,
                what.subresource === 'exec' ? EXEC_PROTOCOLS : PORT_FORWARD_PROTOCOLS,
            );
            wss.handleUpgrade(req, socket, head, (ws) => {
                ws.on('error', () => {});
                if (what.subresource === 'portforward') portForward(ws, req, what.pod);
                else void exec(ws, req, what.pod, execContainer(req, what.pod) ?? '');
            });
        },
        close() {
            for (const ws of wss.clients) ws.terminate();
            for (const s of bridges) s.destroy();
            bridges.clear();
            wss.close();
        },
    };
}

/** The container an exec runs in: `container=`, or the only one. undefined when it must be named. */
export function execContainer(req: IncomingMessage, pod: Pod): string | undefined {
    const u = new URL(req.url ?? '/', 'https://fake');
    const asked = u.searchParams.get('container');
    if (asked) return asked;
    const containers = pod.spec?.containers ?? [];
    return containers.length === 1 ? containers[0]!.name : undefined;
}

/**
 * Why the API server refuses this exec before upgrading (400 BadRequest), like its pod exec REST handler: a completed
 * pod, a container the pod does not have, or no container named when the pod has several. undefined = accepted.
 */
export function execRefusal(req: IncomingMessage, pod: Pod): string | undefined {
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return `cannot exec into a container in a completed pod; current phase is ${phase}`;
    const containers = (pod.spec?.containers ?? []).map((c) => c.name);
    const asked = new URL(req.url ?? '/', 'https://fake').searchParams.get('container');
    if (asked) {
        if (!containers.includes(asked)) return `container ${asked} is not valid for pod ${pod.metadata.name}`;
        return undefined;
    }
    if (containers.length !== 1) return `a container name must be specified for pod ${pod.metadata.name}, choose one of: [${containers.join(' ')}]`;
    return undefined;
}

/** Which protocols the subresource supports and whether the client offered one of them. */
export function offeredProtocolOk(req: IncomingMessage, subresource: 'portforward' | 'exec'): { ok: boolean; supported: string[] } {
    const supported = subresource === 'exec' ? EXEC_PROTOCOLS : PORT_FORWARD_PROTOCOLS;
    return { ok: negotiateProtocol(req.headers['sec-websocket-protocol'] as string | undefined, supported) !== undefined, supported };
}

/** Answers an upgrade request with a plain HTTP response (a Status JSON) and closes the socket. */
export function rejectUpgrade(socket: Duplex, code: number, body: unknown): void {
    const text = JSON.stringify(body);
    const reason =
        {
            400: 'Bad Request',
            401: 'Unauthorized',
            403: 'Forbidden',
            404: 'Not Found',
            405: 'Method Not Allowed',
            429: 'Too Many Requests',
            500: 'Internal Server Error',
            503: 'Service Unavailable',
        }[code] ?? 'Error';
    socket.end(
        `HTTP/1.1 ${code} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nCache-Control: no-cache, private\r\nConnection: close\r\n\r\n${text}`,
    );
}
