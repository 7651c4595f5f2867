/**
 * src/adapters/files/load-objects.ts parseByParts (json-list.ts, yaml-list.ts): a dump read a piece at a time and
 * parsed by items or documents gives exactly what the whole parse gives (the same candidates and notes, or the same
 * error), on every fixture, on generated clusters printed as kubectl prints them, and on hostile YAML and JSON; the
 * text cut into pieces anywhere (even inside a character's UTF-8 bytes, for a file) changes nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CORE_SCHEMA, dump, loadAll } from 'js-yaml';
import { parseByParts, parseObjects, parseWhole } from '../../../src/adapters/files/load-objects.js';
import { readFilePieces, readFileText } from '../../../src/adapters/files/read-input.js';
import { piecesOf } from '../../../src/adapters/files/text-pieces.js';
import { parseYamlPieces } from '../../../src/adapters/files/yaml-list.js';
import { generateCluster } from '../../kit/generate-cluster.js';

const root = resolve(import.meta.dirname, '../../..');

function outcome(parse: () => unknown): unknown {
    try {
        return parse();
    } catch (e) {
        return { error: e instanceof Error ? e.message : String(e) };
    }
}

/** `text` in pieces of the given sizes, round and round. */
function cut(text: string, sizes: number[]): string[] {
    const pieces: string[] = [];
    for (let at = 0, i = 0; at < text.length; i++) {
        const n = sizes[i % sizes.length]!;
        pieces.push(text.slice(at, at + n));
        at += n;
    }
    return pieces;
}

/** Asserts that parseObjects, and the parts parse of `text` in small pieces, equal the whole parse. */
function assertSameAsWhole(text: string, label: string): void {
    const whole = outcome(() => parseWhole(text, 'x.yaml'));
    assert.deepEqual(
        outcome(() => parseObjects(text, 'x.yaml')),
        whole,
        `${label}: parseObjects`,
    );
    for (const sizes of [[1], [3, 7, 1], [64, 5]]) {
        const parts = outcome(() => parseByParts(piecesOf(cut(text, sizes)), 'x.yaml', text.length));
        if (parts !== undefined) assert.deepEqual(parts, whole, `${label}: in pieces of ${sizes.join(',')}`);
    }
}

/** Whether the YAML splitter takes `text` (true) or leaves it to the whole parse. */
function splits(text: string): boolean {
    const load = (t: string) => {
        try {
            return loadAll(t, null, { schema: CORE_SCHEMA, json: true });
        } catch {
            return undefined;
        }
    };
    return parseYamlPieces(piecesOf([text]), load, { document: () => {}, items: () => {}, listEnd: () => {} });
}

function filesUnder(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) return filesUnder(p);
        return /\.(ya?ml|json)$/.test(name) ? [p] : [];
    });
}

test('every fixture file: the parts parse equals the whole parse', () => {
    const files = [...filesUnder(join(root, 'test/fixtures')), ...filesUnder(join(root, 'src/demo'))];
    assert.ok(files.length >= 10, `fixtures found: ${files.length}`);
    for (const f of files) assertSameAsWhole(readFileSync(f, 'utf8'), f);
});

const cluster = generateCluster({ services: 12, pods: 60 }).objects;
const list = { apiVersion: 'v1', items: cluster, kind: 'List', metadata: { resourceVersion: '' } };

