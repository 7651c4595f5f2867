/**
 * The fake's watch: `watch=true` streams newline-delimited events, first ADDED for every matching object, then
 * what the test pushes with apply()/delete(), filtered by namespace and label selector like the API's watch.
 */
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import type { KubeObject } from '../../../src/core/k8s.js';
import { startFakeApiServer } from '../../kit/fake-apiserver/index.js';
import { pod as podOf } from '../../kit/cluster-builder.js';

const pod = (name: string, app: string): KubeObject => podOf(name, { ns: 'dev', labels: { app } });

it('watch streams ADDED, then applied and deleted objects that match the selector', async (t) => {
    const server = await startFakeApiServer({ objects: [pod('a', 'web'), pod('b', 'db')] });
    t.after(() => server.close());
    const events: { type: string; name: string }[] = [];
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    const req = request(
        `${server.url}/api/v1/namespaces/dev/pods?watch=true&labelSelector=app%3Dweb`,
        { ca: readFileSync(server.caFile), headers: { Authorization: `Bearer ${server.token}` } },
        (res) => {
            let buf = '';
            res.on('data', (c: Buffer) => {
                buf += c.toString();
                for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
                    const e = JSON.parse(buf.slice(0, i)) as { type: string; object: KubeObject };
                    buf = buf.slice(i + 1);
                    events.push({ type: e.type, name: e.object.metadata.name });
                    if (events.length === 4) done();
                }
            });
        },
    );
    req.end();
    t.after(() => req.destroy());
    await new Promise((r) => setTimeout(r, 200));
    server.apply(pod('c', 'web'));
    server.apply(pod('d', 'db'));
    server.apply({ ...pod('a', 'web'), metadata: { ...pod('a', 'web').metadata, annotations: { x: '1' } } });
    server.delete(pod('c', 'web'));
    await Promise.race([finished, new Promise((_, rej) => setTimeout(() => rej(new Error(`timeout; got ${JSON.stringify(events)}`)), 5000))]);
    assert.deepEqual(events, [
        { type: 'ADDED', name: 'a' },
        { type: 'ADDED', name: 'c' },
        { type: 'MODIFIED', name: 'a' },
        { type: 'DELETED', name: 'c' },
    ]);
    assert.ok(server.requests.every((r) => r.method === 'GET'));
});
