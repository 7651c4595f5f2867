/**
 * The engine against real clusters: for every `dns[]` observation, every `claims[]` entry with a `query` and every
 * `resolvConf[]` of test/fixtures/scenarios/*, the expected reply computed from cluster.yaml (+ its Corefile) must
 * reproduce what the real DNS answered (rcode, answers as a set, TTL when printed, subset when `partial`).
 */
import { clusterDnsIPs } from '../../src/core/cluster-dns.js';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dnsConfigFor } from '../../src/core/dns/corefile.js';
import { rdataText, type Reply, type RR } from '../../src/core/dns/reply.js';
import { buildDnsIndex, expectedLookup, expectedReply, resolvConfForPod, type ResolvConf } from '../../src/core/dns/index.js';
import { nsOf, type ClusterSnapshot } from '../../src/core/snapshot.js';
import { loadObserved, loadScenarioSnapshot, scenarioNames, type ObservedAnswer, type ObservedFile } from '../helpers/scenarios.js';

const low = (s: string) => s.toLowerCase().replace(/\.$/, '');

/** resolv.conf of a pod in `namespace`: ClusterFirst, plus the node search domains the observed file shows for that namespace. */
function resolvFor(snapshot: ClusterSnapshot, observed: ObservedFile, namespace: string, zone: string): ResolvConf {
    const clusterSearch = new Set([`${namespace}.svc.${zone}`, `svc.${zone}`, zone]);
    const shown = observed.resolvConf?.find((r) => r.from.pod.namespace === namespace);
    const nodeSearch = shown ? shown.search.filter((s) => !clusterSearch.has(s)) : [];
    return resolvConfForPod({ namespace, zone, clusterDnsIPs: clusterDnsIPs(snapshot), nodeSearch });
}

const dataOf = (type: string, data: string) => (['A', 'AAAA'].includes(type) ? data.toLowerCase() : low(data));
const keyOfObserved = (a: ObservedAnswer) => `${a.type} ${dataOf(a.type, a.data)}`;
const keyOfExpected = (r: RR) => `${r.type} ${dataOf(r.type, rdataText(r))}`;

for (const scenario of scenarioNames()) {
    const observed = loadObserved(scenario);
    const snapshot = loadScenarioSnapshot(scenario);
    const config = dnsConfigFor(snapshot.corednsConfigMap?.data?.Corefile);
    const index = buildDnsIndex(snapshot, config);
    const zone = config.zones[0]!;

    describe(scenario, () => {
        for (const obs of observed.dns ?? []) {
            test(`${obs.id}: ${obs.tool} ${obs.qname} ${obs.qtype} → ${obs.rcode}`, () => {
                const absolute = obs.qname.endsWith('.');
                let answeredBy: string | null;
                let reply: Reply;
                if (absolute) {
                    reply = expectedReply(index, obs.qname, obs.qtype);
                    answeredBy = low(obs.qname);
                } else {
                    assert.ok(obs.from?.pod, 'a relative name is looked up from a pod');
                    const lookup = expectedLookup(index, obs.qname, obs.qtype, resolvFor(snapshot, observed, obs.from.pod.namespace, zone));
                    reply = lookup.reply;
                    answeredBy = lookup.answeredBy;
                    assert.ok(answeredBy, `some candidate answers: ${lookup.candidates.map((c) => `${c.name} ${c.reply.rcode}`).join(', ')}`);
                }
                assert.equal(reply.rcode, obs.rcode, reply.because.join('; '));
                assert.notEqual(reply.forwarded, true, 'decided by the cluster');
                const expected = reply.answers.map(keyOfExpected).sort();
                const seen = obs.answers.map(keyOfObserved).sort();
                if (obs.partial) for (const k of seen) assert.ok(expected.includes(k), `${k} is one of the expected answers ${expected.join(', ')}`);
                else assert.deepEqual(expected, seen);
                for (const a of obs.answers) {
                    if (a.ttl !== null) {
                        const mine = reply.answers.find((r) => keyOfExpected(r) === keyOfObserved(a));
                        assert.equal(mine?.ttl, a.ttl, `TTL of ${a.name} ${a.type} ${a.data} is the configured ttl`);
                    }
                    // tools print either the typed name or the fqdn that answered
                    if (low(a.name) !== low(obs.qname)) assert.equal(low(a.name), low(answeredBy!), `${obs.tool} printed the answering fqdn`);
                }
            });
        }

        for (const claim of (observed.claims ?? []).filter((c) => c.query)) {
            const q = claim.query!;
            test(`claim ${claim.id}: ${q.qname} ${q.qtype} from namespace ${q.from?.namespace ?? 'default'}`, () => {
                const ns = q.from?.namespace ?? 'default';
                const lookup = expectedLookup(index, q.qname, q.qtype, resolvFor(snapshot, observed, ns, zone));
                assert.ok(lookup.answeredBy, lookup.candidates.map((c) => `${c.name}: ${c.reply.rcode}`).join('; '));
                assert.equal(lookup.reply.rcode, 'NOERROR');
                assert.ok(lookup.reply.answers.length > 0);
                assert.notEqual(lookup.reply.forwarded, true);
                // the answering name is a Service of this cluster: check the records against its spec
                const labels = lookup.answeredBy!.split('.');
                const svcAt = labels.indexOf('svc') - 2;
                const svcName = labels[svcAt]!;
                const svcNs = labels[svcAt + 1]!;
                const service = snapshot.services.find((s) => s.metadata.name === svcName && nsOf(s) === svcNs);
                assert.ok(service, `${svcNs}/${svcName} exists`);
                if (q.qtype === 'A') {
                    assert.deepEqual(
                        lookup.reply.answers.map((r) => r.data),
                        [service.spec.clusterIP],
                        'the Service name resolves to its cluster IP',
                    );
                } else if (q.qtype === 'SRV') {
                    const portName = labels[0]!.replace(/^_/, '');
                    const port = service.spec.ports?.find((p) => p.name === portName);
                    assert.ok(port, `port ${portName} exists`);
                    assert.deepEqual(
                        lookup.reply.answers.map((r) => (r.data as { port: number }).port),
                        [port.port],
                        'the SRV carries the named port number',
                    );
                }
            });
        }

        for (const shown of observed.resolvConf ?? []) {
            test(`resolv.conf of ${shown.from.pod.namespace}/${shown.from.pod.name}`, () => {
                const pod = snapshot.pods.find((p) => p.metadata.name === shown.from.pod.name && nsOf(p) === shown.from.pod.namespace);
                assert.ok(pod, 'the pod is in cluster.yaml');
                const clusterSearch = new Set([`${nsOf(pod)}.svc.${zone}`, `svc.${zone}`, zone]);
                const got = resolvConfForPod({
                    namespace: nsOf(pod),
                    zone,
                    clusterDnsIPs: clusterDnsIPs(snapshot),
                    dnsPolicy: pod.spec.dnsPolicy,
                    hostNetwork: pod.spec.hostNetwork,
                    dnsConfig: pod.spec.dnsConfig,
                    nodeSearch: shown.search.filter((s) => !clusterSearch.has(s)),
                });
                assert.deepEqual(got.nameservers, shown.nameservers);
                assert.deepEqual(got.search, shown.search);
                assert.deepEqual(got.options, shown.options);
                assert.equal(got.ndots, 5);
            });
        }
    });
}