test('generated clusters as kubectl prints them (YAML and JSON, lists and documents, CRLF, BOM): equal, and read by parts', () => {
    const kubectlYaml = dump(list, { noRefs: true, lineWidth: -1, seqNoIndent: true });
    const indentedYaml = dump(list, { noRefs: true, lineWidth: -1 });
    assert.match(kubectlYaml, /^items:\n- apiVersion/m);
    assert.match(indentedYaml, /^items:\n {2}- apiVersion/m);
    const documents = cluster.map((o) => dump(o, { noRefs: true, lineWidth: -1 })).join('---\n');
    const podList = { apiVersion: 'v1', kind: 'PodList', items: cluster.filter((o) => o.kind === 'Pod').map(({ kind: _, ...rest }) => rest) };
    const texts: [string, string, boolean][] = [
        ['kubectl YAML', kubectlYaml, true],
        ['indented YAML', indentedYaml, true],
        ['documents', documents, true],
        ['list then documents', `${kubectlYaml}---\n${documents}...\n`, true],
        ['PodList YAML', dump(podList, { seqNoIndent: true }), true],
        ['CRLF YAML', kubectlYaml.replaceAll('\n', '\r\n'), true],
        ['BOM YAML', `\uFEFF${kubectlYaml}`, true],
        ['JSON, 4 spaces', JSON.stringify(list, null, 4), false],
        ['JSON, compact', JSON.stringify(list), false],
        ['PodList JSON', JSON.stringify(podList), false],
    ];
    for (const [label, text, yaml] of texts) {
        assertSameAsWhole(text, label);
        assert.ok(parseByParts(piecesOf([text]), 'x', text.length), `${label}: read by parts`);
        if (yaml) assert.ok(splits(text), `${label}: split`);
    }
});

const svc = (name: string, extra = '') =>
    `- apiVersion: v1\n  kind: Service\n  metadata:\n    name: ${name}\n    namespace: d${extra}\n  spec:\n    ports:\n    - port: 80\n`;
const head = 'apiVersion: v1\nitems:\n';
const tail = 'kind: List\nmetadata:\n  resourceVersion: ""\n';

test('hostile YAML: the same objects, notes or error as the whole parse', () => {
    const texts: Record<string, string> = {
        'block scalars': `${head}${svc('a', '\n    annotations:\n      lit: |\n        - b\n        kind: x\n      folded: >-\n        one\n\n        two\n      keep: |+\n        k\n\n      ind: |2\n          two more\n')}${svc('b')}${tail}`,
        'quoted multi-line strings': `${head}${svc('a', '\n    annotations:\n      d: "one\n        - two\n        three"\n      s: \'x\n        y\'\n')}${tail}`,
        'a quoted string that runs to column 0': `${head}${svc('a', '\n    annotations:\n      d: "one\n- b: 2\nkind: x"\n')}${tail}`,
        'comments everywhere': `# top\n${head}# before\n${svc('a')}# between\n  # indented\n${svc('b')}   # trailing\n${tail}# end\n`,
        'document markers': `---\n${head}${svc('a')}${tail}...\n---\n${head}${svc('b')}${tail}---\n`,
        'a document end in the items': `${head}${svc('a')}...\n${svc('b')}`,
        'a marker with content': `--- # c\n${head}${svc('a')}${tail}--- {kind: Service, metadata: {name: f, namespace: d}}\n`,
        tabs: `${head}${svc('a')}\t- x\n${tail}`,
        'a tab in an item': `${head}- apiVersion: v1\n\tkind: Service\n${tail}`,
        'anchors across items': `${head}- &svc\n  apiVersion: v1\n  kind: Service\n  metadata: {name: a, namespace: d}\n- *svc\n${tail}`,
        'an alias in the head': `x: &k List\n${head}${svc('a')}kind: *k\n`,
        'an anchor in an item, redefined and used in the head': `y: &k List\n${head}${svc('a', '\n    labels: &k {a: b}')}kind: List\nz: *k\n`,
        'items in a quoted string': `a: "x\nitems:\n- apiVersion: v1\nkind: List"\n${tail}`,
        'items twice': `${head}${svc('a')}${head}${svc('b')}${tail}`,
        'items empty': `${head}${tail}`,
        'items null then a list': `items:\n# none\nkind: List\n`,
        'items flow': `items: [{apiVersion: v1, kind: Service, metadata: {name: a, namespace: d}}]\n${tail}`,
        'items with a comment on its line': `items: # the list\n${svc('a')}${tail}`,
        'entries on the next line': `${head}-\n  apiVersion: v1\n  kind: Service\n  metadata: {name: a, namespace: d}\n- null\n- 7\n- [1, 2]\n- text\n${tail}`,
        'a directive': `%YAML 1.2\n---\n${head}${svc('a')}${tail}`,
        'a typed list, kind last': `apiVersion: v1\nitems:\n- metadata: {name: a, namespace: d}\n  spec: {containers: [{name: c, resources: {}}]}\nkind: PodList\n`,
        'not a list kind': `${head}${svc('a')}kind: Thing\nmetadata: {name: t}\n`,
        'a plain scalar continued': `${head}- apiVersion: v1\n  kind: Service\n  metadata:\n    name: a\n    namespace: d\n    annotations:\n      p: one\n       two\n${tail}`,
        'bad indentation after the items': `${head}${svc('a')} kind: List\n`,
        'a key starting with a dash': `${head}${svc('a')}-x: 1\n${tail}`,
        'a syntax error in the second item': `${head}${svc('a')}- apiVersion: v1\n  kind: [\n${tail}`,
        'a syntax error in the head': `${head}${svc('a')}kind: List\nmetadata: {\n`,
        'duplicate keys in an item': `${head}- apiVersion: v1\n  kind: Service\n  kind: Service\n  metadata: {name: a, namespace: d}\n${tail}`,
        'a scalar document': `${head}${svc('a')}${tail}---\njust text\n`,
        'infinity and nan': `${head}- apiVersion: v1\n  kind: Service\n  metadata: {name: a, namespace: d}\n  spec: {ports: [{port: .inf}, {port: .nan}]}\n${tail}`,
        '__proto__ keys': `${head}- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a, namespace: d}\n  data:\n    __proto__: x\n${tail}`,
        'long and unicode strings': `${head}${svc('a', `\n    annotations:\n      long: ${'ä'.repeat(40)}\n      e: "\\u00e9\\t"`)}${tail}`,
        'a stream of nothing': '# only a comment\n',
        'empty documents': '---\n---\n...\n',
        'nothing after items:': 'kind: List\nitems:',
    };
    for (const [label, text] of Object.entries(texts)) {
        assertSameAsWhole(text, label);
        assertSameAsWhole(text.replaceAll('\n', '\r\n'), `${label} (CRLF)`);
    }
    // shapes the splitter reads, not only gets right by leaving them to the whole parse
    for (const label of [
        'block scalars',
        'quoted multi-line strings',
        'comments everywhere',
        'document markers',
        'entries on the next line',
        'a typed list, kind last',
    ]) {
        assert.ok(splits(texts[label]!), `${label}: split`);
    }
});

