/**
 * `svcdig resolve --server` against the real Debian DNS server (Knot) serving each scenario's expected zone
 * (test/kit/dns/scenario-zone.ts): every name the scenario's Services create comes back as `match`, exit 0; a zone
 * with one record removed, one added and one changed gives exactly those three differences, exit 1.
 * This checks the resolver, the comparison and the zone kit together (the engine's answers against observed.yaml are
 * checked elsewhere).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dnsConfigFor } from '../../src/core/dns/corefile.js';
import type { ResolveReport } from '../../src/core/resolve-report.js';
import { startKnot } from '../kit/dns/knot.js';
import { scenarioRecords, scenarioZones } from '../kit/dns/scenario-zone.js';
import { runCli } from '../helpers/run-cli.js';
import { loadScenarioSnapshot, scenarioClusterPath, scenarioNames } from '../helpers/scenarios.js';

describe('resolve --server against Knot serving a scenario', () => {
    for (const scenario of scenarioNames()) {
        it(`${scenario}: every name its Services create matches`, async (t) => {
            const snap = loadScenarioSnapshot(scenario);
            const config = dnsConfigFor(snap.corednsConfigMap?.data?.Corefile, {});
            const { questions } = scenarioRecords(snap, config);
            assert.ok(questions.length > 10, 'the scenario creates names');
            const knot = await startKnot({ zones: scenarioZones(snap, config) });
            t.after(() => knot.stop());
            const batch = questions.map((q) => `${q.name}. ${q.type}`).join('\n');
            const r = await runCli(['resolve', '--batch', '-', '-f', scenarioClusterPath(scenario), '--server', `127.0.0.1:${knot.port}`, '-o', 'json'], {
                stdin: batch,
            });
            assert.equal(r.code, 0, r.stderr);
            const rep = JSON.parse(r.stdout) as ResolveReport;
            assert.equal(rep.results.length, questions.length);
            const bad = rep.results
                .filter((x) => x.verdict !== 'match')
                .map((x) => `${x.query.name} ${x.query.type}: ${x.differences.map((d) => d.message).join('; ')}`);
            assert.deepEqual(bad, []);
        });
    }

    it('one record removed, one added, one changed: exactly those three differences, exit 1', async (t) => {
        const scenario = 'seed-004-web-statefulset';
        const snap = loadScenarioSnapshot(scenario);
        const config = dnsConfigFor(snap.corednsConfigMap?.data?.Corefile, {});
        const zones = scenarioZones(snap, config, (records) => {
            const z = records.get('cluster.local')!;
            const at = (name: string, type: string) => {
                const i = z.findIndex((rr) => rr.name === name && rr.type === type);
                assert.ok(i >= 0, `${name} ${type} is in the zone`);
                return i;
            };
            // removed: web-1's A; changed: web-0's A; added: a third address for the headless name.
            z.splice(at('web-1.nginx.default.svc.cluster.local', 'A'), 1);
            const w0 = at('web-0.nginx.default.svc.cluster.local', 'A');
            z[w0] = { ...z[w0]!, data: '10.44.0.250' };
            const head = z[at('nginx.default.svc.cluster.local', 'A')]!;
            z.push({ ...head, data: '10.44.0.251' });
        });
        const knot = await startKnot({ zones });
        t.after(() => knot.stop());
        const batch = ['web-1.nginx.default.svc.cluster.local. A', 'web-0.nginx.default.svc.cluster.local. A', 'nginx.default.svc.cluster.local. A'].join('\n');
        const r = await runCli(['resolve', '--batch', '-', '-f', scenarioClusterPath(scenario), '--server', `127.0.0.1:${knot.port}`, '-o', 'json'], {
            stdin: batch,
        });
        assert.equal(r.code, 1, r.stderr);
        const rep = JSON.parse(r.stdout) as ResolveReport;
        const [removed, changed, added] = rep.results;
        // web-1 has no A any more: NXDOMAIN where NOERROR with its address was expected.
        assert.equal(removed!.verdict, 'mismatch');
        assert.ok(removed!.differences.some((d) => d.kind === 'rcode' || d.kind === 'missing'));
        // web-0 changed: its expected address is missing and the new one unexpected.
        assert.deepEqual(
            changed!.differences.filter((d) => !d.noteOnly).map((d) => [d.kind, d.kind === 'unexpected' ? d.record?.data : null]),
            [
                ['missing', null],
                ['unexpected', '10.44.0.250'],
            ],
        );
        // the headless name gained one address: one unexpected record, nothing missing.
        assert.deepEqual(
            added!.differences.filter((d) => !d.noteOnly).map((d) => [d.kind, d.record?.data]),
            [['unexpected', '10.44.0.251']],
        );
    });
});
