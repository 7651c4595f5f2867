import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backed, pod, service } from '../../kit/cluster-builder.js';
import { explain, healthyObjects, only, withCode } from './run-explain.js';

describe('ENV_NAME_CLASH', () => {
    it('fires for foo and foo-service: both produce FOO_SERVICE_PORT (a port number vs a tcp:// URL)', () => {
        const foo = service('foo', { clusterIP: '10.96.0.50', ports: [{ port: 8080 }], selector: { app: 'foo' } });
        const fooService = service('foo-service', { clusterIP: '10.96.0.51', ports: [{ port: 80 }], selector: { app: 'foo' } });
        const objects = [...backed(foo, [pod('foo-a', { labels: { app: 'foo' } })]), ...backed(fooService, [])];
        const f = only(explain(objects, 'foo').findings, 'ENV_NAME_CLASH');
        assert.equal(f.severity, 'warning');
        assert.match(f.message, /Services app\/foo and app\/foo-service both produce FOO_SERVICE_PORT for pods in app \(app\/foo sets FOO_SERVICE_PORT=8080\)/);
        // The same clash is reported from the other side.
        assert.match(only(explain(objects, 'foo-service').findings, 'ENV_NAME_CLASH').message, /app\/foo-service and app\/foo both produce FOO_SERVICE_PORT/);
    });

    it('counts default/kubernetes, whose variables every pod gets', () => {
        const api = service('kubernetes', { ns: 'default', clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, targetPort: 6443 }], selector: null });
        const local = service('kubernetes-service', { clusterIP: '10.96.0.60', ports: [{ port: 80 }], selector: null });
        const f = only(explain([api, local], 'kubernetes-service').findings, 'ENV_NAME_CLASH');
        assert.match(f.message, /app\/kubernetes-service and default\/kubernetes both produce KUBERNETES_SERVICE_PORT/);
    });

    it('stays quiet for redis and redis-port: their names share a prefix but no variable', () => {
        const redis = service('redis', { clusterIP: '10.96.0.70', ports: [{ port: 6379 }], selector: { app: 'redis' } });
        const redisPort = service('redis-port', { clusterIP: '10.96.0.71', ports: [{ port: 6379 }], selector: { app: 'redis' } });
        const objects = [...backed(redis, [pod('redis-0', { labels: { app: 'redis' } })]), ...backed(redisPort, [])];
        assert.deepEqual(withCode(explain(objects, 'redis').findings, 'ENV_NAME_CLASH'), []);
        assert.deepEqual(withCode(explain(healthyObjects(), 'web').findings, 'ENV_NAME_CLASH'), []);
    });
});

describe('PODS_PREDATE_SERVICE', () => {
    it('lists pods of the namespace whose containers started before the Service, with both times', () => {
        const objects = [
            ...backed(service('web', { created: '2024-03-01T10:00:00Z' }), [pod('web-a')]),
            pod('client', { labels: { app: 'client' }, created: '2024-03-01T09:00:00Z', started: '2024-03-01T09:00:30Z' }),
        ];
        const f = only(explain(objects, 'web').findings, 'PODS_PREDATE_SERVICE');
        assert.equal(f.severity, 'info');
        assert.match(
            f.message,
            /1 pod started before Service app\/web was created \(2024-03-01T10:00:00Z\) and lacks its WEB_\* variables: client \(2024-03-01T09:00:30Z\)/,
        );
        assert.doesNotMatch(f.message, /web-a/);
    });

    it('stays quiet for pods started later, pods without service links, and headless Services', () => {
        const early = { labels: { app: 'client' }, created: '2024-03-01T09:00:00Z', started: '2024-03-01T09:00:30Z' };
        assert.deepEqual(withCode(explain(healthyObjects(), 'web').findings, 'PODS_PREDATE_SERVICE'), []);
        const noLinks = [...backed(service('web'), [pod('web-a')]), pod('client', { ...early, enableServiceLinks: false })];
        assert.deepEqual(withCode(explain(noLinks, 'web').findings, 'PODS_PREDATE_SERVICE'), []);
        const headless = [...backed(service('peers', { clusterIP: 'None', selector: { app: 'peers' } }), []), pod('client', early)];
        assert.deepEqual(withCode(explain(headless, 'peers').findings, 'PODS_PREDATE_SERVICE'), []);
    });
});

describe('SERVICE_NAME_STARTS_WITH_DIGIT', () => {
    it('warns that 1-test-service gives variables a POSIX shell cannot expand', () => {
        const svc = service('1-test-service', { selector: { app: 'web' } });
        const f = only(explain(backed(svc, [pod('web-a')]), '1-test-service').findings, 'SERVICE_NAME_STARTS_WITH_DIGIT');
        assert.equal(f.severity, 'warning');
        assert.match(f.message, /1_TEST_SERVICE_SERVICE_HOST/);
    });

    it('stays quiet for a headless Service (no variables) and for names starting with a letter', () => {
        const headless = service('1-peers', { clusterIP: 'None', selector: { app: 'web' } });
        assert.deepEqual(withCode(explain(backed(headless, [pod('web-a')]), '1-peers').findings, 'SERVICE_NAME_STARTS_WITH_DIGIT'), []);
        assert.deepEqual(
            withCode(explain(backed(service('test-1', { selector: { app: 'web' } }), [pod('web-b')]), 'test-1').findings, 'SERVICE_NAME_STARTS_WITH_DIGIT'),
            [],
        );
    });

    it('stays quiet for a Service starting with a letter whose port name (from a file, unvalidated) spoils a variable', () => {
        const svc = service('web', { ports: [{ name: 'h$ttp', port: 80 }], selector: { app: 'web' } });
        const x = explain(backed(svc, [pod('web-c')]), 'web');
        assert.ok(
            x.env.some((v) => v.name.includes('$')),
            'the hostile port name reaches a variable name',
        );
        assert.deepEqual(withCode(x.findings, 'SERVICE_NAME_STARTS_WITH_DIGIT'), []);
    });
});

describe('KUBERNETES_SERVICE_SHADOWED', () => {
    const api = () => service('kubernetes', { ns: 'default', clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, targetPort: 6443 }], selector: null });

    it('fires for a Service named kubernetes in another namespace: its pods get its IP as KUBERNETES_SERVICE_HOST', () => {
        const local = service('kubernetes', { clusterIP: '10.96.0.99', ports: [{ name: 'http', port: 80 }], selector: null });
        const f = only(explain([api(), local], 'kubernetes').findings, 'KUBERNETES_SERVICE_SHADOWED');
        assert.equal(f.severity, 'error');
        assert.match(
            f.message,
            /Service app\/kubernetes makes KUBERNETES_SERVICE_HOST=10\.96\.0\.99 in every pod of app .* instead of the API server \(10\.96\.0\.1\)/,
        );
    });

    it('stays quiet for default/kubernetes itself and for a headless kubernetes Service (no variables)', () => {
        assert.deepEqual(withCode(explain([api()], 'kubernetes', { ns: 'default' }).findings, 'KUBERNETES_SERVICE_SHADOWED'), []);
        const headless = service('kubernetes', { clusterIP: 'None', ports: [{ name: 'http', port: 80 }], selector: null });
        assert.deepEqual(withCode(explain([api(), headless], 'kubernetes').findings, 'KUBERNETES_SERVICE_SHADOWED'), []);
    });
});
