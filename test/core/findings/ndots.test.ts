import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kubeadmDefaultDnsConfig } from '../../../src/core/dns/dns-config.js';
import { lookupsUntil, podNdots } from '../../../src/core/findings/rules/ndots.js';
import { pod } from '../../kit/cluster-builder.js';
import { explain, healthyObjects, only, withCode } from './run-explain.js';

describe('search-list arithmetic (resolv.conf(5))', () => {
    it('a name with fewer dots than ndots walks the three cluster suffixes before itself', () => {
        // web.app.svc.cluster.local has 4 dots < 5: tried with app2.svc…, svc…, cluster.local, then as is.
        assert.equal(lookupsUntil('web.app.svc.cluster.local', 'app2', 'cluster.local', 5, 'web.app.svc.cluster.local'), 4);
        // web.app from namespace app2: web.app.app2.svc.cluster.local (NXDOMAIN), then web.app.svc.cluster.local.
        assert.equal(lookupsUntil('web.app', 'app2', 'cluster.local', 5, 'web.app.svc.cluster.local'), 2);
        // With ndots:2 the four-dot name is tried as is first.
        assert.equal(lookupsUntil('web.app.svc.cluster.local', 'app2', 'cluster.local', 2, 'web.app.svc.cluster.local'), 1);
    });

    it('reads ndots from a pod the way kubelet writes resolv.conf (pkg/kubelet/network/dns)', () => {
        assert.equal(podNdots(pod('a')), 5);
        assert.equal(podNdots(pod('b', { ndots: '2' })), 2);
        assert.equal(podNdots(pod('c', { dnsPolicy: 'Default' })), null);
        assert.equal(podNdots(pod('d', { dnsPolicy: 'None' })), 1);
    });
});

describe('NDOTS_COST', () => {
    it('is information with the cost of the names users type under ndots:5', () => {
        const f = only(explain(healthyObjects(), 'web').findings, 'NDOTS_COST');
        assert.equal(f.severity, 'info');
        assert.match(f.message, /with ndots:5, web\.app\.svc\.cluster\.local typed without a trailing dot takes 4\+ lookups/);
        assert.match(f.message, /web\.app from another namespace takes 2/);
        assert.match(f.fix, /web\.app\.svc\.cluster\.local\. with the trailing dot/);
    });

    it('stays quiet when every pod that uses the cluster DNS sets ndots low enough for the full name', () => {
        const objects = healthyObjects().map((o) =>
            o.kind === 'Pod' ? { ...o, spec: { ...(o as ReturnType<typeof pod>).spec, dnsConfig: { options: [{ name: 'ndots', value: '2' }] } } } : o,
        );
        assert.deepEqual(withCode(explain(objects, 'web').findings, 'NDOTS_COST'), []);
    });

    it('stays quiet for a namespace the Corefile does not expose', () => {
        const config = { ...kubeadmDefaultDnsConfig(), namespaces: ['other'] };
        assert.deepEqual(withCode(explain(healthyObjects(), 'web', { config }).findings, 'NDOTS_COST'), []);
    });
});
