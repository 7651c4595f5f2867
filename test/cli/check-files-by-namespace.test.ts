/**
 * `check -A -f` checks namespace by namespace (src/adapters/files/file-objects.ts feeding
 * src/commands/check/check-groups.ts namespacePlan); its report must be the one the whole snapshot gives. The whole
 * snapshot is the same files checked with `-l '!<a label no object has>'` (a selector that selects every Service, and
 * a check with -l reads one snapshot): stdout and stderr are compared byte for byte, in JSON and the wide table, on a
 * generated cluster in shuffled order (so the files' order, not the API's, is the one to keep) and on every scenario.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedAddressCluster } from '../helpers/shared-address-cluster.js';
import { runCli } from '../helpers/run-cli.js';
import { startStaleADns } from '../helpers/stale-a-dns.js';
import { scenarioClusterPath, scenarioNames } from '../helpers/scenarios.js';
import type { KubeObject } from '../../src/core/k8s.js';
import { loadObjectText } from '../../src/adapters/files/load-objects.js';
import { packText } from '../../src/adapters/files/packed-input.js';
import { fileNamespaces } from '../../src/adapters/files/file-objects.js';

const EVERY_SERVICE = ['-l', '!svcdig-test.example/never-set'];

/** How long each DNS query took is measured, not computed: the only part of a report that may differ. */
const withoutElapsed = (stdout: string) => stdout.replace(/"elapsedMs": \d+/g, '"elapsedMs": 0');

async function byNamespaceAndWhole(file: string, args: string[]) {
    const base = ['check', '-A', '-f', file, '--fail-on', 'never', ...args];
    return { parts: await runCli(base), whole: await runCli([...base, ...EVERY_SERVICE]) };
}

function assertSame(parts: { code: number; stdout: string; stderr: string }, whole: typeof parts, label: string) {
    assert.equal(parts.code, whole.code, `${label}: ${parts.stderr}`);
    assert.equal(parts.stderr, whole.stderr, label);
    assert.equal(withoutElapsed(parts.stdout), withoutElapsed(whole.stdout), label);
}

/** A generated cluster where one address is an endpoint in two namespaces, in a shuffled (but fixed) order. */
function shuffledCluster(dir: string): { file: string; objects: KubeObject[] } {
    const { objects, slices } = sharedAddressCluster();
    // A selectorless Service with hand-made Endpoints and no slice (mirrored: core/snapshot.ts effectiveEndpointSlices),
    // one of whose addresses is an endpoint in another namespace too.
    const c = slices.find((s) => s.metadata.namespace === 'ns-005')!;
    objects.push(
        {
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name: 'legacy-db', namespace: 'ns-002' },
            spec: { ports: [{ port: 5432 }], clusterIP: 'None' },
        } as KubeObject,
        {
            apiVersion: 'v1',
            kind: 'Endpoints',
            metadata: { name: 'legacy-db', namespace: 'ns-002' },
            subsets: [{ addresses: [{ ip: c.endpoints![0]!.addresses[0]! }, { ip: '10.250.0.9' }], ports: [{ port: 5432 }] }],
        } as KubeObject,
    );
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = objects.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [objects[i], objects[j]] = [objects[j]!, objects[i]!];
    }
    const file = join(dir, 'cluster.json');
    writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }, null, 4));
    return { file, objects };
}

test('check -A -f, namespace by namespace, reports exactly what the whole snapshot gives (a shuffled generated cluster)', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-files-by-ns-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const { file } = shuffledCluster(dir);
    const split = fileNamespaces(loadObjectText([file], () => packText('', '<stdin>')).objects, 'x');
    assert.ok(split, 'this cluster is read namespace by namespace');
    for (const output of ['json', 'wide']) {
        const { parts, whole } = await byNamespaceAndWhole(file, ['-o', output, '--expected-only']);
        assertSame(parts, whole, `-o ${output}`);
        if (output === 'json') {
            assert.ok(JSON.parse(parts.stdout).summary.services > 100);
            assert.match(parts.stdout, /is a ready endpoint of ns-001\/[^"]*, ns-004\//, 'the shared address names both owners');
            assert.match(
                parts.stdout,
                /is a ready endpoint of ns-002\/legacy-db, ns-005\/|is a ready endpoint of ns-005\/[^"]*, ns-002\/legacy-db/,
                'and the mirrored one',
            );
            assert.match(parts.stdout, /"name": "legacy-db"/);
        }
    }
});

test('check -A -f against a DNS that answers wrongly: the same differences, explained by the same owners', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-files-by-ns-dns-'));
    const { file, objects } = shuffledCluster(dir);
    type PodLike = KubeObject & { status?: { podIP?: string } };
    // Every A question answers with a pod of one namespace and an address nothing owns: the reasons name the pod
    // (found again among all the files' pods) and call the other stale.
    const pod = objects.find((o): o is PodLike => o.kind === 'Pod' && o.metadata.namespace === 'ns-003' && !!(o as PodLike).status?.podIP)!;
    const dns = await startStaleADns(pod.status!.podIP!);
    t.after(async () => {
        await dns.stop();
        rmSync(dir, { recursive: true, force: true });
    });
    const { parts, whole } = await byNamespaceAndWhole(file, ['-o', 'json', '--server', `127.0.0.1:${dns.port}`]);
    assert.match(parts.stdout, new RegExp(`pod ns-003/${pod.metadata.name} \\(`), 'a reason names the pod of another namespace');
    assertSame(parts, whole, 'wrong answers');
});

for (const scenario of scenarioNames()) {
    test(`${scenario}: check -A -f namespace by namespace reports what the whole snapshot gives`, async () => {
        const { parts, whole } = await byNamespaceAndWhole(scenarioClusterPath(scenario), ['-o', 'json', '--expected-only']);
        assertSame(parts, whole, scenario);
    });
}

test('files are split by namespace unless an ExternalName Service names a Service of another namespace', () => {
    const ns = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    const svc = (name: string, namespace: string, spec: object) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec });
    const split = (items: object[]) => {
        const dir = mkdtempSync(join(tmpdir(), 'svcdig-files-split-'));
        try {
            const file = join(dir, 'c.json');
            writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
            return fileNamespaces(loadObjectText([file], () => packText('', '<stdin>')).objects, 'x');
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    };
    const plain = [ns('a'), ns('b'), svc('web', 'a', { selector: { app: 'web' }, ports: [{ port: 80 }] })];
    assert.ok(split(plain), 'a plain cluster');
    assert.ok(split([...plain, { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', namespace: 'a' }, subsets: [] }]), 'with Endpoints');
    assert.ok(split(plain.slice(2)), 'without Namespace objects');
    assert.equal(split([...plain, svc('ext', 'a', { type: 'ExternalName', externalName: 'x.web.b.svc.cluster.local' })]), null, 'ExternalName');
});
