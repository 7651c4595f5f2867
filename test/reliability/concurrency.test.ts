/**
 * Concurrency is bounded: `check --concurrency N` never has more than N DNS queries in flight (default 64), measured
 * by a DNS server that holds each query ~20 ms and counts how many it holds at once, over a generated cluster of
 * 300+ Services (test/kit/generate-cluster.ts). Every expected record is still asked and answered.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { snapshotFromObjects } from '../../src/core/snapshot-from-objects.js';
import type { CheckReport } from '../../src/core/check-report.js';
import { dnsConfigFor } from '../../src/core/dns/corefile.js';
import { runCli } from '../helpers/run-cli.js';
import { scenarioRecords } from '../kit/dns/scenario-zone.js';
import { generateCluster } from '../kit/generate-cluster.js';
import { startTestDnsServer } from '../kit/dns/test-server.js';
import { STACK } from '../kit/live-cluster.js';

type T = { after: (fn: () => Promise<void> | void) => void };

const SERVICES = 320;

async function setUp(t: T) {
    const cluster = generateCluster({ services: SERVICES, pods: 330, seed: 6 });
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-concurrency-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'cluster.json');
    writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: cluster.objects }));
    const snap = snapshotFromObjects(cluster.objects, 'generated');
    const { records, questions } = scenarioRecords(snap, dnsConfigFor(snap.corednsConfigMap?.data?.Corefile, {}));
    const server = await startTestDnsServer({ records: [...records.values()].flat(), delayMs: 20 });
    t.after(() => server.stop());
    return { file, server, questions, services: snap.services.length };
}

async function check(file: string, port: number, extra: string[]) {
    const r = await runCli(['check', '-A', '-f', file, '--server', `127.0.0.1:${port}`, '--timeout', '5s', '-o', 'json', ...extra]);
    assert.doesNotMatch(r.stderr, STACK);
    return { ...r, report: JSON.parse(r.stdout) as CheckReport };
}

describe('DNS queries in flight are bounded', () => {
    it('--concurrency 8: at most 8 queries in flight, every record asked and answered', async (t) => {
        const { file, server, questions, services } = await setUp(t);
        assert.ok(services >= 300, `${services} Services`);
        const r = await check(file, server.port, ['--concurrency', '8']);
        assert.ok(server.load.maxInFlight <= 8, `max in flight ${server.load.maxInFlight}`);
        assert.ok(server.load.maxInFlight >= 2, 'queries did overlap (the bound was exercised)');
        const records = r.report.services.flatMap((s) => s.records);
        assert.equal(records.length, questions.length, 'one record check per expected (name, type)');
        assert.deepEqual(
            records.filter((x) => x.verdict !== 'match').map((x) => `${x.name} ${x.type} ${x.verdict} ${x.error ?? ''}`),
            [],
        );
        for (const q of questions) assert.ok(server.load.questions.has(`${q.name.toLowerCase()} ${q.type}`), `${q.name} ${q.type} was asked`);
        assert.equal(r.report.summary.recordsOk, records.length);
    });

    it('default concurrency: at most 64 queries in flight', async (t) => {
        const { file, server, questions } = await setUp(t);
        const r = await check(file, server.port, []);
        assert.ok(server.load.maxInFlight <= 64, `max in flight ${server.load.maxInFlight}`);
        assert.ok(server.load.maxInFlight > 8, `the default allows more than 8 at once (saw ${server.load.maxInFlight})`);
        const records = r.report.services.flatMap((s) => s.records);
        assert.equal(records.length, questions.length);
        assert.ok(records.every((x) => x.verdict === 'match'));
    });
});
