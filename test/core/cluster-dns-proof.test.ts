import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterDnsProof, clusterDnsProofFailure } from '../../src/core/cluster-dns-proof.js';
import type { Reply, RR } from '../../src/core/dns/reply.js';

const reply = (rcode: string, answers: RR[] = []): Reply => ({ rcode, answers, additionals: [], because: [] });
const rr = (type: string, data: string): RR => ({ name: 'kubernetes.default.svc.cluster.local', type, ttl: 30, data });

test('the question: A for an IPv4 (or dual-stack) default/kubernetes, AAAA for an IPv6-only one, in the primary zone', () => {
    assert.deepEqual(clusterDnsProof('cluster.local', ['10.96.0.1'], '10.96.0.10'), {
        name: 'kubernetes.default.svc.cluster.local',
        type: 'A',
        ips: ['10.96.0.1'],
    });
    assert.deepEqual(clusterDnsProof('corp.example.', ['fd00:10:96::1', '10.96.0.1'], '10.96.0.10'), {
        name: 'kubernetes.default.svc.corp.example',
        type: 'A',
        ips: ['10.96.0.1'],
    });
    assert.deepEqual(clusterDnsProof('cluster.local', ['FD00:10:96:0::1'], 'fd00:10:96::a'), {
        name: 'kubernetes.default.svc.cluster.local',
        type: 'AAAA',
        ips: ['fd00:10:96::1'],
    });
    // default/kubernetes unreadable: the DNS Service address's family, and any address proves it.
    assert.deepEqual(clusterDnsProof('cluster.local', null, 'fd00:10:96::a'), { name: 'kubernetes.default.svc.cluster.local', type: 'AAAA', ips: null });
});

test('proven only by NOERROR with exactly the ClusterIPs; anything else says what it answered', () => {
    const p = clusterDnsProof('cluster.local', ['10.96.0.1'], '10.96.0.10');
    assert.equal(clusterDnsProofFailure(p, '10.96.0.10', reply('NOERROR', [rr('A', '10.96.0.1')])), null);
    assert.equal(
        clusterDnsProofFailure(p, '10.96.0.10', reply('NXDOMAIN')),
        '10.96.0.10 answered kubernetes.default.svc.cluster.local with NXDOMAIN, not 10.96.0.1 (Service default/kubernetes): not the cluster DNS',
    );
    assert.match(clusterDnsProofFailure(p, '10.96.0.10', reply('NOERROR'))!, /with no A record \(NODATA\), not 10\.96\.0\.1/);
    assert.match(
        clusterDnsProofFailure(p, '10.96.0.10', reply('NOERROR', [rr('A', '10.96.0.1'), rr('A', '10.0.0.9')]))!,
        /with 10\.0\.0\.9, 10\.96\.0\.1, not 10\.96\.0\.1/,
    );
    assert.match(clusterDnsProofFailure(p, '10.96.0.10', reply('SERVFAIL'))!, /with SERVFAIL/);
    const v6 = clusterDnsProof('cluster.local', ['fd00:10:96::1'], 'fd00:10:96::a');
    assert.equal(clusterDnsProofFailure(v6, 'fd00:10:96::a', reply('NOERROR', [rr('AAAA', 'fd00:10:96:0:0:0:0:1')])), null);
    const any = clusterDnsProof('cluster.local', null, '10.96.0.10');
    assert.equal(clusterDnsProofFailure(any, '10.96.0.10', reply('NOERROR', [rr('A', '10.96.0.1')])), null);
    assert.match(clusterDnsProofFailure(any, '10.96.0.10', reply('NXDOMAIN'))!, /with NXDOMAIN, not an address: not the cluster DNS$/);
});
