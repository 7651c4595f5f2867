/**
 * A DNS server that answers every A question with one pod's address and one nothing owns (192.0.2.7, RFC 5737
 * TEST-NET-1): `check` must name the pod as the owner of the first and call the second stale, whichever way it read
 * the cluster (live or files, whole or namespace by namespace). Stop it with `stop()`.
 */
import { startTestDnsServer } from '../kit/dns/test-server.js';

export function startStaleADns(podIP: string): ReturnType<typeof startTestDnsServer> {
    return startTestDnsServer({
        answer: (name, type) => ({
            rcode: 'NOERROR',
            answers:
                type === 'A'
                    ? [
                          { name, type: 'A', ttl: 30, data: podIP },
                          { name, type: 'A', ttl: 30, data: '192.0.2.7' },
                      ]
                    : [],
            additionals: [],
            because: [],
            authoritative: true,
        }),
    });
}
