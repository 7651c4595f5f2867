/**
 * One test per case the DNS engine must get right (cases 1–38), each as CoreDNS's kubernetes plugin answers it
 * (coredns/coredns plugin/kubernetes/: handler.go, kubernetes.go, parse.go, reverse.go, object/endpoint.go, and the
 * cases of its handler_test.go and reverse_test.go), with the Kubernetes DNS spec (kubernetes/dns
 * docs/specification.md) where CoreDNS follows it. Source comments cite these cases as "test/core/dns-rules.test.ts
 * case N". Case 33 (SERVFAIL while CoreDNS has not synced its informers) is a runtime condition a snapshot cannot show;
 * it is not listed here. The last test checks instead that the engine never answers SERVFAIL for a (synced) snapshot.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rdataText, type Reply, type RR, type SoaData, type SrvData } from '../../src/core/dns/reply.js';
import {
    dashedIpName,
    endpointHostname,
    expectedLookup,
    expectedReply,
    ipToReverseName,
    readyEndpointsOf,
    resolvConfForPod,
    reverseNameToIp,
    serviceDnsNames,
} from '../../src/core/dns/index.js';
import { dnsIndexOf, endpoint, externalName, headless, namespace, NS, pod, service, slice } from '../kit/cluster-builder.js';

function rr(name: string, type: string, data: RR['data'], ttl = 30): RR {
    return { name, type, ttl, data };
}

const key = (r: RR) => `${r.name} ${r.ttl} ${r.type} ${rdataText(r)}`;

/**
 * Compares answer sections as sets (loadbalance shuffles order, coredns/coredns plugin/loadbalance/README.md), exactly
 * on name, type, TTL and data.
 */
function assertRecords(actual: RR[], expected: RR[], what = 'answers'): void {
    assert.deepEqual(actual.map(key).sort(), expected.map(key).sort(), what);
}

function assertNxdomain(reply: Reply): void {
    assert.equal(reply.rcode, 'NXDOMAIN', reply.because.join('; '));
    assert.equal(reply.answers.length, 0);
    assert.notEqual(reply.forwarded, true);
}

/** NODATA: NOERROR, no answers, the zone SOA in authority (RFC 2308 §2.2; CoreDNS plugin/backend_lookup.go `SOA`). */
function assertNodata(reply: Reply): void {
    assert.equal(reply.rcode, 'NOERROR', reply.because.join('; '));
    assert.deepEqual(reply.answers, []);
    assert.equal(reply.authority?.[0]?.type, 'SOA');
    assert.notEqual(reply.forwarded, true);
}

const Z = 'cluster.local';
const name = (svcName: string, ns = NS) => `${svcName}.${ns}.svc.${Z}`;

