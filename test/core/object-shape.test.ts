/**
 * The shape table (src/core/object-shape.ts) on its own: the note names the first bad field, JSON null counts as
 * absent, repeats merge in linear time and conflicting ones keep the later object.
 * Its objects are written out literally, not with test/kit/cluster-builder.ts: wrong-type and null fields are the point.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { admitObjects, objectProblem } from '../../src/core/object-shape.js';
import { boundsProblem } from '../../src/core/json-bounds.js';

const svc = (spec: Record<string, unknown>, name = 'api') => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'dev' }, spec });

test('the first bad field is named, with its JSON type', () => {
    assert.equal(objectProblem(svc({ ports: [{ name: 80, port: 80 }] })), 'spec.ports[0].name is a number');
    assert.equal(objectProblem(svc({ ports: '80' })), 'spec.ports is a string');
    assert.equal(objectProblem(svc({ clusterIPs: [null] })), 'spec.clusterIPs[0] is null');
    assert.equal(objectProblem(svc({ ports: [{ port: 0 }] })), 'spec.ports[0].port is 0, not a port number (1-65535)');
    assert.equal(objectProblem(svc({ ports: [{ port: 80, targetPort: 'http' }], selector: { app: 1 } })), 'spec.selector.app is a number');
    assert.equal(objectProblem(svc({ clusterIP: '10.0.0.1%eth0' })), 'spec.clusterIP "10.0.0.1%eth0" is not an IP address');
    assert.equal(
        objectProblem(svc({}, 'a.b')),
        'metadata.name "a.b" must be a DNS label: lower-case letters, digits and "-", starting with a letter and ending with a letter or digit',
    );
    assert.equal(
        objectProblem({ kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', ports: [{ containerPort: 99999 }] }] } }),
        'spec.containers[0].ports[0].containerPort is 99999, not a port number (1-65535)',
    );
    assert.equal(
        objectProblem({ kind: 'ConfigMap', metadata: { name: 'coredns', namespace: 'kube-system' }, data: { Corefile: ['x'] } }),
        'data.Corefile is an array',
    );
    assert.equal(objectProblem(null), 'is null');
    assert.equal(objectProblem(7), 'is a number, not an object');
});

test('JSON null is absent (removed), as Go decodes it; kinds svcdig does not read pass', () => {
    const o = svc({ ports: null, clusterIP: '10.96.0.1' });
    assert.equal(objectProblem(o), null);
    assert.equal('ports' in o.spec, false);
    assert.equal(objectProblem({ kind: 'Secret', metadata: { name: 's' }, data: 5 }), null);
});

test('repeats: the same object kept once, a different one under the same name replaces it with a note', () => {
    const a = svc({ clusterIP: '10.96.0.1' });
    const copies = Array.from({ length: 5000 }, () => ({ value: structuredClone(a), from: 'f' }));
    const merged = admitObjects(copies);
    assert.equal(merged.objects.length, 1);
    assert.deepEqual(merged.notes, []);
    const b = svc({ clusterIP: '10.96.0.2' });
    const r = admitObjects([
        { value: a, from: 'a.yaml' },
        { value: b, from: 'b.yaml' },
    ]);
    assert.deepEqual(r.objects, [b]);
    assert.deepEqual(r.notes, ['b.yaml: Service dev/api: defined twice with different content; the later one is used']);
});

test('bounds: depth and expanded size, without recursion', () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    assert.equal(boundsProblem(deep, Infinity), 'nests deeper than 100 levels');
    const shared = Array(10).fill({ a: 1 });
    const bomb = Array(10).fill(Array(10).fill(Array(10).fill(shared)));
    assert.match(boundsProblem(bomb, 5000) ?? '', /expands to more than 5000 values/);
    assert.equal(boundsProblem({ a: [1, 2, { b: 'c' }] }, 100), null);
});