test('hostile JSON: the same objects, notes or error as the whole parse', () => {
    const texts = [
        JSON.stringify({ kind: 'List', items: [{ kind: 'Service', metadata: { name: 'a"]}', namespace: 'd' } }, null, 7, 'x'] }),
        '{"kind": "List", "items": [{"kind": "Service"}], "kind": "ServiceList"}',
        '{"items": [], "kind": "List"}',
        '{"items": [{"a": 1}], "items": [{"b": 2}], "kind": "List"}',
        '{"kind": "List", "items": [{"kind": "Service"}]} trailing',
        '{"kind": "List", "items": [{"kind": "Service",}]}',
        '{"kind": "List", "items": [{"kind": "Service"}], "bad\\x": 1}',
        '{"kind": "List", "items": [{"metadata": {"name": "\u0000"}}]}',
        '{"kind": "List", "items": [' + '['.repeat(120) + ']'.repeat(120) + ']}',
        '{"kind": "List", "items": [{"kind": "Service", "metadata": {"name": "a", "namespace": "d"}}]}\n\n',
    ];
    for (const text of texts) assertSameAsWhole(text, text.slice(0, 60));
});

test('a file read in pieces joins to the text read whole, characters cut across pieces included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-pieces-'));
    try {
        const path = join(dir, 'x.yaml');
        writeFileSync(path, Buffer.concat([Buffer.from('\uFEFFa: ä€😀\n'), Buffer.from([0xe2, 0x82]), Buffer.from('\nb: ok\n')]));
        for (const bytes of [1, 2, 3, 5, 1 << 20]) {
            const pieces: string[] = [];
            readFilePieces(
                path,
                (next) => {
                    for (let p = next(); p !== undefined; p = next()) pieces.push(p);
                },
                undefined,
                bytes,
            );
            assert.equal(pieces.join(''), readFileText(path), `pieces of ${bytes} bytes`);
        }
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});
