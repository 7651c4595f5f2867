import { createSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import * as dnsPacket from 'dns-packet';
import { buildDnsIndex, expectedReply } from '../core/dns/index.js';
import type { DnsConfig } from '../core/dns-config.js';
import type { ClusterSnapshot } from '../core/snapshot.js';
import { replyToPacket } from './reply-packet.js';

/** The previous address of web-2, still served by the demo's DNS: the realistic drift the demo shows. */
export const DEMO_STALE_WEB2_IP = '10.44.0.4';

/**
 * The demo cluster's DNS as it really answered: what CoreDNS computes from the cluster, except that one replica's
 * informer still holds web-2's endpoint from before its restart (ready, old IP 10.44.0.4). svcdig should expose that.
 */
export function driftedDemoSnapshot(snapshot: ClusterSnapshot): ClusterSnapshot {
    const copy: ClusterSnapshot = structuredClone(snapshot);
    for (const slice of copy.endpointSlices) {
        if (slice.metadata.name !== 'nginx-5m9ml') continue;
        for (const ep of slice.endpoints ?? []) {
            if (ep.hostname === 'web-2') {
                ep.addresses = [DEMO_STALE_WEB2_IP];
                ep.conditions = { ready: true, serving: true, terminating: false };
            }
        }
    }
    return copy;
}

export interface DemoDnsServer {
    port: number;
    close(): Promise<void>;
}

/** A DNS responder on 127.0.0.1 (UDP and TCP, same port) that answers from the drifted demo cluster. */
export async function startDemoDnsServer(snapshot: ClusterSnapshot, config: DnsConfig): Promise<DemoDnsServer> {
    const index = buildDnsIndex(driftedDemoSnapshot(snapshot), config);
    const answer = (msg: Buffer): Buffer | null => {
        let query: dnsPacket.Packet;
        try {
            query = dnsPacket.decode(msg);
        } catch {
            return null;
        }
        const q = query.questions?.[0];
        if (!q) return null;
        return replyToPacket(query, expectedReply(index, q.name, q.type));
    };
    for (let attempt = 0; attempt < 20; attempt++) {
        const udp = createSocket('udp4');
        await new Promise<void>((resolve, reject) => {
            udp.once('error', reject);
            udp.bind(0, '127.0.0.1', () => resolve());
        });
        const port = udp.address().port;
        const tcp: Server = createServer((sock: Socket) => {
            let buf = Buffer.alloc(0);
            sock.on('error', () => sock.destroy());
            sock.on('data', (chunk) => {
                buf = Buffer.concat([buf, chunk]);
                while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
                    const len = buf.readUInt16BE(0);
                    const out = answer(buf.subarray(2, 2 + len));
                    buf = buf.subarray(2 + len);
                    if (out) {
                        const framed = Buffer.alloc(2 + out.length);
                        framed.writeUInt16BE(out.length, 0);
                        out.copy(framed, 2);
                        sock.write(framed);
                    }
                }
            });
        });
        const ok = await new Promise<boolean>((resolve) => {
            tcp.once('error', () => resolve(false));
            tcp.listen(port, '127.0.0.1', () => resolve(true));
        });
        if (!ok) {
            udp.close();
            continue;
        }
        udp.on('message', (msg, rinfo) => {
            const out = answer(msg);
            if (out) udp.send(out, rinfo.port, rinfo.address);
        });
        return {
            port,
            close: () =>
                new Promise<void>((resolve) => {
                    udp.close();
                    tcp.close(() => resolve());
                }),
        };
    }
    throw new Error('could not bind the demo DNS responder on 127.0.0.1');
}
