import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EndpointSlice, Endpoints } from '../../../src/core/k8s.js';
import { backed, pod, service, slicesFor } from '../../kit/cluster-builder.js';
import { explain, healthyObjects, only, withCode } from './run-explain.js';

/**
 * A literal on purpose: a slice made by hand with exactly `labels` (no managed-by label, no conditions), the
 * unlabelled or foreign slices these findings are about; the builder's `slice` always adds its labels.
 */
function handSlice(name: string, labels: Record<string, string>, extra: Partial<EndpointSlice['metadata']> = {}): EndpointSlice {
    return {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { name, namespace: 'app', labels, ...extra },
        addressType: 'IPv4',
        endpoints: [{ addresses: ['192.0.2.10'] }, { addresses: ['192.0.2.11'] }],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    };
}

describe('SELECTORLESS_NO_ENDPOINTS', () => {
    it('fires for a selector-less Service with nothing behind it', () => {
        const f = only(explain([service('legacy-db', { selector: null })], 'legacy-db').findings, 'SELECTORLESS_NO_ENDPOINTS');
        assert.equal(f.severity, 'error');
        assert.match(
            f.message,
            /no EndpointSlice carries the label kubernetes\.io\/service-name=legacy-db and no Endpoints object of that name exists; the ClusterIP resolves but has no backends/,
        );
    });

    it('says when the Endpoints object opts out of mirroring, and that a headless name is NXDOMAIN', () => {
        const ep: Endpoints = {
            apiVersion: 'v1',
            kind: 'Endpoints',
            metadata: { name: 'legacy-db', namespace: 'app', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
            subsets: [{ addresses: [{ ip: '192.0.2.10' }], ports: [{ port: 5432 }] }],
        };
        const f = only(explain([service('legacy-db', { selector: null, clusterIP: 'None' }), ep], 'legacy-db').findings, 'SELECTORLESS_NO_ENDPOINTS');
        assert.match(f.message, /skip-mirror: "true", so it is not mirrored/);
        assert.match(f.message, /legacy-db\.app answers NXDOMAIN/);
    });

    it('stays quiet when a hand-made Endpoints object is mirrored or a labelled slice exists', () => {
        const ep: Endpoints = {
            apiVersion: 'v1',
            kind: 'Endpoints',
            metadata: { name: 'legacy-db', namespace: 'app' },
            subsets: [{ addresses: [{ ip: '192.0.2.10' }], ports: [{ port: 5432 }] }],
        };
        assert.deepEqual(withCode(explain([service('legacy-db', { selector: null }), ep], 'legacy-db').findings, 'SELECTORLESS_NO_ENDPOINTS'), []);
        const slice = handSlice('legacy-db-1', { 'kubernetes.io/service-name': 'legacy-db' });
        assert.deepEqual(withCode(explain([service('legacy-db', { selector: null }), slice], 'legacy-db').findings, 'SELECTORLESS_NO_ENDPOINTS'), []);
    });
});

describe('ENDPOINTSLICE_WITHOUT_SERVICE_LABEL', () => {
    it('fires for an unlabelled slice named after the Service or owned by it', () => {
        const svc = service('legacy-db', { selector: null });
        const named = handSlice('legacy-db-x1', {});
        const owned = handSlice('custom', {}, { ownerReferences: [{ kind: 'Service', name: 'legacy-db' }] });
        const x = explain([svc, named, owned], 'legacy-db');
        const f = only(x.findings, 'ENDPOINTSLICE_WITHOUT_SERVICE_LABEL');
        assert.equal(f.severity, 'error');
        assert.match(
            f.message,
            /2 EndpointSlices in app \(legacy-db-x1, custom\) look meant for Service legacy-db but lack the label kubernetes\.io\/service-name: CoreDNS and kube-proxy ignore their 4 endpoints/,
        );
        assert.match(f.fix, /kubernetes\.io\/service-name=legacy-db/);
        // The ignored slices really are ignored: the Service has no endpoints.
        assert.equal(x.endpoints.length, 0);
    });

    it('does not claim a slice of a longer-named Service, nor labelled slices', () => {
        const web = service('web', { selector: null });
        const webApi = service('web-api', { selector: null, clusterIP: '10.96.0.21' });
        const forWebApi = handSlice('web-api-q1', {});
        const labelled = handSlice('web-1', { 'kubernetes.io/service-name': 'web' });
        assert.deepEqual(withCode(explain([web, webApi, forWebApi, labelled], 'web').findings, 'ENDPOINTSLICE_WITHOUT_SERVICE_LABEL'), []);
        assert.deepEqual(withCode(explain(healthyObjects(), 'web').findings, 'ENDPOINTSLICE_WITHOUT_SERVICE_LABEL'), []);
    });
});

describe('ENDPOINTS_TRUNCATED', () => {
    const endpoints = (annotations?: Record<string, string>): Endpoints => ({
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name: 'web', namespace: 'app', ...(annotations ? { annotations } : {}) },
        subsets: [{ addresses: [{ ip: '10.244.1.2' }], ports: [{ name: 'http', port: 8080 }] }],
    });

    it('warns when the Endpoints object is annotated over-capacity', () => {
        const objects = [...backed(service('web'), [pod('web-a')]), endpoints({ 'endpoints.kubernetes.io/over-capacity': 'truncated' })];
        const f = only(explain(objects, 'web').findings, 'ENDPOINTS_TRUNCATED');
        assert.equal(f.severity, 'warning');
        assert.match(f.message, /Endpoints app\/web is annotated endpoints\.kubernetes\.io\/over-capacity: truncated/);
    });

    it('stays quiet without the annotation', () => {
        const objects = [...backed(service('web'), [pod('web-a')]), endpoints()];
        assert.deepEqual(withCode(explain(objects, 'web').findings, 'ENDPOINTS_TRUNCATED'), []);
    });
});

