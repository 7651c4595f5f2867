/**
 * The findings on the seed scenarios (real clusters, test/fixtures/scenarios): nothing wrong is reported on them,
 * the information they do get is the one their READMEs describe, and small breakages of them make the matching
 * rules fire.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clusterFindings } from '../../../src/core/findings/catalogue.js';
import type { Finding } from '../../../src/core/findings/finding.js';
import { nsOf } from '../../../src/core/snapshot.js';
import { loadScenarioSnapshot, scenarioNames } from '../../helpers/scenarios.js';
import { explain, only, scenarioConfig, withCode } from './run-explain.js';

function allFindings(scenario: string): { service: string; finding: Finding }[] {
    const snapshot = loadScenarioSnapshot(scenario);
    const config = scenarioConfig(snapshot);
    const out: { service: string; finding: Finding }[] = [];
    for (const s of snapshot.services) {
        const x = explain(snapshot, s.metadata.name, { ns: nsOf(s), config });
        out.push(...x.findings.map((finding) => ({ service: `${nsOf(s)}/${s.metadata.name}`, finding })));
    }
    out.push(...clusterFindings(snapshot, config).map((finding) => ({ service: '(cluster)', finding })));
    return out;
}

describe('findings on the seed scenarios', () => {
    const names = scenarioNames();

    it('there are scenarios to check', () => {
        assert.ok(names.length >= 6, `found ${names.length}`);
    });

    for (const scenario of names) {
        it(`${scenario}: no error or warning on any Service, and no snapshot-wide finding`, () => {
            const serious = allFindings(scenario).filter((f) => f.finding.severity !== 'info');
            assert.deepEqual(
                serious.map((f) => `${f.service} ${f.finding.code}: ${f.finding.message}`),
                [],
            );
        });

        it(`${scenario}: UNNAMED_PORTS_NO_SRV exactly on the Services that have a port without a name`, () => {
            const snapshot = loadScenarioSnapshot(scenario);
            const want = snapshot.services
                .filter((s) => s.spec.type !== 'ExternalName' && (s.spec.ports ?? []).some((p) => !p.name))
                .map((s) => `${nsOf(s)}/${s.metadata.name}`)
                .sort();
            const got = allFindings(scenario)
                .filter((f) => f.finding.code === 'UNNAMED_PORTS_NO_SRV')
                .map((f) => f.service)
                .sort();
            assert.deepEqual(got, want);
        });
    }

    it('the only other information is NDOTS_COST everywhere and PODS_PREDATE_SERVICE where a README says pods came first', () => {
        const seen = new Set(names.flatMap((n) => allFindings(n).map((f) => f.finding.code)));
        for (const code of seen) assert.ok(['NDOTS_COST', 'UNNAMED_PORTS_NO_SRV', 'PODS_PREDATE_SERVICE'].includes(code), code);
        const predate = names.flatMap((n) =>
            allFindings(n)
                .filter((f) => f.finding.code === 'PODS_PREDATE_SERVICE')
                .map((f) => `${n} ${f.service}`),
        );
        // seed-002-redis README: redis-master's pod (02:00:05Z) predates default/my-service (02:01:00Z), and the my-app
        // pods (02:09Z) predate my-ns/my-service (02:10Z). seed-002-nginx's Service also came after its pods, but it is
        // headless and gives no variables.
        assert.deepEqual(predate.sort(), ['seed-002-redis-env-and-selectorless default/my-service', 'seed-002-redis-env-and-selectorless my-ns/my-service']);
    });

    it('seed-002-redis: the pod that predates default/my-service is redis-master, with both times', () => {
        const f = allFindings('seed-002-redis-env-and-selectorless').find(
            (x) => x.service === 'default/my-service' && x.finding.code === 'PODS_PREDATE_SERVICE',
        )!;
        assert.match(f.finding.message, /created \(2022-07-05T02:01:00Z\).*redis-master-7b8c6d9f5c-bfqnz \(2022-07-05T02:00:/);
        assert.doesNotMatch(f.finding.message, /frontend/);
    });
});

describe('breaking the seed scenarios', () => {
    it('seed-001: web-2 not Ready leaves it out of nginx-headless DNS', () => {
        const snapshot = loadScenarioSnapshot('seed-001-nginx-statefulset');
        const web2 = snapshot.pods.find((p) => p.metadata.name === 'web-2')!;
        web2.status!.conditions = web2.status!.conditions!.map((c) => (c.type === 'Ready' ? { ...c, status: 'False' } : c));
        for (const slice of snapshot.endpointSlices) {
            for (const ep of slice.endpoints ?? []) if (ep.targetRef?.name === 'web-2') ep.conditions = { ready: false, serving: false, terminating: false };
        }
        const x = explain(snapshot, 'nginx-headless', { ns: 'default', config: scenarioConfig(snapshot) });
        const f = only(x.findings, 'PODS_NOT_READY_ABSENT_FROM_DNS');
        assert.match(f.message, /web-2/);
        assert.doesNotMatch(f.message, /web-0|web-1/);
    });

    it('seed-004: without Service nginx, StatefulSet web has no per-pod names', () => {
        const snapshot = loadScenarioSnapshot('seed-004-web-statefulset');
        snapshot.services = snapshot.services.filter((s) => s.metadata.name !== 'nginx');
        const f = only(clusterFindings(snapshot, scenarioConfig(snapshot)), 'STATEFULSET_SERVICE_MISSING');
        assert.match(
            f.message,
            /StatefulSet default\/web has serviceName nginx, but no Service nginx exists in default: web-0\.nginx\.default does not resolve/,
        );
    });

    it('seed-003: a ClusterIP mariadb Service is not a governing Service for StatefulSet maradb', () => {
        const snapshot = loadScenarioSnapshot('seed-003-test-com-domain');
        const svc = snapshot.services.find((s) => s.metadata.name === 'mariadb')!;
        svc.spec.clusterIP = '10.233.40.5';
        svc.spec.clusterIPs = ['10.233.40.5'];
        const f = only(explain(snapshot, 'mariadb', { ns: 'default', config: scenarioConfig(snapshot) }).findings, 'STATEFULSET_SERVICE_NOT_HEADLESS');
        assert.match(f.message, /StatefulSet default\/maradb has serviceName mariadb/);
    });

    it('seed-002-redis: the mirrored slice without its service-name label is ignored', () => {
        const snapshot = loadScenarioSnapshot('seed-002-redis-env-and-selectorless');
        const slice = snapshot.endpointSlices.find((s) => s.metadata.name === 'my-service-cfn8v')!;
        delete slice.metadata.labels!['kubernetes.io/service-name'];
        const x = explain(snapshot, 'my-service', { ns: 'default', config: scenarioConfig(snapshot) });
        assert.match(only(x.findings, 'ENDPOINTSLICE_WITHOUT_SERVICE_LABEL').message, /my-service-cfn8v/);
    });

    it('seed-002-redis: selector-less my-service without its Endpoints has nothing behind it', () => {
        const snapshot = loadScenarioSnapshot('seed-002-redis-env-and-selectorless');
        snapshot.endpoints = snapshot.endpoints.filter((e) => !(nsOf(e) === 'default' && e.metadata.name === 'my-service'));
        snapshot.endpointSlices = snapshot.endpointSlices.filter((s) => s.metadata.name !== 'my-service-cfn8v');
        const x = explain(snapshot, 'my-service', { ns: 'default', config: scenarioConfig(snapshot) });
        assert.equal(withCode(x.findings, 'SELECTORLESS_NO_ENDPOINTS').length, 1);
        // The namesake in my-ns is unaffected.
        assert.deepEqual(
            withCode(explain(snapshot, 'my-service', { ns: 'my-ns', config: scenarioConfig(snapshot) }).findings, 'SELECTORLESS_NO_ENDPOINTS'),
            [],
        );
    });
});
