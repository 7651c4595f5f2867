/**
 * src/adapters/files/load-objects.ts loadObjectText checks each object as it is read and keeps it as packed JSON text
 * (packed-texts.ts): it must give the objects (in order) and the notes loadObjectFiles gives, including for files
 * read by parts that are then read again whole (what was admitted from them is rolled back), typed lists whose items
 * wait for their kind, and repeats across files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dump } from 'js-yaml';
import { loadObjectFiles, loadObjectText } from '../../../src/adapters/files/load-objects.js';
import { packText } from '../../../src/adapters/files/packed-input.js';
import { PackedTexts } from '../../../src/adapters/files/packed-texts.js';
import { generateCluster } from '../../kit/generate-cluster.js';

const root = resolve(import.meta.dirname, '../../..');

function outcome(load: () => { objects: unknown[]; notes: string[] }): unknown {
    try {
        const { objects, notes } = load();
        return { objects: JSON.stringify(objects), notes };
    } catch (e) {
        return { error: e instanceof Error ? e.message : String(e) };
    }
}

function assertSame(paths: string[], label: string): void {
    const text = outcome(() => {
        const r = loadObjectText(paths, () => packText('', '<stdin>'));
        return { objects: Array.from(r.objects.entries(), (o) => JSON.parse(o.json) as unknown), notes: r.notes };
    });
    assert.deepEqual(
        text,
        outcome(() => loadObjectFiles(paths, () => '')),
        label,
    );
}

test('every scenario fixture: the same objects and notes as loadObjectFiles', () => {
    const dir = join(root, 'test/fixtures/scenarios');
    const files = readdirSync(dir).flatMap((d) => (statSync(join(dir, d)).isDirectory() ? [join(dir, d, 'cluster.yaml')] : []));
    assert.ok(files.length >= 5);
    for (const f of files) assertSame([f], f);
    assertSame(files, 'all at once');
});

test('lists, typed lists, repeats, bad items and files read again whole: the same objects and notes', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-object-text-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = (name: string, text: string) => {
        const p = join(dir, name);
        writeFileSync(p, text);
        return p;
    };
    // enough objects for several packed blocks, so that a roll back reaches into sealed ones
    const cluster = generateCluster({ services: 60, pods: 600 }).objects;
    const list = { apiVersion: 'v1', items: cluster, kind: 'List', metadata: { resourceVersion: '' } };
    const pods = cluster.filter((o) => o.kind === 'Pod');
    const podList = { apiVersion: 'v1', kind: 'PodList', items: pods.slice(0, 50).map(({ kind: _, ...rest }) => rest) };
    const changed = { ...cluster[5]!, metadata: { ...cluster[5]!.metadata, labels: { changed: 'yes' } } };
    const json = file('list.json', JSON.stringify(list, null, 4));
    const yaml = file('list.yaml', dump(list, { noRefs: true, lineWidth: -1, seqNoIndent: true }));
    const typedJson = file('pods.json', JSON.stringify(podList));
    const typedYaml = file('pods.yaml', dump(podList));
    // a kind that is not a list: the parts parse admits every item, then gives up; the whole parse reads one object
    const notAList = file('not-a-list.json', JSON.stringify({ ...list, kind: 'Inventory', metadata: { name: 'x' } }));
    const mixed = file(
        'mixed.json',
        JSON.stringify({
            apiVersion: 'v1',
            kind: 'List',
            items: [cluster[5], null, 7, { kind: 'Service' }, { metadata: { name: 'no-kind' } }, changed, cluster[3]],
        }),
    );
    const repeats = file('repeats.yaml', [cluster[5], changed, cluster[5]].map((o) => dump(o)).join('---\n'));
    for (const paths of [[json], [yaml], [typedJson], [typedYaml], [notAList], [mixed], [repeats], [json, notAList, mixed, yaml, repeats, typedYaml]]) {
        assertSame(paths, paths.join(' '));
    }
    assert.match(String((outcome(() => loadObjectFiles([mixed], () => '')) as { notes: string[] }).notes), /defined twice/);
});

test('PackedTexts: every text back, by place and in order, across blocks; truncate forgets the rest', () => {
    const texts = Array.from({ length: 500 }, (_, i) => JSON.stringify({ i, s: 'x'.repeat(i % 37), u: 'é\u2028' }));
    const packed = new PackedTexts(200);
    for (const t of texts) packed.push(t);
    assert.equal(packed.size, 500);
    assert.deepEqual([...packed.texts()], texts);
    for (const i of [0, 1, 17, 250, 498, 499]) assert.equal(packed.at(i), texts[i]);
    packed.truncate(301);
    assert.deepEqual([...packed.texts()], texts.slice(0, 301));
    packed.push('{"after":1}');
    packed.seal();
    assert.equal(packed.at(301), '{"after":1}');
    assert.equal(packed.size, 302);
});

test('PackedTexts: looking texts up in order inflates each block once (a file given twice is read in linear time)', () => {
    const texts = Array.from({ length: 2000 }, (_, i) => JSON.stringify({ i, pad: 'y'.repeat(50) }));
    const packed = new PackedTexts(4096);
    for (const t of texts) packed.push(t);
    packed.seal();
    const before = packed.inflated;
    for (let i = 0; i < texts.length; i++) assert.equal(packed.at(i), texts[i]);
    const blocks = Math.ceil(texts.length / Math.floor(4096 / texts[0]!.length));
    assert.ok(packed.inflated - before <= blocks + 1, `${packed.inflated - before} inflations for about ${blocks} blocks`);
});
