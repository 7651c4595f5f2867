import * as dnsPacket from 'dns-packet';
import { buildDnsIndex, expectedReply } from '../core/dns/index.js';
import type { DnsConfig } from '../core/dns/dns-config.js';
import type { Reply } from '../core/dns/reply.js';
import { recordTypeByCode } from '../core/dns/record-types.js';
import type { ClusterSnapshot } from '../core/snapshot.js';
import { bindUdpAndTcp, dnsTcpServer, tcpFrame } from './dns-sockets.js';
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

export interface DnsResponder {
    port: number;
    close(): Promise<void>;
}

/** What a responder answers for one question (name without trailing dot, type mnemonic as dns-packet decodes it). */
export type AnswerFor = (name: string, type: string) => Reply;

/** dns-packet names a type it has no mnemonic for `UNKNOWN_<code>`; svcdig's table names it. */
function questionType(decoded: string): string {
    const m = /^UNKNOWN_(\d+)$/.exec(decoded);
    return m ? recordTypeByCode(Number(m[1])).name : decoded;
}

/**
 * The reply to one DNS message: `answerFor`'s Reply for its first question, SERVFAIL if that Reply cannot be encoded,
 * null for a message that does not decode or asks nothing. Exported so the test kit's server answers the same way.
 */
export function answerQuery(msg: Buffer, answerFor: AnswerFor): Buffer | null {
    let query: dnsPacket.Packet;
    try {
        query = dnsPacket.decode(msg);
    } catch {
        return null;
    }
    const q = query.questions?.[0];
    if (!q) return null;
    try {
        return replyToPacket(query, answerFor(q.name, questionType(q.type)));
    } catch {
        // a reply dns-packet cannot encode: answer SERVFAIL rather than stay silent
        return replyToPacket(query, { rcode: 'SERVFAIL', answers: [], additionals: [], because: [] });
    }
}

/** A DNS responder on 127.0.0.1 (UDP and TCP, same port) that answers every question with `answerFor`. */
export async function startDnsResponder(answerFor: AnswerFor): Promise<DnsResponder> {
    const answer = (msg: Buffer) => answerQuery(msg, answerFor);
    const { tcp, sockets } = dnsTcpServer((msg, sock) => {
        const out = answer(msg);
        if (out) sock.write(tcpFrame(out));
    });
    const { udp, port } = await bindUdpAndTcp(tcp);
    udp.on('message', (msg, rinfo) => {
        const out = answer(msg);
        if (out) udp.send(out, rinfo.port, rinfo.address);
    });
    return {
        port,
        close: async () => {
            for (const s of sockets) s.destroy();
            await Promise.all([new Promise<void>((resolve) => udp.close(() => resolve())), new Promise<void>((resolve) => tcp.close(() => resolve()))]);
        },
    };
}

/**
 * The demo's CoreDNS replica whose informer lags: it serves the drifted cluster. The demo's DNS responder (its
 * ClusterIP, as it were) is this replica; `resolve --all-replicas --demo` asks the other one too, which is current.
 */
export const DEMO_LAGGING_REPLICA = 'coredns-64897985d-mwmx2';

/** The demo's DNS: a responder answering from the drifted demo cluster (the lagging replica's view). */
export async function startDemoDnsServer(snapshot: ClusterSnapshot, config: DnsConfig): Promise<DnsResponder> {
    const index = buildDnsIndex(driftedDemoSnapshot(snapshot), config);
    return startDnsResponder((name, type) => expectedReply(index, name, type));
}

/**
 * One responder per demo CoreDNS pod named in `pods` (`resolve --all-replicas --demo`): DEMO_LAGGING_REPLICA answers
 * from the drifted cluster, every other replica from the cluster as it is. Returned in the order of `pods`.
 */
export async function startDemoReplicas(snapshot: ClusterSnapshot, config: DnsConfig, pods: string[]): Promise<DnsResponder[]> {
    const current = buildDnsIndex(snapshot, config);
    const lagging = buildDnsIndex(driftedDemoSnapshot(snapshot), config);
    return Promise.all(
        pods.map((pod) => {
            const index = pod === DEMO_LAGGING_REPLICA ? lagging : current;
            return startDnsResponder((name, type) => expectedReply(index, name, type));
        }),
    );
}
