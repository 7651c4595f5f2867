import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';

/*
 * The server side of DNS on loopback: the demo's DNS responder uses it, and so do the test kit's DNS servers.
 */

/**
 * A UDP socket and a TCP server on the same loopback port, as a DNS server needs. The UDP port comes from the kernel;
 * the TCP port of that number may be taken by something else on the machine, so on
 * EADDRINUSE both are released and another port is tried, a bounded number of times.
 */
export async function bindUdpAndTcp(tcp: Server, attempts = 20): Promise<{ udp: UdpSocket; port: number }> {
    for (let i = 0; i < attempts; i++) {
        const udp = createSocket('udp4');
        await new Promise<void>((resolve, reject) => {
            udp.once('error', reject);
            udp.bind(0, '127.0.0.1', () => resolve());
        });
        const port = udp.address().port;
        const listening = await new Promise<boolean>((resolve) => {
            const onError = () => resolve(false);
            tcp.once('error', onError);
            tcp.listen(port, '127.0.0.1', () => {
                tcp.off('error', onError);
                resolve(true);
            });
        });
        if (listening) return { udp, port };
        await new Promise<void>((resolve) => udp.close(() => resolve()));
    }
    throw new Error(`could not bind UDP and TCP on one 127.0.0.1 port in ${attempts} tries`);
}

/**
 * A TCP server speaking DNS over TCP framing (RFC 7766: each message after a 2-byte length): `onMessage` gets each
 * complete message and the connection it came on. Its connections are tracked in `sockets` so a test's stop() can
 * end them.
 */
export function dnsTcpServer(onMessage: (msg: Buffer, sock: Socket) => void): { tcp: Server; sockets: Set<Socket> } {
    const sockets = new Set<Socket>();
    const tcp = createServer((sock) => {
        sockets.add(sock);
        sock.on('close', () => sockets.delete(sock));
        sock.on('error', () => sock.destroy());
        let pending = Buffer.alloc(0);
        sock.on('data', (chunk: Buffer) => {
            pending = Buffer.concat([pending, chunk]);
            while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
                const msg = pending.subarray(2, 2 + pending.readUInt16BE(0));
                pending = pending.subarray(2 + msg.length);
                onMessage(msg, sock);
            }
        });
    });
    return { tcp, sockets };
}

/** `msg` with its 2-byte length in front, as DNS over TCP sends it. */
export function tcpFrame(msg: Buffer): Buffer {
    const framed = Buffer.alloc(2 + msg.length);
    framed.writeUInt16BE(msg.length, 0);
    msg.copy(framed, 2);
    return framed;
}
