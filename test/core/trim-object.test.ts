/**
 * Trimming with shared values (src/core/trim-object.ts SharedValues), as a live list is read: the objects come out
 * exactly as trimmed alone, equal fields are one value, frozen, and values that differ are never shared.
 * Objects are written out literally: two Services of one chart, as JSON.parse gives them (new objects each time).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SharedValues, trimObject } from '../../src/core/trim-object.js';
import type { Service } from '../../src/core/k8s.js';

const service = (name: string, ip: string) =>
    JSON.parse(
        JSON.stringify({
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name, namespace: 'shop', labels: { app: 'shop' }, managedFields: [{ manager: 'helm' }] },
            spec: { type: 'ClusterIP', clusterIP: ip, clusterIPs: [ip], ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] },
            status: { loadBalancer: {} },
        }),
    ) as Service;

test('objects trimmed with shared values equal those trimmed alone', () => {
    const shared = new SharedValues();
    for (const [name, ip] of [
        ['web', '10.96.0.20'],
        ['api', '10.96.0.21'],
    ] as const) {
        assert.deepEqual(trimObject(service(name, ip), shared), trimObject(service(name, ip)));
    }
});

test('equal fields of two objects are one frozen value; fields that differ are their own', () => {
    const shared = new SharedValues();
    const a = trimObject(service('web', '10.96.0.20'), shared) as Service;
    const b = trimObject(service('api', '10.96.0.21'), shared) as Service;
    assert.equal(a.spec.ports, b.spec.ports);
    assert.equal(a.metadata.labels, b.metadata.labels);
    assert.equal(a.status, b.status);
    assert.ok(Object.isFrozen(a.spec.ports) && Object.isFrozen(a.spec.ports![0]));
    assert.throws(() => a.spec.ports!.push({ port: 443 }), TypeError);
    assert.notEqual(a.spec.clusterIPs, b.spec.clusterIPs);
    assert.deepEqual(b.spec.clusterIPs, ['10.96.0.21']);
    assert.equal(b.metadata.name, 'api');
    // what trimming drops stays dropped
    assert.equal((b.metadata as { managedFields?: unknown }).managedFields, undefined);
});

test('values that only look alike are not shared', () => {
    const shared = new SharedValues();
    const one = shared.of({ port: 80, protocol: 'TCP' });
    assert.notEqual(shared.of({ protocol: 'TCP', port: 80 }), one, 'another key order is another value (never wrongly shared)');
    assert.notEqual(shared.of({ port: '80', protocol: 'TCP' }), one);
    assert.equal(shared.of({ port: 80, protocol: 'TCP' }), one);
    assert.equal(shared.of(null), null);
    assert.equal(shared.of(7), 7);
});
