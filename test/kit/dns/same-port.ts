import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import type { Server } from 'node:net';

/**
 * A UDP socket and a TCP server on the same loopback port, as a DNS server needs. The UDP port comes from the kernel;
 * the TCP port of that number may be taken by something else on the machine (another test's server), so on
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
