/**
 * Against a real DNS server (Debian's Knot), every scenario's recorded answers come back as match. Knot serves
 * exactly what each real cluster answered (the `dns[]` entries of observed.yaml); svcdig computes the expected side
 * from the same scenario's cluster.yaml and must call every recorded answer a match. Observations that printed only one
 * of several answers (`partial: true`) must show only "missing" differences for the addresses nobody recorded.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildDnsIndex, expectedLookup, resolvConfForPod } from '../../src/core/dns/index.js';
import { dnsConfigFor } from '../../src/core/dns/corefile.js';
import type { RR } from '../../src/core/dns/reply.js';
import type { ResolveReport } from '../../src/core/resolve-report.js';
import { clusterDnsIPs } from '../../src/core/cluster-dns.js';
import { startKnot, zoneFromRecords } from '../kit/dns/knot.js';
import { runCli } from '../helpers/run-cli.js';
import { loadObserved, loadScenarioSnapshot, scenarioClusterPath, scenarioNames, type ObservedDns } from '../helpers/scenarios.js';

const bare = (n: string) => n.toLowerCase().replace(/\.$/, '');

describe('recorded answers of the real clusters, served by Knot, match svcdig', () => {
    for (const scenario of scenarioNames()) {
        const observed = (loadObserved(scenario).dns ?? []).filter((d) => d.qtype === 'A' || d.qtype === 'PTR');
        if (observed.length === 0) continue;
        it(`${scenario}: ${observed.length} recorded answers`, async (t) => {
            const snap = loadScenarioSnapshot(scenario);
            const config = dnsConfigFor(snap.corednsConfigMap?.data?.Corefile);
            const index = buildDnsIndex(snap, config);
            const zone = config.zones[0]!;
            const nsOfQuery = (d: ObservedDns) => d.from?.pod?.namespace ?? 'default';
            // The fqdn each observation was answered for: absolute names as they are, relative ones through the pod's search list.
            const answeredName = (d: ObservedDns) => {
                if (d.qname.endsWith('.')) return bare(d.qname);
                const resolv = resolvConfForPod({ namespace: nsOfQuery(d), zone, clusterDnsIPs: clusterDnsIPs(snap) });
                const exp = expectedLookup(index, d.qname, d.qtype, resolv);
                assert.ok(exp.answeredBy, `${d.id}: svcdig finds no candidate for ${d.qname}`);
                return bare(exp.answeredBy!);
            };
            const records = new Map<string, RR>();
            for (const d of observed) {
                const owner = answeredName(d);
                for (const a of d.answers) {
                    const rr: RR = { name: owner, type: a.type, ttl: a.ttl ?? config.ttl, data: a.type === 'PTR' ? bare(a.data) : a.data };
                    records.set(`${rr.name} ${rr.type} ${rr.data}`, rr);
                }
            }
            const all = [...records.values()];
            const forward = all.filter((r) => r.name.endsWith(zone));
            const reverse = all.filter((r) => r.name.endsWith('in-addr.arpa'));
            const zones: Record<string, string> = { [zone]: zoneFromRecords(zone, forward) };
            if (reverse.length) zones['in-addr.arpa'] = zoneFromRecords('in-addr.arpa', reverse);
            const knot = await startKnot({ zones });
            t.after(() => knot.stop());

            for (const d of observed) {
                const r = await runCli([
                    'resolve',
                    d.qname,
                    '-t',
                    d.qtype,
                    '-n',
                    nsOfQuery(d),
                    '-f',
                    scenarioClusterPath(scenario),
                    '--server',
                    `127.0.0.1:${knot.port}`,
                    '-o',
                    'json',
                ]);
                const res = (JSON.parse(r.stdout) as ResolveReport).results[0]!;
                const recorded = d.answers.map((a) => (a.type === 'PTR' ? bare(a.data) : a.data)).sort();
                const matched = res.records
                    .filter((x) => x.status === 'match')
                    .map((x) => String(x.data))
                    .sort();
                if (d.partial) {
                    assert.deepEqual(
                        res.differences.filter((x) => x.kind !== 'missing').map((x) => x.message),
                        [],
                        `${d.id}: only missing records may differ`,
                    );
                    for (const a of recorded) assert.ok(matched.includes(a), `${d.id}: recorded ${a} matches`);
                } else {
                    assert.equal(res.verdict, 'match', `${d.id} (${d.qname} ${d.qtype}): ${res.differences.map((x) => x.message).join('; ')}`);
                    assert.equal(r.code, 0);
                    assert.deepEqual(matched, recorded, `${d.id}: exactly the recorded answers`);
                }
            }
        });
    }
});
