/**
 * The clusters and the runner the self-consistency tests share (test/cli/self-consistency*.test.ts): every scenario
 * and three generated clusters (one plain, one dual-stack with ExternalName Services, one with the cluster domain
 * corp.example), each with the path svcdig reads it from and the DNS index the expectation comes from.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { snapshotFromObjects } from '../../src/core/snapshot-from-objects.js';
import { dnsConfigFor } from '../../src/core/dns/corefile.js';
import { buildDnsIndex, type DnsIndex } from '../../src/core/dns/index.js';
import type { ResolveReport } from '../../src/core/resolve-report.js';
import type { ClusterSnapshot } from '../../src/core/snapshot.js';
import { runCli } from '../helpers/run-cli.js';
import { loadScenarioSnapshot, scenarioClusterPath, scenarioNames } from '../helpers/scenarios.js';
import { clusterVariant } from './cluster-variants.js';
import { batchText, type Question } from './dns/question-space.js';
import { generateCluster } from './generate-cluster.js';

const tmp = mkdtempSync(join(tmpdir(), 'svcdig-self-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

export interface Cluster {
    label: string;
    path: string;
    snapshot: ClusterSnapshot;
    index: DnsIndex;
}

export function clusters(): Cluster[] {
    const out: Cluster[] = [];
    const add = (label: string, path: string, snapshot: ClusterSnapshot) => {
        const config = dnsConfigFor(snapshot.corednsConfigMap?.data?.Corefile, {});
        out.push({ label, path, snapshot, index: buildDnsIndex(snapshot, config) });
    };
    for (const s of scenarioNames()) add(`scenario ${s}`, scenarioClusterPath(s), loadScenarioSnapshot(s));
    const generated: [string, number, Parameters<typeof clusterVariant>[1]][] = [
        ['generated seed 1', 1, {}],
        ['generated seed 2, dual-stack, ExternalName', 2, { dualStack: true, externalNames: true }],
        ['generated seed 3, zone corp.example', 3, { zone: 'corp.example', externalNames: true }],
    ];
    for (const [label, seed, variant] of generated) {
        const objects = clusterVariant(generateCluster({ services: 8, pods: 14, namespaces: 2, seed }).objects, variant);
        const path = join(tmp, `seed-${seed}.json`);
        writeFileSync(path, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
        add(label, path, snapshotFromObjects(objects, label));
    }
    return out;
}

/** Runs one resolve --batch against a server and returns the report (exit code checked by the caller). */
export async function resolveBatch(
    c: Cluster,
    port: number,
    questions: Question[],
    args: string[],
): Promise<{ code: number; report: ResolveReport; stderr: string }> {
    const batch = join(tmp, `batch-${Math.random().toString(36).slice(2)}.txt`);
    writeFileSync(batch, batchText(questions));
    const r = await runCli(['resolve', '--batch', batch, '-f', c.path, '--server', `127.0.0.1:${port}`, '--timeout', '5s', '-o', 'json', ...args]);
    assert.ok(r.stdout.startsWith('{'), `${c.label}: no JSON report (exit ${r.code}): ${r.stderr}`);
    return { code: r.code, report: JSON.parse(r.stdout) as ResolveReport, stderr: r.stderr };
}

const describeResult = (x: ResolveReport['results'][number]) =>
    `${x.query.name} ${x.query.type}: ${x.verdict} ${x.error ?? ''}${x.differences.map((d) => d.message).join('; ')}`;

/** Namespaces a relative question is typed from: the name's own and another one. */
export function fromNamespaces(c: Cluster): string[] {
    const all = [...new Set(c.snapshot.services.map((s) => s.metadata.namespace ?? 'default'))].sort();
    return [...new Set(['default', all.find((n) => n !== 'default' && n !== 'kube-system') ?? 'kube-system'])];
}

/** Runs one batch and demands MATCH and exit 0 for every question; returns how many were checked. */
export async function assertAllMatch(c: Cluster, port: number, questions: Question[], args: string[]): Promise<number> {
    const { code, report, stderr } = await resolveBatch(c, port, questions, args);
    const bad = report.results.filter((x) => x.verdict !== 'match').map(describeResult);
    assert.deepEqual(bad, [], `${c.label} ${args.join(' ')}`);
    assert.equal(report.results.length, questions.length);
    assert.equal(code, 0, stderr);
    return report.results.length;
}