describe('DUAL_STACK_ONE_FAMILY', () => {
    const dual = { clusterIPs: ['10.96.0.40', 'fd00:10:96::40'], clusterIP: '10.96.0.40', ipFamilies: ['IPv4', 'IPv6'], ipFamilyPolicy: 'PreferDualStack' };

    it('warns when a dual-stack Service has only IPv4 endpoints', () => {
        const svc = service('web', dual);
        const f = only(explain(backed(svc, [pod('web-a', { ip: '10.244.1.50' })]), 'web').findings, 'DUAL_STACK_ONE_FAMILY');
        assert.equal(f.severity, 'warning');
        assert.match(f.message, /dual-stack Service app\/web \(IPv4, IPv6\) has only IPv4 endpoints: the IPv6 ClusterIP fd00:10:96::40 has no backends/);
    });

    it('says AAAA answers NODATA for a headless Service', () => {
        const svc = service('web', { ...dual, clusterIP: 'None', clusterIPs: ['None'] });
        assert.match(
            only(explain(backed(svc, [pod('web-a', { ip: '10.244.1.51' })]), 'web').findings, 'DUAL_STACK_ONE_FAMILY').message,
            /AAAA queries for web\.app answer NODATA/,
        );
    });

    it('stays quiet when the pods have both families, and for single-stack Services', () => {
        const svc = service('web', dual);
        const both = pod('web-a', { ips: ['10.244.1.52', 'fd00:10:244:1::52'] });
        assert.deepEqual(withCode(explain(backed(svc, [both]), 'web').findings, 'DUAL_STACK_ONE_FAMILY'), []);
        assert.deepEqual(withCode(explain(healthyObjects(), 'web').findings, 'DUAL_STACK_ONE_FAMILY'), []);
    });
});

describe('TERMINATING_ENDPOINTS_SERVING', () => {
    it('is information for a Ready pod that is terminating: serving, but out of DNS already', () => {
        const objects = backed(service('web'), [pod('web-a'), pod('web-old', { terminating: true, ip: '10.244.1.60' })]);
        const f = only(explain(objects, 'web').findings, 'TERMINATING_ENDPOINTS_SERVING');
        assert.equal(f.severity, 'info');
        assert.match(f.message, /1 endpoint of Service app\/web terminating but still serving: web-old \(10\.244\.1\.60\); already gone from DNS/);
    });

    it('stays quiet when publishNotReadyAddresses keeps terminating pods ready, and with no terminating pods', () => {
        const svc = service('web', { publishNotReadyAddresses: true });
        const old = pod('web-old', { terminating: true });
        const x = explain([svc, old, ...slicesFor(svc, [old])], 'web');
        assert.equal(x.endpoints[0]?.ready, true, 'publishNotReadyAddresses forces ready');
        assert.deepEqual(withCode(x.findings, 'TERMINATING_ENDPOINTS_SERVING'), []);
        assert.deepEqual(withCode(explain(healthyObjects(), 'web').findings, 'TERMINATING_ENDPOINTS_SERVING'), []);
    });
});
