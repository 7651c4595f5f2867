/**
 * Self-consistency against a real DNS server: Knot (Debian's knotd) serving a zone written from svcdig's own
 * expectation must get MATCH, exit 0, for every question the zone file can express (test/kit/dns/zone-model.ts decides
 * which: CNAME owners, ANY and the zone apex are left to the in-process responder of self-consistency.test.ts), absolute
 * and relative, from two namespaces, glibc and musl. This checks svcdig's resolver and comparison against replies it
 * did not encode itself.
 */
import { after, describe, it } from 'node:test';
import { expectedReply, resolvConfForPod } from '../../src/core/dns/index.js';
import type { RR } from '../../src/core/dns/reply.js';
import { startKnot, zoneFromRecords } from '../kit/dns/knot.js';
import { ALL_TYPES, RELATIVE_TYPES, candidatesOf, knownNames, relativeForms, type Question } from '../kit/dns/question-space.js';
import { zoneExpresses, zoneModel } from '../kit/dns/zone-model.js';
import { assertAllMatch, clusters, fromNamespaces } from '../kit/self-consistency.js';

describe('self-consistency against a real server: Knot serving a zone written from the expectation', () => {
    let checked = 0;
    after(() => console.log(`self-consistency: ${checked} query combinations checked against Knot, all MATCH`));
    for (const c of clusters().filter((x) => !x.label.includes('seed 1'))) {
        it(`${c.label}: every question the zone file expresses is a MATCH`, async (t) => {
            const names = knownNames(c.snapshot, c.index);
            const records = new Map<string, RR[]>(c.index.zones.map((z) => [z, []]));
            const seen = new Set<string>();
            for (const n of names) {
                for (const type of ALL_TYPES) {
                    const reply = expectedReply(c.index, n.fqdn, type);
                    if (reply.rcode !== 'NOERROR' || reply.forwarded) continue;
                    for (const rr of reply.answers) {
                        const zone = c.index.zones.filter((z) => rr.name === z || rr.name.endsWith(`.${z}`)).sort((a, b) => b.length - a.length)[0];
                        const k = `${rr.name} ${rr.type} ${JSON.stringify(rr.data)}`;
                        if (!zone || rr.name !== n.fqdn || rr.type === 'SOA' || rr.type === 'NS' || seen.has(k)) continue;
                        seen.add(k);
                        records.get(zone)!.push(rr);
                    }
                }
            }
            const model = zoneModel(records);
            const expressed = (name: string, type: string) => zoneExpresses(model, name, type, expectedReply(c.index, name, type));
            const knot = await startKnot({ zones: Object.fromEntries([...records].map(([z, rrs]) => [z, zoneFromRecords(z, rrs)])) });
            t.after(() => knot.stop());
            const absolute = names.flatMap((n) => ALL_TYPES.filter((type) => expressed(n.fqdn, type)).map((type) => ({ name: `${n.fqdn}.`, type })));
            const runs: [Question[], string[]][] = [[absolute, ['-n', 'default']]];
            for (const from of fromNamespaces(c)) {
                const resolv = resolvConfForPod({ namespace: from, zone: c.index.primaryZone, clusterDnsIPs: ['10.96.0.10'] });
                for (const stub of ['glibc', 'musl'] as const) {
                    const relative = names
                        .flatMap((n) => relativeForms(n, c.index.primaryZone, from))
                        .flatMap((name) => RELATIVE_TYPES.map((type) => ({ name, type })))
                        .filter((q) => candidatesOf(q, resolv, stub).every((cand) => expressed(cand, q.type)));
                    runs.push([relative, ['-n', from, '--stub', stub]]);
                }
            }
            for (const [questions, args] of runs) checked += await assertAllMatch(c, knot.port, questions, args);
        });
    }
});
