import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backed, pod, service, statefulSet, statefulSetPods } from '../../kit/cluster-builder.js';
import { cluster, explain, healthyObjects, only, withCode } from './run-explain.js';

describe('STATEFULSET_SERVICE_NOT_HEADLESS', () => {
    it('warns when the governing Service has a ClusterIP', () => {
        const sts = statefulSet('web', 'nginx', { app: 'nginx' });
        const svc = service('nginx', { clusterIP: '10.96.0.30', selector: { app: 'nginx' }, ports: [{ name: 'sql', port: 5432 }] });
        const f = only(explain([sts, ...backed(svc, statefulSetPods(sts, 2))], 'nginx').findings, 'STATEFULSET_SERVICE_NOT_HEADLESS');
        assert.equal(f.severity, 'warning');
        assert.match(
            f.message,
            /StatefulSet app\/web has serviceName nginx, a ClusterIP Service with ClusterIP 10\.96\.0\.30: nginx\.app answers that IP, not the pods/,
        );
        assert.deepEqual(f.objects, ['StatefulSet/app/web', 'Service/app/nginx']);
    });

    it('stays quiet for a headless governing Service, and for ClusterIP Services no StatefulSet names', () => {
        assert.deepEqual(withCode(explain(healthyObjects(), 'db').findings, 'STATEFULSET_SERVICE_NOT_HEADLESS'), []);
        assert.deepEqual(withCode(explain(healthyObjects(), 'web').findings, 'STATEFULSET_SERVICE_NOT_HEADLESS'), []);
    });
});

describe('STATEFULSET_SERVICE_SELECTOR_MISMATCH', () => {
    it('fires when the Service selector does not match the pod template labels', () => {
        const sts = statefulSet('web', 'nginx', { app: 'nginx' });
        const svc = service('nginx', { clusterIP: 'None', selector: { app: 'web' }, ports: [{ name: 'sql', port: 5432 }] });
        const f = only(explain([sts, ...backed(svc, []), ...statefulSetPods(sts, 1)], 'nginx').findings, 'STATEFULSET_SERVICE_SELECTOR_MISMATCH');
        assert.equal(f.severity, 'error');
        assert.match(f.message, /its selector app=web does not match the pod labels app=nginx: the pods get no per-pod DNS names/);
    });

    it('fires when the governing Service has no selector', () => {
        const sts = statefulSet('web', 'nginx', { app: 'nginx' });
        const svc = service('nginx', { clusterIP: 'None', selector: null, ports: [{ name: 'sql', port: 5432 }] });
        assert.match(only(explain([sts, svc], 'nginx').findings, 'STATEFULSET_SERVICE_SELECTOR_MISMATCH').message, /it has no selector/);
    });

    it('stays quiet when the selector is a subset of the template labels', () => {
        const sts = statefulSet('web', 'nginx', { app: 'nginx', tier: 'edge' });
        const svc = service('nginx', { clusterIP: 'None', selector: { app: 'nginx' }, ports: [{ name: 'sql', port: 5432 }] });
        assert.deepEqual(withCode(explain([sts, ...backed(svc, statefulSetPods(sts, 1))], 'nginx').findings, 'STATEFULSET_SERVICE_SELECTOR_MISMATCH'), []);
    });
});

describe('STATEFULSET_SERVICE_MISSING (snapshot-wide)', () => {
    it('fires for a serviceName that names no Service, with a close name as a hint', () => {
        const sts = statefulSet('web', 'nginx', { app: 'nginx' });
        const svc = service('nginx-headless', { clusterIP: 'None', selector: { app: 'nginx' } });
        const findings = cluster([sts, ...backed(svc, statefulSetPods(sts, 2))]);
        const f = only(findings, 'STATEFULSET_SERVICE_MISSING');
        assert.equal(f.severity, 'error');
        assert.match(
            f.message,
            /StatefulSet app\/web has serviceName nginx, but no Service nginx exists in app \(did you mean nginx-headless\?\): web-0\.nginx\.app does not resolve/,
        );
        // Its pods' subdomain is the same missing Service: reported once, by the StatefulSet finding.
        assert.deepEqual(withCode(findings, 'POD_SUBDOMAIN_NO_SERVICE'), []);
    });

    it('stays quiet when the Service exists, and for a StatefulSet without serviceName', () => {
        assert.deepEqual(withCode(cluster(healthyObjects()), 'STATEFULSET_SERVICE_MISSING'), []);
        const noName = statefulSet('worker', undefined, { app: 'worker' });
        assert.deepEqual(withCode(cluster([noName, ...statefulSetPods(noName, 1)]), 'STATEFULSET_SERVICE_MISSING'), []);
    });
});

describe('POD_SUBDOMAIN_NO_SERVICE (snapshot-wide)', () => {
    it('fires for hand-made pods whose subdomain names no Service', () => {
        const a = pod('busybox-1', { labels: { name: 'busybox' }, hostname: 'busybox-1', subdomain: 'busybox-subdomain' });
        const b = pod('busybox-2', { labels: { name: 'busybox' }, hostname: 'busybox-2', subdomain: 'busybox-subdomain' });
        const f = only(cluster([a, b]), 'POD_SUBDOMAIN_NO_SERVICE');
        assert.equal(f.severity, 'warning');
        assert.match(
            f.message,
            /pods busybox-1, busybox-2 in app set subdomain busybox-subdomain, but no Service busybox-subdomain exists there: busybox-1\.busybox-subdomain\.app does not resolve/,
        );
    });

    it('stays quiet when the Service exists, and for a subdomain without hostname', () => {
        const a = pod('busybox-1', { labels: { name: 'busybox' }, hostname: 'busybox-1', subdomain: 'busybox-subdomain' });
        const svc = service('busybox-subdomain', { clusterIP: 'None', selector: { name: 'busybox' } });
        assert.deepEqual(withCode(cluster([a, svc]), 'POD_SUBDOMAIN_NO_SERVICE'), []);
        const noHost = pod('busybox-3', { subdomain: 'nothing' });
        assert.deepEqual(withCode(cluster([noHost]), 'POD_SUBDOMAIN_NO_SERVICE'), []);
    });
});
