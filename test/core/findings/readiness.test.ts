import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kubeadmDefaultDnsConfig } from '../../../src/core/dns/dns-config.js';
import { backed, pod, service, snapshotOf, statefulSet, statefulSetPods } from '../../kit/cluster-builder.js';
import { explain, healthyObjects, only, withCode } from './run-explain.js';

describe('SELECTOR_MATCHES_NO_PODS', () => {
    it('names the selector term no pod carries and the pod that misses by that term', () => {
        const svc = service('web', { selector: { app: 'web', tier: 'frontend' } });
        const objects = backed(svc, []).concat([pod('web-a', { labels: { app: 'web', tier: 'front' } }), pod('other', { labels: { app: 'other' } })]);
        const f = only(explain(objects, 'web').findings, 'SELECTOR_MATCHES_NO_PODS');
        assert.equal(f.severity, 'error');
        assert.match(f.message, /no pod in app has tier=frontend/);
        assert.match(f.message, /web-a \(tier=front, want tier=frontend\)/);
        assert.doesNotMatch(f.message, /other/);
        assert.ok(f.objects?.includes('Pod/app/web-a'));
    });

    it('says when every term is on some pod but no pod has them all', () => {
        const svc = service('web', { selector: { app: 'web', tier: 'frontend' } });
        const objects = backed(svc, []).concat([pod('a', { labels: { app: 'web' } }), pod('b', { labels: { tier: 'frontend' } })]);
        assert.match(only(explain(objects, 'web').findings, 'SELECTOR_MATCHES_NO_PODS').message, /no pod in app has all of them together/);
    });

    it('stays quiet when the selector matches, and for selector-less and ExternalName Services', () => {
        assert.deepEqual(withCode(explain(healthyObjects(), 'web').findings, 'SELECTOR_MATCHES_NO_PODS'), []);
        const manual = service('manual', { selector: null });
        const ext = service('ext', { type: 'ExternalName', externalName: 'example.com' });
        assert.deepEqual(withCode(explain([manual, ext], 'manual').findings, 'SELECTOR_MATCHES_NO_PODS'), []);
        assert.deepEqual(withCode(explain([manual, ext], 'ext').findings, 'SELECTOR_MATCHES_NO_PODS'), []);
    });

    it('stays quiet when svcdig could not list the pods', () => {
        const svc = service('web');
        const snapshot = snapshotOf([svc]);
        snapshot.missing.push({ resource: 'pods', namespace: 'app', reason: 'forbidden' });
        assert.deepEqual(withCode(explain(snapshot, 'web').findings, 'SELECTOR_MATCHES_NO_PODS'), []);
    });
});

describe('NO_READY_PODS', () => {
    it('fires when every selected pod is not Ready, and for a headless Service says the name is NXDOMAIN', () => {
        const svc = service('db', { clusterIP: 'None', selector: { app: 'db' } });
        const f = only(explain(backed(svc, [pod('db-0', { labels: { app: 'db' }, ready: false })]), 'db').findings, 'NO_READY_PODS');
        assert.equal(f.severity, 'error');
        assert.match(f.message, /none Ready: db-0/);
        assert.match(f.message, /db\.app answers NXDOMAIN/);
        assert.match(f.fix, /publishNotReadyAddresses: true/);
    });

    it('for a ClusterIP Service says the IP resolves but connections fail, or NXDOMAIN with ignore empty_service', () => {
        const objects = backed(service('web'), [pod('web-a', { ready: false })]);
        assert.match(only(explain(objects, 'web').findings, 'NO_READY_PODS').message, /ClusterIP still resolves/);
        const config = { ...kubeadmDefaultDnsConfig(), ignoreEmptyService: true };
        assert.match(only(explain(objects, 'web', { config }).findings, 'NO_READY_PODS').message, /NXDOMAIN \(CoreDNS runs with ignore empty_service\)/);
    });

    it('stays quiet when at least one pod is Ready', () => {
        const objects = backed(service('web'), [pod('web-a', { ready: false }), pod('web-b')]);
        assert.deepEqual(withCode(explain(objects, 'web').findings, 'NO_READY_PODS'), []);
    });
});

describe('PODS_NOT_READY_ABSENT_FROM_DNS', () => {
    it('names the not-Ready pods of a headless Service by their DNS hostname and mentions publishNotReadyAddresses', () => {
        const sts = statefulSet('db', 'db', { app: 'db' });
        const [db0, db1] = statefulSetPods(sts, 2);
        db1!.status!.conditions = db1!.status!.conditions!.map((c) => (c.type === 'Ready' ? { ...c, status: 'False' } : c));
        const svc = service('db', { clusterIP: 'None', ports: [{ name: 'sql', port: 5432 }], selector: { app: 'db' } });
        const f = only(explain([sts, ...backed(svc, [db0!, db1!])], 'db').findings, 'PODS_NOT_READY_ABSENT_FROM_DNS');
        assert.equal(f.severity, 'warning');
        assert.match(f.message, /1 pod of headless Service app\/db not Ready and absent from its DNS names: db-1/);
        assert.match(f.message, /publishNotReadyAddresses is false/);
        assert.doesNotMatch(f.message, /db-0/);
    });

    it('stays quiet with publishNotReadyAddresses, for ClusterIP Services, and when all pods are Ready', () => {
        const headlessPublish = service('db', { clusterIP: 'None', selector: { app: 'db' }, publishNotReadyAddresses: true });
        const pods = () => [pod('db-0', { labels: { app: 'db' } }), pod('db-1', { labels: { app: 'db' }, ready: false })];
        assert.deepEqual(withCode(explain(backed(headlessPublish, pods()), 'db').findings, 'PODS_NOT_READY_ABSENT_FROM_DNS'), []);
        const clusterIp = service('db', { selector: { app: 'db' } });
        assert.deepEqual(withCode(explain(backed(clusterIp, pods()), 'db').findings, 'PODS_NOT_READY_ABSENT_FROM_DNS'), []);
        assert.deepEqual(withCode(explain(healthyObjects(), 'db').findings, 'PODS_NOT_READY_ABSENT_FROM_DNS'), []);
    });
});

describe('TOLERATE_UNREADY_ANNOTATION_IGNORED', () => {
    const annotations = { 'service.alpha.kubernetes.io/tolerate-unready-endpoints': 'true' };

    it('fires when the annotation stands in for publishNotReadyAddresses', () => {
        const svc = service('db', { clusterIP: 'None', selector: { app: 'db' }, annotations });
        const f = only(explain(backed(svc, [pod('db-0', { labels: { app: 'db' } })]), 'db').findings, 'TOLERATE_UNREADY_ANNOTATION_IGNORED');
        assert.equal(f.severity, 'warning');
        assert.match(f.fix, /publishNotReadyAddresses: true/);
    });

    it('stays quiet when publishNotReadyAddresses is set too, or without the annotation', () => {
        const both = service('db', { clusterIP: 'None', selector: { app: 'db' }, annotations, publishNotReadyAddresses: true });
        assert.deepEqual(withCode(explain(backed(both, [pod('db-0', { labels: { app: 'db' } })]), 'db').findings, 'TOLERATE_UNREADY_ANNOTATION_IGNORED'), []);
        assert.deepEqual(withCode(explain(healthyObjects(), 'db').findings, 'TOLERATE_UNREADY_ANNOTATION_IGNORED'), []);
    });
});
