import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { runAttempt, type AttemptContext, type AttemptResult } from './attempt.js';
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
    let stream: Duplex | undefined;
    let closed = false;
    // Our own listeners, removed by name at the end: the stream's owner (a port-forward) may listen too.
    const own: { event: string; fn: Parameters<Duplex['on']>[1] }[] = [];
    return runAttempt(
        ctx,
        (io) => {
            const framer = new TcpFramer();
            const attach = (s: Duplex) => {
                stream = s;
                if (closed) {
                    discard(s);
                    return;
                }
                const on = (event: string, fn: Parameters<Duplex['on']>[1]) => {
                    s.on(event, fn);
                    own.push({ event, fn });
                };
                on('data', (chunk: Buffer) => {
                    for (const msg of framer.push(chunk)) io.offer(msg);
                });
                const ended = () => {
                    const p = framer.partial;
                    if (p.have > 0) {
                        const of = p.want === undefined ? '' : ` of ${p.want}`;
                        io.fail(new ServerFailure('closed', `${ctx.serverText} closed the TCP connection mid-message (got ${p.have}${of} bytes)`));
                    } else {
                        io.fail(new ServerFailure('closed', `${ctx.serverText} closed the TCP connection without a usable reply`));
                    }
                };
                on('end', ended);
                on('close', ended);
                on('error', (err: NodeJS.ErrnoException) => {
                    if (err.code === 'ECONNREFUSED') {
                        io.fail(new ServerFailure('refused', `${ctx.serverText} refused the connection (nothing listens on TCP port ${address.port})`));
                    } else if (err.code === 'ECONNRESET' && framer.partial.have > 0) {
                        ended();
                    } else {
                        io.fail(new ServerFailure('network', `cannot query ${ctx.serverText} over TCP: ${err.code ?? err.message}`));
                    }
                });
            };
            if (connectStream) {
                connectStream().then(
                    (s) => {
                        attach(s);
                        io.sentAt();
                        s.write(framedQuery);
                    },
                    (err: Error) => io.fail(new ServerFailure('network', `cannot open a stream to ${ctx.serverText}: ${err.message}`)),
                );
            } else {
                const sock = connect({ host: address.host, port: address.port });
                attach(sock);
                // The round trip counts the TCP handshake: a pod's resolver pays it too.
                sock.once('connect', () => {
                    sock.write(framedQuery);
                });
            }
        },
        () => {
            closed = true;
            if (stream) {
                for (const { event, fn } of own) stream.off(event, fn);
                discard(stream);
            }
        },
    );
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
