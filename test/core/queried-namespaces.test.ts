import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { queriedNamespaces } from '../../src/core/dns/index.js';
import { emptySnapshot, mergeSnapshots } from '../../src/core/snapshot.js';
import type { Pod, Service } from '../../src/core/k8s.js';
import { pod as podOf, service } from '../kit/cluster-builder.js';

const zones = { zones: ['cluster.local'] };

describe('the namespaces a lookup can reach (a live resolve reads only those)', () => {
    it('each svc and pod name names its namespace; the search list makes web-0.nginx reach namespace "nginx" too', () => {
        const candidates = ['web-0.nginx.default.svc.cluster.local', 'web-0.nginx.svc.cluster.local', 'web-0.nginx.cluster.local', 'web-0.nginx'];
        assert.deepEqual([...(queriedNamespaces(candidates, zones) as Set<string>)].sort(), ['default', 'nginx']);
    });

    it('SRV, endpoint and dashed-IP pod names count by their namespace label', () => {
        const names = ['_http._tcp.web.shop.svc.cluster.local', '10-44-0-5.dev.pod.cluster.local.', 'WEB-0.Nginx.Staging.SVC.cluster.local'];
        assert.deepEqual([...(queriedNamespaces(names, zones) as Set<string>)].sort(), ['dev', 'shop', 'staging']);
    });

    it('names outside the cluster zones (forwarded upstream) and the zone apex need no namespace', () => {
        assert.deepEqual([...(queriedNamespaces(['example.com', 'cluster.local', 'svc.cluster.local'], zones) as Set<string>)], []);
    });

    it('a reverse name can be answered from any namespace: read them all', () => {
        assert.equal(queriedNamespaces(['web.default.svc.cluster.local', '10.0.96.10.in-addr.arpa'], zones), 'all');
    });

    it('the most specific zone decides: with zones cluster.local and a.cluster.local, x.ns.svc.a.cluster.local is in ns', () => {
        assert.deepEqual([...(queriedNamespaces(['x.ns.svc.a.cluster.local'], { zones: ['cluster.local', 'a.cluster.local'] }) as Set<string>)], ['ns']);
    });
});

describe('merging two reads of one cluster', () => {
    const svc = (ns: string, name: string, ip: string): Service => service(name, { ns, clusterIP: ip });
    const pod = (ns: string, name: string): Pod => podOf(name, { ns });

    it('keeps every object once, the first read winning, and every missing fact', () => {
        const a = {
            ...emptySnapshot('live'),
            services: [svc('default', 'web', '10.0.0.1')],
            pods: [pod('default', 'p')],
            missing: [{ resource: 'pods', namespace: 'x', reason: 'forbidden' }],
        };
        const b = {
            ...emptySnapshot('live'),
            services: [svc('default', 'web', '10.0.0.2'), svc('nginx', 'web', '10.0.0.3')],
            pods: [pod('nginx', 'p')],
            missing: [{ resource: 'pods', namespace: 'y', reason: 'forbidden' }],
        };
        const m = mergeSnapshots(a, b);
        assert.deepEqual(
            m.services.map((s) => `${s.metadata.namespace}/${s.metadata.name} ${s.spec.clusterIP}`),
            ['default/web 10.0.0.1', 'nginx/web 10.0.0.3'],
        );
        assert.deepEqual(
            m.pods.map((p) => `${p.metadata.namespace}/${p.metadata.name}`),
            ['default/p', 'nginx/p'],
        );
        assert.deepEqual(
            m.missing.map((f) => f.namespace),
            ['x', 'y'],
        );
    });
});
