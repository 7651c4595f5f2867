import { createSocket } from 'node:dgram';
import { isIP } from 'node:net';
import { runAttempt, type AttemptContext, type AttemptResult } from './attempt.js';
import { ServerFailure } from './errors.js';

/**
 * One query over UDP on a fresh socket connected to the server (RFC 5452 §9.2: the kernel then drops datagrams from
 * any other address or port); the source of each datagram is checked again before it is looked at.
 */
export function udpAttempt(address: { host: string; port: number }, query: Buffer, ctx: AttemptContext): Promise<AttemptResult> {
    const socket = createSocket(isIP(address.host) === 6 ? 'udp6' : 'udp4');
    return runAttempt(
        ctx,
        (io) => {
            socket.on('error', (err: NodeJS.ErrnoException) => {
                if (err.code === 'ECONNREFUSED') {
                    io.fail(new ServerFailure('refused', `${ctx.serverText} refused the query (nothing listens on UDP port ${address.port})`));
                } else {
                    io.fail(new ServerFailure('network', `cannot query ${ctx.serverText} over UDP: ${err.code ?? err.message}`));
                }
            });
            let remote = { address: address.host, port: address.port };
            socket.on('message', (msg, rinfo) => {
                if (rinfo.address !== remote.address || rinfo.port !== remote.port) {
                    ctx.dropped.add('wrong-source');
                    return;
                }
                io.offer(msg);
            });
            socket.connect(address.port, address.host, () => {
                remote = socket.remoteAddress();
                io.sentAt();
                socket.send(query);
            });
        },
        () => {
            socket.removeAllListeners('message');
            socket.on('error', () => {});
            try {
                socket.close();
            } catch {
                // already closed
            }
        },
    );
}