describe('the cluster DNS cases', () => {
    test('1. a ClusterIP Service with no endpoints still answers its cluster IP; with ignore empty_service it is NXDOMAIN', () => {
        const objects = [service('svc1', { clusterIP: '10.96.0.20' })];
        const reply = expectedReply(dnsIndexOf(objects), name('svc1'), 'A');
        assert.equal(reply.rcode, 'NOERROR');
        assert.equal(reply.authoritative, true);
        assertRecords(reply.answers, [rr(name('svc1'), 'A', '10.96.0.20')]);
        assertNxdomain(expectedReply(dnsIndexOf(objects, { ignoreEmptyService: true }), name('svc1'), 'A'));
    });

    test('2. a headless Service whose only pod is not Ready answers NXDOMAIN', () => {
        const idx = dnsIndexOf([headless('nginx'), slice('nginx', [endpoint('10.244.1.9', { pod: 'web-0', ready: false, serving: false })])]);
        const reply = expectedReply(idx, name('nginx'), 'A');
        assertNxdomain(reply);
        assert.ok(
            reply.because.some((b) => b.includes('web-0') && b.includes('not Ready') && b.includes('does not publish not-ready')),
            reply.because.join('; '),
        );
        assert.ok(reply.because.some((b) => b.includes('headless and has no ready endpoints')));
    });

    test('3. with publishNotReadyAddresses the not-Ready pod is published (the controller marks it ready)', () => {
        const idx = dnsIndexOf([
            headless('nginx', { publishNotReadyAddresses: true }),
            slice('nginx', [endpoint('10.244.1.9', { pod: 'web-0', ready: true, serving: false })]),
        ]);
        assertRecords(expectedReply(idx, name('nginx'), 'A').answers, [rr(name('nginx'), 'A', '10.244.1.9')]);
    });

    test('4. a Ready but terminating endpoint (ready=false, serving=true) is left out; alone it gives NXDOMAIN', () => {
        const idx = dnsIndexOf([headless('nginx'), slice('nginx', [endpoint('10.244.1.9', { pod: 'web-0', ready: false, serving: true, terminating: true })])]);
        const reply = expectedReply(idx, name('nginx'), 'A');
        assertNxdomain(reply);
        assert.ok(reply.because.some((b) => b.includes('terminating')));
        const mixed = dnsIndexOf([
            headless('nginx'),
            slice('nginx', [endpoint('10.244.1.9', { ready: false, serving: true, terminating: true }), endpoint('10.244.1.10')]),
        ]);
        assertRecords(expectedReply(mixed, name('nginx'), 'A').answers, [rr(name('nginx'), 'A', '10.244.1.10')]);
    });

    test('5. a hand-made slice without conditions is served as ready; a slice without the service-name label is ignored', () => {
        const handMade = dnsIndexOf([headless('db', { selector: null }), slice('db', [endpoint('192.168.7.1', { noConditions: true })])]);
        assertRecords(expectedReply(handMade, name('db'), 'A').answers, [rr(name('db'), 'A', '192.168.7.1')]);
        const unlabelled = dnsIndexOf([
            headless('db', { selector: null }),
            slice('db', [endpoint('192.168.7.1', { noConditions: true })], { unlabelled: true }),
        ]);
        assertNxdomain(expectedReply(unlabelled, name('db'), 'A'));
    });

    test('6. the tolerate-unready-endpoints annotation alone does not publish an unready pod', () => {
        const idx = dnsIndexOf([
            headless('nginx', { annotations: { 'service.alpha.kubernetes.io/tolerate-unready-endpoints': 'true' } }),
            slice('nginx', [endpoint('10.244.1.9', { ready: false, serving: false })]),
        ]);
        assertNxdomain(expectedReply(idx, name('nginx'), 'A'));
    });

    test('7. AAAA for an IPv4-only ClusterIP Service is NODATA with the zone SOA', () => {
        const reply = expectedReply(dnsIndexOf([service('svc1', { clusterIP: '10.96.0.20' })]), name('svc1'), 'AAAA');
        assertNodata(reply);
        assert.equal(reply.authority?.length, 1);
        const soa = reply.authority![0]!;
        assert.equal(soa.name, Z);
        assert.equal(soa.ttl, 30);
        const data = soa.data as SoaData;
        assert.equal(data.mname, `ns.dns.${Z}`);
        assert.equal(data.rname, `hostmaster.${Z}`);
        assert.deepEqual([data.refresh, data.retry, data.expire, data.minimum], [7200, 1800, 86400, 30]);
    });

    test('8. AAAA for a headless Service with only IPv4 ready endpoints is NODATA, not NXDOMAIN', () => {
        const idx = dnsIndexOf([headless('nginx'), slice('nginx', [endpoint('10.244.1.9')])]);
        assertNodata(expectedReply(idx, name('nginx'), 'AAAA'));
    });

    test('9. a dual-stack ClusterIP answers A with the v4 and AAAA with the v6 IP; bare SRV is one SRV 0 50 80 with both glue records', () => {
        const idx = dnsIndexOf([service('svc6', { clusterIPs: ['10.0.0.3', '10::3'], ports: [{ name: 'http', port: 80, targetPort: 80 }] })]);
        assertRecords(expectedReply(idx, name('svc6'), 'A').answers, [rr(name('svc6'), 'A', '10.0.0.3')]);
        assertRecords(expectedReply(idx, name('svc6'), 'AAAA').answers, [rr(name('svc6'), 'AAAA', '10::3')]);
        const srv = expectedReply(idx, name('svc6'), 'SRV');
        assertRecords(srv.answers, [rr(name('svc6'), 'SRV', { priority: 0, weight: 50, port: 80, target: name('svc6') })]);
        assertRecords(srv.additionals, [rr(name('svc6'), 'A', '10.0.0.3'), rr(name('svc6'), 'AAAA', '10::3')], 'additionals');
    });

    test('10. _http._tcp SRV on a ClusterIP Service is 0 100 <service port> <svc>, with the cluster IP as glue', () => {
        const idx = dnsIndexOf([service('svc1', { clusterIP: '10.96.0.20', ports: [{ name: 'http', port: 80, targetPort: 8080 }] })]);
        const reply = expectedReply(idx, `_http._tcp.${name('svc1')}`, 'SRV');
        assertRecords(reply.answers, [rr(`_http._tcp.${name('svc1')}`, 'SRV', { priority: 0, weight: 100, port: 80, target: name('svc1') })]);
        assertRecords(reply.additionals, [rr(name('svc1'), 'A', '10.96.0.20')], 'additionals');
    });

    test('11. SRV on the bare Service name gives one SRV per port, unnamed ports included', () => {
        const single = dnsIndexOf([service('svc1', { ports: [{ port: 6379, targetPort: 6379 }] })]);
        assertRecords(expectedReply(single, name('svc1'), 'SRV').answers, [
            rr(name('svc1'), 'SRV', { priority: 0, weight: 100, port: 6379, target: name('svc1') }),
        ]);
        const two = dnsIndexOf([
            service('svc2', {
                ports: [
                    { name: 'http', port: 80 },
                    { name: 'https', port: 443 },
                ],
            }),
        ]);
        assertRecords(expectedReply(two, name('svc2'), 'SRV').answers, [
            rr(name('svc2'), 'SRV', { priority: 0, weight: 50, port: 80, target: name('svc2') }),
            rr(name('svc2'), 'SRV', { priority: 0, weight: 50, port: 443, target: name('svc2') }),
        ]);
    });

    test('12. SRV for a port name or protocol the Service does not have is NXDOMAIN', () => {
        const idx = dnsIndexOf([service('svc1')]);
        assertNxdomain(expectedReply(idx, `_nope._tcp.${name('svc1')}`, 'SRV'));
        assertNxdomain(expectedReply(idx, `_http._udp.${name('svc1')}`, 'SRV'));
    });

    test('13. headless _http._tcp SRV with N endpoints gives N SRVs of weight floor(100/N) to the endpoint names, with glue', () => {
        const idx = dnsIndexOf([
            headless('nginx'),
            slice('nginx', [
                endpoint('10.244.1.1', { hostname: 'web-0' }),
                endpoint('10.244.1.2', { hostname: 'web-1' }),
                endpoint('10.244.1.3', { hostname: 'web-2' }),
            ]),
        ]);
        const q = `_http._tcp.${name('nginx')}`;
        const reply = expectedReply(idx, q, 'SRV');
        const srv = (h: string) => rr(q, 'SRV', { priority: 0, weight: 33, port: 8080, target: `${h}.${name('nginx')}` });
        assertRecords(reply.answers, [srv('web-0'), srv('web-1'), srv('web-2')]);
        assertRecords(
            reply.additionals,
            [rr(`web-0.${name('nginx')}`, 'A', '10.244.1.1'), rr(`web-1.${name('nginx')}`, 'A', '10.244.1.2'), rr(`web-2.${name('nginx')}`, 'A', '10.244.1.3')],
            'additionals',
        );
    });

    test('14. headless SRV carries the EndpointSlice port (targetPort 8080), not the Service port 80', () => {
        const idx = dnsIndexOf([
            headless('nginx', { ports: [{ name: 'http', port: 80, targetPort: 8080 }] }),
            slice('nginx', [endpoint('10.244.1.1', { hostname: 'web-0' })], { ports: [{ name: 'http', port: 8080 }] }),
        ]);
        const reply = expectedReply(idx, `_http._tcp.${name('nginx')}`, 'SRV');
        assert.equal((reply.answers[0]?.data as SrvData).port, 8080);
    });

    test('15. two endpoints sharing a hostname: the name answers both IPs; SRV lists the target once with both addresses as glue', () => {
        const idx = dnsIndexOf([headless('nginx'), slice('nginx', [endpoint('10.244.1.1', { hostname: 'dup' }), endpoint('10.244.1.2', { hostname: 'dup' })])]);
        const dup = `dup.${name('nginx')}`;
        assertRecords(expectedReply(idx, dup, 'A').answers, [rr(dup, 'A', '10.244.1.1'), rr(dup, 'A', '10.244.1.2')]);
        const srv = expectedReply(idx, name('nginx'), 'SRV');
        assertRecords(srv.answers, [rr(name('nginx'), 'SRV', { priority: 0, weight: 50, port: 8080, target: dup })]);
        assertRecords(srv.additionals, [rr(dup, 'A', '10.244.1.1'), rr(dup, 'A', '10.244.1.2')], 'additionals');
    });

    test('16. a StatefulSet pod with a published hostname answers web-0.nginx.<ns>.svc.<zone>; not Ready it does not', () => {
        const objects = [
            headless('nginx', { ports: [{ name: 'web', port: 80, targetPort: 80 }] }),
            pod('web-0', { ip: '10.244.1.9', hostname: 'web-0', subdomain: 'nginx', labels: { app: 'nginx' } }),
            slice('nginx', [endpoint('10.244.1.9', { hostname: 'web-0', pod: 'web-0' })], { ports: [{ name: 'web', port: 80 }] }),
        ];
        assertRecords(expectedReply(dnsIndexOf(objects), `web-0.${name('nginx')}`, 'A').answers, [rr(`web-0.${name('nginx')}`, 'A', '10.244.1.9')]);
        const notReady = dnsIndexOf([
            objects[0]!,
            objects[1]!,
            slice('nginx', [endpoint('10.244.1.9', { hostname: 'web-0', pod: 'web-0', ready: false, serving: false })]),
        ]);
        const reply = expectedReply(notReady, `web-0.${name('nginx')}`, 'A');
        assertNxdomain(reply);
        assert.ok(
            reply.because.some((b) => b.includes('web-0') && b.includes('not Ready')),
            reply.because.join('; '),
        );
    });

    test('17. an endpoint with a hostname is not reachable under its dashed IP', () => {
        const idx = dnsIndexOf([headless('nginx'), slice('nginx', [endpoint('10.244.1.9', { hostname: 'web-0' })])]);
        const reply = expectedReply(idx, `10-244-1-9.${name('nginx')}`, 'A');
        assertNxdomain(reply);
        assert.ok(reply.because.some((b) => b.includes('hostname web-0')));
    });

    test('18. an endpoint without hostname is named by its dashed IP (IPv6: fd00::1 → fd00--1, 2001:db8:: → 2001-db8--0)', () => {
        const idx = dnsIndexOf([
            headless('nginx'),
            slice('nginx', [endpoint('10.244.1.9')]),
            slice('nginx', [endpoint('fd00::1'), endpoint('2001:db8::')], { name: 'nginx-v6', addressType: 'IPv6' }),
        ]);
        assertRecords(expectedReply(idx, `10-244-1-9.${name('nginx')}`, 'A').answers, [rr(`10-244-1-9.${name('nginx')}`, 'A', '10.244.1.9')]);
        assertRecords(expectedReply(idx, `fd00--1.${name('nginx')}`, 'AAAA').answers, [rr(`fd00--1.${name('nginx')}`, 'AAAA', 'fd00::1')]);
        assertRecords(expectedReply(idx, `2001-db8--0.${name('nginx')}`, 'AAAA').answers, [rr(`2001-db8--0.${name('nginx')}`, 'AAAA', '2001:db8::')]);
        assert.equal(dashedIpName('2001:db8::'), '2001-db8--0');
        assert.equal(dashedIpName('fd00::1'), 'fd00--1');
        assert.equal(dashedIpName('10.244.1.9'), '10-244-1-9');
    });

    test('19. endpoint_pod_names names endpoints after their pod, unless the pod name has 64 or more characters', () => {
        const long = `p${'x'.repeat(63)}`;
        const objects = [headless('nginx'), slice('nginx', [endpoint('10.244.1.9', { pod: 'mypod-abc' }), endpoint('10.244.1.10', { pod: long })])];
        const idx = dnsIndexOf(objects, { endpointPodNames: true });
        assertRecords(expectedReply(idx, `mypod-abc.${name('nginx')}`, 'A').answers, [rr(`mypod-abc.${name('nginx')}`, 'A', '10.244.1.9')]);
        assertRecords(expectedReply(idx, `10-244-1-10.${name('nginx')}`, 'A').answers, [rr(`10-244-1-10.${name('nginx')}`, 'A', '10.244.1.10')]);
        assertNxdomain(expectedReply(dnsIndexOf(objects), `mypod-abc.${name('nginx')}`, 'A'));
        assert.equal(endpointHostname(endpoint('10.0.0.1', { pod: 'p' }), { endpointPodNames: true }), 'p');
        assert.equal(endpointHostname(endpoint('10.0.0.1', { pod: long }), { endpointPodNames: true }), '10-0-0-1');
    });

    test('20. endpoint names also exist under a ClusterIP Service (CoreDNS extension)', () => {
        const idx = dnsIndexOf([service('svc1'), slice('svc1', [endpoint('172.17.0.222')])]);
        assertRecords(expectedReply(idx, `172-17-0-222.${name('svc1')}`, 'A').answers, [rr(`172-17-0-222.${name('svc1')}`, 'A', '172.17.0.222')]);
    });

    test('21. an unknown endpoint label under an existing Service is NXDOMAIN', () => {
        const idx = dnsIndexOf([headless('nginx'), slice('nginx', [endpoint('10.244.1.9', { hostname: 'web-0' })])]);
        assertNxdomain(expectedReply(idx, `web-9.${name('nginx')}`, 'A'));
    });

    test('22. the PTR of a ClusterIP is <svc>.<ns>.svc.<zone>, and needs the reverse zone in the kubernetes plugin', () => {
        const objects = [service('svc1', { clusterIP: '10.96.0.20' }), service('svc2', { clusterIP: '10.96.0.20' })];
        const reply = expectedReply(dnsIndexOf(objects), '20.0.96.10.in-addr.arpa', 'PTR');
        assertRecords(reply.answers, [rr('20.0.96.10.in-addr.arpa', 'PTR', name('svc1'))]);
        const noReverse = expectedReply(dnsIndexOf(objects, { reverseZones: [], fallthrough: null }), '20.0.96.10.in-addr.arpa.', 'PTR');
        assert.equal(noReverse.forwarded, true);
        assert.deepEqual(noReverse.answers, []);
    });

    test('23. the PTR of a pod IP behind two Services is two PTRs; behind a ClusterIP Service it is the endpoint name', () => {
        const two = dnsIndexOf([headless('a'), headless('b'), slice('a', [endpoint('10.0.0.99', { hostname: 'h' })]), slice('b', [endpoint('10.0.0.99')])]);
        assertRecords(expectedReply(two, '99.0.0.10.in-addr.arpa', 'PTR').answers, [
            rr('99.0.0.10.in-addr.arpa', 'PTR', `h.${name('a')}`),
            rr('99.0.0.10.in-addr.arpa', 'PTR', `10-0-0-99.${name('b')}`),
        ]);
        const clusterIp = dnsIndexOf([
            service('svc-1-a', { ns: 'test-1' }),
            slice('svc-1-a', [endpoint('10.244.0.5', { hostname: 'svc-1-a' })], { ns: 'test-1' }),
            namespace('test-1'),
        ]);
        assertRecords(expectedReply(clusterIp, '5.0.244.10.in-addr.arpa', 'PTR').answers, [
            rr('5.0.244.10.in-addr.arpa', 'PTR', 'svc-1-a.svc-1-a.test-1.svc.cluster.local'),
        ]);
        const v6 = dnsIndexOf([headless('a'), slice('a', [endpoint('fd00::1', { hostname: 'h6' })], { addressType: 'IPv6' })]);
        const rev = '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa';
        assertRecords(expectedReply(v6, rev, 'PTR').answers, [rr(rev, 'PTR', `h6.${name('a')}`)]);
    });

    test('24. the PTR of an IP that is neither a ClusterIP nor an endpoint is NXDOMAIN; with kubeadm fallthrough it goes upstream', () => {
        const objects = [service('svc1', { clusterIP: '10.96.0.20' })];
        assertNxdomain(expectedReply(dnsIndexOf(objects, { fallthrough: null }), '7.7.7.7.in-addr.arpa', 'PTR'));
        const kubeadm = expectedReply(dnsIndexOf(objects), '7.7.7.7.in-addr.arpa', 'PTR');
        assert.equal(kubeadm.forwarded, true);
        assert.deepEqual(kubeadm.answers, []);
        assert.ok(kubeadm.because.some((b) => b.includes('fallthrough')));
    });

    test('25. an ExternalName Service: A is the CNAME plus upstream records (forwarded); a CNAME query is the CNAME only', () => {
        const idx = dnsIndexOf([externalName('ext', 'example.net')]);
        const a = expectedReply(idx, name('ext'), 'A');
        assert.equal(a.rcode, 'NOERROR');
        assert.equal(a.forwarded, true);
        assertRecords(a.answers, [rr(name('ext'), 'CNAME', 'example.net')]);
        const cname = expectedReply(idx, name('ext'), 'CNAME');
        assertRecords(cname.answers, [rr(name('ext'), 'CNAME', 'example.net')]);
        assert.notEqual(cname.forwarded, true);
    });

    test('26. an ExternalName that looks like an IP (1.2.3.4) is NXDOMAIN', () => {
        const idx = dnsIndexOf([externalName('ipext', '1.2.3.4')]);
        assertNxdomain(expectedReply(idx, name('ipext'), 'A'));
        assertNxdomain(expectedReply(idx, name('ipext'), 'CNAME'));
    });

    test('27. an ExternalName to a missing in-cluster Service is NODATA; to an existing one it chases the target; sub-labels are NXDOMAIN', () => {
        const idx = dnsIndexOf([
            externalName('alias', `missing.${NS}.svc.cluster.local`),
            externalName('alias2', `svc1.${NS}.svc.cluster.local`),
            service('svc1', { clusterIP: '10.96.0.20' }),
        ]);
        assertNodata(expectedReply(idx, name('alias'), 'A'));
        const chased = expectedReply(idx, name('alias2'), 'A');
        assert.notEqual(chased.forwarded, true);
        assertRecords(chased.answers, [rr(name('alias2'), 'CNAME', name('svc1')), rr(name('svc1'), 'A', '10.96.0.20')]);
        assertNxdomain(expectedReply(idx, `sub.${name('alias2')}`, 'A'));
    });

    test('28. a wrong namespace is NXDOMAIN; <ns>.svc.<zone> is NODATA when the namespace exists, else NXDOMAIN', () => {
        const idx = dnsIndexOf([service('svc1'), namespace('prod'), namespace(NS)]);
        assertNxdomain(expectedReply(idx, `svc1.wrongns.svc.${Z}`, 'A'));
        assertNodata(expectedReply(idx, `prod.svc.${Z}`, 'A'));
        assertNxdomain(expectedReply(idx, `nope.svc.${Z}`, 'A'));
    });

    test('29. an existing Service asked for TXT/MX/HTTPS/CNAME/SOA is NODATA; a missing one is NXDOMAIN', () => {
        const idx = dnsIndexOf([service('svc1')]);
        for (const t of ['TXT', 'MX', 'HTTPS', 'CNAME', 'SOA', 'HINFO', 'ANY', 'NS']) assertNodata(expectedReply(idx, name('svc1'), t));
        for (const t of ['TXT', 'MX', 'HTTPS', 'CNAME', 'A']) assertNxdomain(expectedReply(idx, name('svcx'), t));
        assertNodata(expectedReply(idx, name('svcx'), 'SOA')); // SOA off the apex is NODATA, existing or not (handler.go)
    });

    test('30. dns-version.<zone> TXT is "1.1.0" with TTL 28800', () => {
        const reply = expectedReply(dnsIndexOf([]), `dns-version.${Z}`, 'TXT');
        assertRecords(reply.answers, [rr(`dns-version.${Z}`, 'TXT', ['1.1.0'], 28800)]);
    });

    test('31. pod records: NXDOMAIN with pods disabled, any IP with insecure, only a live pod IP with verified', () => {
        const objects = [pod('p1', { ip: '10.244.1.9' }), pod('gone', { ip: '10.244.1.7', terminating: true })];
        const q = `10-244-1-9.${NS}.pod.${Z}`;
        assertNxdomain(expectedReply(dnsIndexOf(objects, { podsMode: 'disabled' }), q, 'A'));
        const insecure = dnsIndexOf(objects, { podsMode: 'insecure' });
        assertRecords(expectedReply(insecure, `10-20-0-101.${NS}.pod.${Z}`, 'A').answers, [rr(`10-20-0-101.${NS}.pod.${Z}`, 'A', '10.20.0.101')]);
        assertNxdomain(expectedReply(insecure, `10-20-0-101.nonamespace.pod.${Z}`, 'A'));
        assertNxdomain(expectedReply(insecure, `not-an-ip.${NS}.pod.${Z}`, 'A'));
        assertNodata(expectedReply(insecure, `${NS}.pod.${Z}`, 'A'));
        const verified = dnsIndexOf(objects, { podsMode: 'verified' });
        assertRecords(expectedReply(verified, q, 'A').answers, [rr(q, 'A', '10.244.1.9')]);
        assertNxdomain(expectedReply(verified, `10-20-0-101.${NS}.pod.${Z}`, 'A'));
        assertNxdomain(expectedReply(verified, `10-244-1-7.${NS}.pod.${Z}`, 'A'));
        assertNxdomain(expectedReply(verified, `10-244-1-9.default.pod.${Z}`, 'A'));
    });

    test('32. a wildcard *.<ns>.svc.<zone> is matched literally and is NXDOMAIN', () => {
        const idx = dnsIndexOf([service('svc1'), headless('nginx'), slice('nginx', [endpoint('10.244.1.9')])]);
        assertNxdomain(expectedReply(idx, `*.${NS}.svc.${Z}`, 'A'));
        assertNxdomain(expectedReply(idx, `*.${name('nginx')}`, 'A'));
    });

    test('34. web-0.nginx from another namespace never resolves in the cluster; web-0.nginx.<ns> answers on the 2nd candidate', () => {
        const idx = dnsIndexOf([
            namespace('app'),
            namespace('db'),
            headless('nginx', { ns: 'db' }),
            slice('nginx', [endpoint('10.244.1.9', { hostname: 'web-0' })], { ns: 'db' }),
        ]);
        const resolv = resolvConfForPod({ namespace: 'app', zone: Z, clusterDnsIPs: ['10.96.0.10'] });
        const short = expectedLookup(idx, 'web-0.nginx', 'A', resolv);
        assert.deepEqual(
            short.candidates.map((c) => c.name),
            ['web-0.nginx.app.svc.cluster.local', 'web-0.nginx.svc.cluster.local', 'web-0.nginx.cluster.local', 'web-0.nginx'],
        );
        assert.deepEqual(
            short.candidates.slice(0, 3).map((c) => c.reply.rcode),
            ['NXDOMAIN', 'NXDOMAIN', 'NXDOMAIN'],
        );
        assert.equal(short.candidates[3]!.reply.forwarded, true);
        assert.ok(short.reply.answers.length === 0 && short.reply.forwarded === true);
        const qualified = expectedLookup(idx, 'web-0.nginx.db', 'A', resolv);
        assert.equal(qualified.candidates[0]!.reply.rcode, 'NXDOMAIN');
        assert.equal(qualified.answeredBy, 'web-0.nginx.db.svc.cluster.local');
        assert.equal(qualified.queries, 2);
        assertRecords(qualified.reply.answers, [rr('web-0.nginx.db.svc.cluster.local', 'A', '10.244.1.9')]);
    });

    test('35. answers carry the ttl option (5 by default, 30 on kubeadm); the negative SOA has TTL min(ttl,300) and MINIMUM ttl', () => {
        const objects = [service('svc1', { clusterIP: '10.96.0.20' })];
        assert.equal(expectedReply(dnsIndexOf(objects, { ttl: 5 }), name('svc1'), 'A').answers[0]?.ttl, 5);
        assert.equal(expectedReply(dnsIndexOf(objects), name('svc1'), 'A').answers[0]?.ttl, 30);
        const neg = expectedReply(dnsIndexOf(objects, { ttl: 3600 }), name('svcx'), 'A');
        assert.equal(neg.authority?.[0]?.ttl, 300);
        assert.equal((neg.authority?.[0]?.data as SoaData).minimum, 3600);
    });

    test('36. a mixed-case query: owners echo the query spelling; SRV targets use object names plus the query-case zone', () => {
        const idx = dnsIndexOf([service('svc1', { ns: 'testns', clusterIP: '10.96.0.20' })]);
        const a = expectedReply(idx, `SvC1.TeStNs.SvC.cLuStEr.LoCaL.`, 'A');
        assertRecords(a.answers, [rr('SvC1.TeStNs.SvC.cLuStEr.LoCaL', 'A', '10.96.0.20')]);
        const srv = expectedReply(idx, `_HtTp._TcP.sVc1.TeStNs.SvC.cLuStEr.LoCaL.`, 'SRV');
        assertRecords(srv.answers, [
            rr('_HtTp._TcP.sVc1.TeStNs.SvC.cLuStEr.LoCaL', 'SRV', { priority: 0, weight: 100, port: 80, target: 'svc1.testns.svc.cLuStEr.LoCaL' }),
        ]);
    });

    test('37. cluster.local NS names the kube-dns Service with its ClusterIP as glue; cluster.local A is NODATA', () => {
        const dnsPod = pod('coredns-abc', { ip: '10.244.0.2', ns: 'kube-system', labels: { 'k8s-app': 'kube-dns' } });
        const idx = dnsIndexOf([
            service('kube-dns', { ns: 'kube-system', clusterIP: '10.96.0.10', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] }),
            dnsPod,
            slice('kube-dns', [endpoint('10.244.0.2', { pod: 'coredns-abc' })], { ns: 'kube-system', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] }),
        ]);
        const ns = expectedReply(idx, `${Z}.`, 'NS');
        assertRecords(ns.answers, [rr(Z, 'NS', 'kube-dns.kube-system.svc.cluster.local')]);
        assertRecords(ns.additionals, [rr('kube-dns.kube-system.svc.cluster.local', 'A', '10.96.0.10')], 'additionals');
        assertNodata(expectedReply(idx, Z, 'A'));
        assertRecords(expectedReply(idx, `ns.dns.${Z}`, 'A').answers, [rr(`ns.dns.${Z}`, 'A', '10.96.0.10')]);
    });

    test('38. a.b.<svc> is read as port a, protocol b: the ClusterIP if such a named port exists, else NXDOMAIN; three labels are NXDOMAIN', () => {
        const idx = dnsIndexOf([service('svc1', { clusterIP: '10.96.0.20', ports: [{ name: 'http', port: 80 }] })]);
        assertRecords(expectedReply(idx, `http.tcp.${name('svc1')}`, 'A').answers, [rr(`http.tcp.${name('svc1')}`, 'A', '10.96.0.20')]);
        assertNxdomain(expectedReply(idx, `a.b.${name('svc1')}`, 'A'));
        assertNxdomain(expectedReply(idx, `http.tcp.x.${name('svc1')}`, 'A'));
    });
});

