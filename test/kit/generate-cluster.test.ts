/**
 * The synthetic cluster generator used by the bench: its objects load into a snapshot like a real cluster dump, the
 * EndpointSlices look like the EndpointSlice controller's (service-name label, at most 100 endpoints each), and the
 * counts asked for are the counts produced. Checked against the rules, not against the generator's own output.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { snapshotFromObjects } from '../../src/core/snapshot-from-objects.js';
import { dnsConfigFor } from '../../src/core/dns/corefile.js';
import { buildDnsIndex, expectedReply } from '../../src/core/dns/index.js';
import type { EndpointSlice, Pod, Service } from '../../src/core/k8s.js';
import { nsOf, SERVICE_NAME_LABEL } from '../../src/core/snapshot.js';
import { generateCluster, MAX_ENDPOINTS_PER_SLICE } from './generate-cluster.js';

describe('generateCluster', () => {
    const S = 300;
    const P = 3000;
    const g = generateCluster({ services: S, pods: P });
    const snap = snapshotFromObjects(g.objects, 'generated');

    it('makes the Services and pods asked for, plus kubernetes, kube-dns and two CoreDNS pods', () => {
        assert.equal(snap.services.length, S + 2);
        assert.equal(snap.pods.length, P + 2);
        const dns = snap.services.find((s) => nsOf(s) === 'kube-system' && s.metadata.name === 'kube-dns');
        assert.equal(dns?.spec.clusterIP, '10.96.0.10');
        assert.equal(snap.pods.filter((p) => p.metadata.labels?.['k8s-app'] === 'kube-dns').length, 2);
        assert.ok(snap.services.some((s) => nsOf(s) === 'default' && s.metadata.name === 'kubernetes'));
        assert.match(snap.corednsConfigMap?.data?.Corefile ?? '', /kubernetes cluster\.local in-addr\.arpa ip6\.arpa/);
    });

    it('mixes headless and ClusterIP Services, with StatefulSets whose pods carry hostname and subdomain', () => {
        const app = snap.services.filter((s) => /^ns-\d+$/.test(nsOf(s)));
        const headless = app.filter((s) => s.spec.clusterIP === 'None');
        assert.ok(headless.length > 0 && headless.length < app.length);
        assert.equal(headless.length, g.counts.headless);
        assert.ok(snap.statefulSets.length > 0);
        for (const sts of snap.statefulSets) {
            const governing = snap.services.find((s) => nsOf(s) === nsOf(sts) && s.metadata.name === sts.spec.serviceName);
            assert.equal(governing?.spec.clusterIP, 'None', `${sts.metadata.name} is governed by a headless Service`);
        }
        const stsPod = snap.pods.find((p) => p.metadata.name === g.sampleHeadless.firstPod) as Pod;
        assert.equal(stsPod.spec.hostname, g.sampleHeadless.firstPod);
        assert.equal(stsPod.spec.subdomain, g.sampleHeadless.name);
    });

    it('writes EndpointSlices as the controller does: service-name label, ≤ 100 endpoints, several for large Services', () => {
        const slices = snap.endpointSlices;
        assert.equal(slices.length, g.counts.endpointSlices);
        for (const s of slices) {
            assert.ok(s.metadata.labels?.[SERVICE_NAME_LABEL], `${s.metadata.name} has the service-name label`);
            assert.ok((s.endpoints ?? []).length <= MAX_ENDPOINTS_PER_SLICE);
        }
        const perService = new Map<string, EndpointSlice[]>();
        for (const s of slices) {
            const k = `${nsOf(s)}/${s.metadata.labels![SERVICE_NAME_LABEL]}`;
            perService.set(k, [...(perService.get(k) ?? []), s]);
        }
        assert.ok(
            [...perService.values()].some((v) => v.length >= 3),
            'some Service has three or more slices',
        );
        // Every app pod is an endpoint of exactly one slice, at its pod IP.
        const endpointIps = slices.flatMap((s) => (s.endpoints ?? []).flatMap((e) => e.addresses));
        assert.equal(new Set(endpointIps).size, endpointIps.length);
        const podIps = new Set(snap.pods.map((p) => p.status?.podIP));
        for (const ip of endpointIps.filter((ip) => ip.startsWith('10.244.'))) assert.ok(podIps.has(ip), `${ip} is a pod IP`);
    });

    it('is deterministic', () => {
        assert.deepEqual(generateCluster({ services: S, pods: P }).objects, g.objects);
        assert.notDeepEqual(generateCluster({ services: S, pods: P, seed: 2 }).objects, g.objects);
    });

    it('answers in the engine like a cluster: a StatefulSet pod name resolves to its pod IP', () => {
        const config = dnsConfigFor(snap.corednsConfigMap?.data?.Corefile, {});
        const index = buildDnsIndex(snap, config);
        const { namespace, name, firstPod } = g.sampleHeadless;
        const pod = snap.pods.find((p) => p.metadata.name === firstPod)!;
        const reply = expectedReply(index, `${firstPod}.${name}.${namespace}.svc.cluster.local`, 'A');
        assert.equal(reply.rcode, 'NOERROR');
        assert.deepEqual(
            reply.answers.map((a) => a.data),
            [pod.status?.podIP],
        );
        const svc = snap.services.find((s) => nsOf(s) === g.sampleClusterIp.namespace && s.metadata.name === g.sampleClusterIp.name) as Service;
        const a = expectedReply(index, `${svc.metadata.name}.${nsOf(svc)}.svc.cluster.local`, 'A');
        assert.deepEqual(
            a.answers.map((r) => r.data),
            [svc.spec.clusterIP],
        );
    });
});
