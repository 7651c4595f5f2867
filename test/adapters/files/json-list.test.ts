/**
 * src/adapters/files/json-list.ts: a `kubectl get -o json` list read item by item gives exactly the items JSON.parse
 * gives, whatever the strings hold; anything else is left to the whole parse (undefined).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJsonListItems } from '../../../src/adapters/files/json-list.js';
import { parseObjects } from '../../../src/adapters/files/load-objects.js';

const tricky = {
    apiVersion: 'v1',
    items: [
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a"b', namespace: 'x' }, data: { k: 'quote \\" brace } bracket ] \\\\', e: '' } },
        { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc', annotations: { note: '{"items": [1, 2]}' } }, spec: { ports: [{ port: 80 }] } },
        [],
        null,
        7,
        'text',
    ],
    kind: 'List',
    metadata: { resourceVersion: '' },
};

test('each item as JSON.parse gives it, with the list members (kind after items, as kubectl prints them)', () => {
    for (const text of [JSON.stringify(tricky), JSON.stringify(tricky, null, 4), JSON.stringify(tricky, null, '\t')]) {
        const got: unknown[] = [];
        const head = parseJsonListItems(text, (item, i) => {
            assert.equal(i, got.length);
            got.push(item);
        });
        assert.deepEqual(got, tricky.items);
        assert.deepEqual(head, { members: { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' } }, items: tricky.items.length });
    }
});

test('not a list object, or not JSON: undefined (the whole parse decides)', () => {
    for (const text of [
        '[]',
        '{}',
        '{"kind":"List"}',
        '{"items": {"a": 1}, "kind": "List"}',
        '{"items": [1,}',
        '{"items": [] } x',
        '{"items": [1] "kind": "List"}',
    ]) {
        assert.equal(
            parseJsonListItems(text, () => {}),
            undefined,
            text,
        );
    }
});

test('parseObjects: a typed list read item by item gives its items their kind, cut to the fields svcdig reads', () => {
    const list = {
        items: [{ metadata: { name: 'p', namespace: 'd', managedFields: [{ manager: 'kubectl' }] }, spec: { containers: [{ name: 'c', resources: {} }] } }],
        kind: 'PodList',
        apiVersion: 'v1',
    };
    const parsed = parseObjects(JSON.stringify(list, null, 2), 'pods.json');
    assert.deepEqual(
        parsed.candidates.map((c) => c.value),
        [{ kind: 'Pod', metadata: { name: 'p', namespace: 'd' }, spec: { containers: [{ name: 'c' }] } }],
    );
    assert.equal(parsed.candidates[0]!.at, 'items[0]');
});