describe('beyond the numbered cases', () => {
    test('a snapshot is a synced view of the API: no query ever gives SERVFAIL (case 33 is a runtime state, not modelled)', () => {
        const idx = dnsIndexOf([
            service('svc1'),
            headless('nginx'),
            slice('nginx', [endpoint('10.244.1.9', { ready: false })]),
            externalName('ext', 'example.net'),
        ]);
        const names = [
            name('svc1'),
            name('nginx'),
            name('nope'),
            name('ext'),
            `x.${name('nginx')}`,
            `a.b.c.${name('svc1')}`,
            Z,
            `svc.${Z}`,
            `foo.${Z}`,
            `9.1.244.10.in-addr.arpa`,
            `10-244-1-9.${NS}.pod.${Z}`,
        ];
        for (const n of names) {
            for (const t of ['A', 'AAAA', 'SRV', 'PTR', 'TXT', 'CNAME', 'MX', 'NS', 'SOA', 'ANY', 'HTTPS']) {
                assert.notEqual(expectedReply(idx, n, t).rcode, 'SERVFAIL', `${n} ${t}`);
            }
        }
    });

    test('AXFR and IXFR are REFUSED by the kubernetes plugin', () => {
        assert.equal(expectedReply(dnsIndexOf([]), Z, 'AXFR').rcode, 'REFUSED');
        assert.equal(expectedReply(dnsIndexOf([]), Z, 'ixfr').rcode, 'REFUSED');
    });

    test('names outside every zone are forwarded, with no answer svcdig can predict', () => {
        const reply = expectedReply(dnsIndexOf([]), 'api.example.com.', 'A');
        assert.equal(reply.forwarded, true);
        assert.deepEqual(reply.answers, []);
        assert.ok(reply.because[0]!.includes('outside the cluster zones'));
    });

    test('noendpoints makes every headless and endpoint name NXDOMAIN but keeps ClusterIP answers', () => {
        const objects = [
            headless('nginx'),
            service('svc1'),
            slice('nginx', [endpoint('10.244.1.9', { hostname: 'web-0' })]),
            slice('svc1', [endpoint('10.244.1.8')]),
        ];
        const idx = dnsIndexOf(objects, { noEndpoints: true });
        assertNxdomain(expectedReply(idx, name('nginx'), 'A'));
        assertNxdomain(expectedReply(idx, `10-244-1-8.${name('svc1')}`, 'A'));
        assert.equal(expectedReply(idx, name('svc1'), 'A').rcode, 'NOERROR');
    });

    test('the namespaces option hides other namespaces, PTRs included', () => {
        const objects = [namespace(NS), namespace('other'), service('svc1', { ns: 'other', clusterIP: '10.96.0.30' })];
        const idx = dnsIndexOf(objects, { namespaces: [NS], fallthrough: null });
        assertNxdomain(expectedReply(idx, name('svc1', 'other'), 'A'));
        assertNxdomain(expectedReply(idx, '30.0.96.10.in-addr.arpa', 'PTR'));
    });

    test('reverse names: in-addr.arpa for IPv4, 32 nibbles of ip6.arpa for IPv6, read back to the canonical IP', () => {
        assert.equal(ipToReverseName('10.244.1.10'), '10.1.244.10.in-addr.arpa');
        assert.equal(ipToReverseName('fd00::1'), '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa');
        assert.equal(reverseNameToIp('10.1.244.10.in-addr.arpa.'), '10.244.1.10');
        assert.equal(reverseNameToIp(ipToReverseName('2001:db8:0:0::1')), '2001:db8::1');
        assert.equal(reverseNameToIp('1.244.10.in-addr.arpa'), '', 'three labels are not an address');
    });

    test('readyEndpointsOf says why an endpoint is left out; serviceDnsNames lists the names a headless Service creates', () => {
        const idx = dnsIndexOf([
            headless('nginx', { ports: [{ name: 'web', port: 80, targetPort: 80 }] }),
            pod('web-1', { ip: '10.244.1.10', ready: false }),
            slice(
                'nginx',
                [
                    endpoint('10.244.1.9', { hostname: 'web-0', pod: 'web-0' }),
                    endpoint('10.244.1.10', { hostname: 'web-1', pod: 'web-1', ready: false, serving: false }),
                ],
                { ports: [{ name: 'web', port: 80 }] },
            ),
        ]);
        const eps = readyEndpointsOf(idx, NS, 'nginx');
        assert.deepEqual(
            eps.ready.map((e) => e.name),
            ['web-0'],
        );
        assert.deepEqual(
            eps.leftOut.map((e) => e.name),
            ['web-1'],
        );
        assert.match(eps.leftOut[0]!.why, /web-1 .*not Ready.*does not publish not-ready addresses/);
        const names = serviceDnsNames(idx, NS, 'nginx').map((n) => `${n.name} ${n.type}`);
        assert.deepEqual(names, [
            `${name('nginx')} A`,
            `${name('nginx')} SRV`,
            `_web._tcp.${name('nginx')} SRV`,
            `web-0.${name('nginx')} A`,
            '9.1.244.10.in-addr.arpa PTR',
        ]);
    });
});
