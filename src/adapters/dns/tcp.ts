import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { runAttempt, type AttemptContext, type AttemptIo, type AttemptResult } from './attempt.js';
import { ServerFailure } from './errors.js';

/**
 * Splits a TCP byte stream into DNS messages (RFC 1035 §4.2.2: each is preceded by a two-byte length); chunks may
 * hold part of a message or several.
 */
export class TcpFramer {
    private pending: Buffer = Buffer.alloc(0);
    push(chunk: Buffer): Buffer[] {
        this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
        const out: Buffer[] = [];
        while (this.pending.length >= 2) {
            const len = this.pending.readUInt16BE(0);
            if (this.pending.length < 2 + len) break;
            out.push(this.pending.subarray(2, 2 + len));
            this.pending = this.pending.subarray(2 + len);
        }
        return out;
    }
    /** Bytes received of a message not yet complete, and the length it announced (when known). */
    get partial(): { have: number; want?: number } {
        if (this.pending.length < 2) return { have: this.pending.length };
        return { have: this.pending.length - 2, want: this.pending.readUInt16BE(0) };
    }
}

/**
 * One query over a fresh TCP connection, or over the stream `connectStream` returns (a port-forward). The query is
 * already framed (dns-packet's streamEncode).
 */
export function tcpAttempt(
    address: { host: string; port: number },
    framedQuery: Buffer,
    ctx: AttemptContext,
    connectStream?: () => Promise<Duplex>,
): Promise<AttemptResult> {
    const connection = new TcpConnection(ctx.serverText, address.port);
    return runAttempt(
        ctx,
        (io) => {
            if (connectStream) sendOverStream(connectStream, framedQuery, connection, io, ctx.serverText);
            else sendOverSocket(address, framedQuery, connection, io);
        },
        () => connection.close(),
    );
}

/** Opens the stream (a port-forward), then sends: the round trip starts when the stream is there. */
function sendOverStream(connectStream: () => Promise<Duplex>, framedQuery: Buffer, connection: TcpConnection, io: AttemptIo, serverText: string): void {
    connectStream().then(
        (s) => {
            connection.attach(s, io);
            io.sentAt();
            s.write(framedQuery);
        },
        (err: Error) => io.fail(new ServerFailure('network', `cannot open a stream to ${serverText}: ${err.message}`)),
    );
}

function sendOverSocket(address: { host: string; port: number }, framedQuery: Buffer, connection: TcpConnection, io: AttemptIo): void {
    const sock = connect({ host: address.host, port: address.port });
    connection.attach(sock, io);
    // The round trip counts the TCP handshake: a pod's resolver pays it too.
    sock.once('connect', () => {
        sock.write(framedQuery);
    });
}

type Listener = Parameters<Duplex['on']>[1];

/** The stream of one attempt: frames what arrives into messages and turns its end or error into a ServerFailure. */
class TcpConnection {
    private stream: Duplex | undefined;
    private closed = false;
    private readonly framer = new TcpFramer();
    // Our own listeners, removed by name at the end: the stream's owner (a port-forward) may listen too.
    private readonly own: { event: string; fn: Listener }[] = [];

    private readonly serverText: string;
    private readonly port: number;

    constructor(serverText: string, port: number) {
        this.serverText = serverText;
        this.port = port;
    }

    attach(s: Duplex, io: AttemptIo): void {
        this.stream = s;
        if (this.closed) {
            discard(s);
            return;
        }
        const ended = () => io.fail(closedFailure(this.framer.partial, this.serverText));
        this.on(s, 'data', (chunk: Buffer) => {
            for (const msg of this.framer.push(chunk)) io.offer(msg);
        });
        this.on(s, 'end', ended);
        this.on(s, 'close', ended);
        this.on(s, 'error', (err: NodeJS.ErrnoException) => {
            if (err.code === 'ECONNRESET' && this.framer.partial.have > 0) ended();
            else io.fail(streamFailure(err, this.serverText, this.port));
        });
    }

    close(): void {
        this.closed = true;
        if (!this.stream) return;
        for (const { event, fn } of this.own) this.stream.off(event, fn);
        discard(this.stream);
    }

    private on(s: Duplex, event: string, fn: Listener): void {
        s.on(event, fn);
        this.own.push({ event, fn });
    }
}

/** The server closed the connection before a usable reply; says how far into a message it was. */
function closedFailure(partial: { have: number; want?: number }, serverText: string): ServerFailure {
    if (partial.have === 0) return new ServerFailure('closed', `${serverText} closed the TCP connection without a usable reply`);
    const of = partial.want === undefined ? '' : ` of ${partial.want}`;
    return new ServerFailure('closed', `${serverText} closed the TCP connection mid-message (got ${partial.have}${of} bytes)`);
}

function streamFailure(err: NodeJS.ErrnoException, serverText: string, port: number): ServerFailure {
    if (err.code === 'ECONNREFUSED') return new ServerFailure('refused', `${serverText} refused the connection (nothing listens on TCP port ${port})`);
    return new ServerFailure('network', `cannot query ${serverText} over TCP: ${err.code ?? err.message}`);
}

/**
 * Ends a stream nobody reads any more. Destroying a Duplex.from() pair before it ended emits an AbortError 'error'
 * (node:internal/streams/duplexify), which with no listener kills the process: a stream that arrives after its query
 * timed out (`--timeout 10ms` through a port-forward) is destroyed with a listener in place.
 */
function discard(s: Duplex): void {
    s.on('error', () => {});
    s.destroy();
}
