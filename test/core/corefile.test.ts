import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyDnsFlags, dnsConfigFor, normalizeZone, parseCorefile } from '../../src/core/dns/corefile.js';
import { buildDnsIndex, expectedReply } from '../../src/core/dns/index.js';
import { namespace, service, snapshotOf } from '../kit/cluster-builder.js';
import { loadScenarioSnapshot, scenarioNames } from '../helpers/scenarios.js';

const kubeadm = `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success cluster.local
       disable denial cluster.local
    }
    loop
    reload
    loadbalance
}
`;

test("kubeadm's Corefile gives zone cluster.local, both reverse zones, ttl 30, pods insecure and reverse fallthrough", () => {
    const c = parseCorefile(kubeadm);
    assert.deepEqual(c.zones, ['cluster.local']);
    assert.deepEqual(c.reverseZones, ['in-addr.arpa', 'ip6.arpa']);
    assert.equal(c.ttl, 30);
    assert.equal(c.podsMode, 'insecure');
    assert.deepEqual(c.fallthrough, ['in-addr.arpa', 'ip6.arpa']);
    assert.equal(c.cacheTtl, 30);
    assert.equal(c.source, 'corefile');
    assert.ok(c.plugins.includes('loadbalance'));
});

test('without a ttl option the plugin default of 5 applies, and pods are disabled by default', () => {
    const c = parseCorefile('.:53 {\n  kubernetes cluster.local\n}\n');
    assert.equal(c.ttl, 5);
    assert.equal(c.podsMode, 'disabled');
    assert.equal(c.fallthrough, null);
    assert.deepEqual(c.reverseZones, []);
});

test('a kubernetes line without zones takes the server block zones', () => {
    const c = parseCorefile('test.com:53 10.in-addr.arpa:53 {\n  kubernetes {\n    pods verified\n  }\n}');
    assert.deepEqual(c.zones, ['test.com']);
    assert.deepEqual(c.reverseZones, ['10.in-addr.arpa']);
    assert.equal(c.podsMode, 'verified');
});

test('options endpoint_pod_names, ignore empty_service, noendpoints, namespaces and bare fallthrough are read', () => {
    const c = parseCorefile(`.:53 {
  kubernetes cluster.local {
    endpoint_pod_names
    ignore empty_service
    noendpoints
    namespaces Dev prod
    fallthrough
  }
}`);
    assert.equal(c.endpointPodNames, true);
    assert.equal(c.ignoreEmptyService, true);
    assert.equal(c.noEndpoints, true);
    assert.deepEqual(c.namespaces, ['dev', 'prod']);
    assert.deepEqual(c.fallthrough, []);
});

test('unknown plugins and options are reported in notes, never fatal', () => {
    const c = parseCorefile('.:53 {\n  frobnicate on\n  kubernetes cluster.local {\n    sparkle 3\n  }\n}');
    assert.ok(c.notes.some((n) => n.includes('frobnicate')));
    assert.ok(c.notes.some((n) => n.includes('"sparkle"')));
});

test('comments, quoted tokens and snippets are handled', () => {
    const c = parseCorefile(`# top comment
(common) {
  errors
}
.:53 {
  import common
  kubernetes "cluster.local" in-addr.arpa { # trailing comment
    ttl 10 # ten seconds
  }
}`);
    assert.deepEqual(c.zones, ['cluster.local']);
    assert.equal(c.ttl, 10);
    assert.ok(c.plugins.includes('errors'));
});

test('a CIDR zone becomes its reverse zone', () => {
    assert.equal(normalizeZone('10.0.0.0/8'), '10.in-addr.arpa');
    assert.equal(normalizeZone('192.168.0.0/16'), '168.192.in-addr.arpa');
    assert.equal(normalizeZone('Cluster.Local.'), 'cluster.local');
});

test('a ttl outside 0–3600 is reported and the default kept', () => {
    const c = parseCorefile('.:53 {\n  kubernetes cluster.local {\n    ttl 9000\n  }\n}');
    assert.equal(c.ttl, 5);
    assert.ok(c.notes.some((n) => n.includes('9000')));
});

/** The kubernetes plugin block with `options`, parsed. */
const withOptions = (...options: string[]) => parseCorefile(`.:53 {\n  kubernetes cluster.local {\n${options.map((o) => `    ${o}\n`).join('')}  }\n}`);
const REFUSED = ': CoreDNS refuses this Corefile (a new CoreDNS pod does not start; a running one keeps its previous configuration on reload); svcdig assumes ';

test('options CoreDNS refuses (plugin/kubernetes/setup.go): the note says CoreDNS would not load it and what svcdig assumes', () => {
    const cases: [string[], string, string][] = [
        [['pods bogus'], 'pods "bogus" is not one of disabled, insecure, verified', 'pods disabled (--pods-mode sets another)'],
        [['pods'], 'pods takes one mode (disabled, insecure, verified), not 0', 'pods disabled (--pods-mode sets another)'],
        [['pods insecure verified'], 'pods takes one mode (disabled, insecure, verified), not 2', 'pods disabled (--pods-mode sets another)'],
        [['ttl 9000'], 'ttl 9000 is outside 0–3600', 'ttl 5 (--ttl sets another)'],
        [['ttl -1'], 'ttl -1 is outside 0–3600', 'ttl 5 (--ttl sets another)'],
        [['ttl 5.5'], 'ttl "5.5" is not a whole number of seconds', 'ttl 5 (--ttl sets another)'],
        [['ttl 0x10'], 'ttl "0x10" is not a whole number of seconds', 'ttl 5 (--ttl sets another)'],
        [['ttl'], 'ttl names no number of seconds', 'ttl 5 (--ttl sets another)'],
        [['namespaces'], 'namespaces names no namespace', 'every namespace'],
        [['endpoint_pod_names yes'], 'endpoint_pod_names takes no argument, not "yes"', 'endpoint_pod_names off (--endpoint-pod-names turns it on)'],
        [['noendpoints please'], 'noendpoints takes no argument, not "please"', 'no noendpoints line'],
        [['ignore empty_services'], 'ignore "empty_services" is not empty_service', 'no ignore line'],
        [['podz insecure'], 'unknown option "podz"', 'no podz line'],
        [['namespaces dev', 'namespace_labels team=a'], 'namespaces and namespace_labels are both set', 'namespaces dev'],
    ];
    for (const [options, why, assumed] of cases) {
        const c = withOptions(...options);
        assert.ok(c.notes.includes(`kubernetes: ${why}${REFUSED}${assumed}`), `${options.join('; ')}:\n${c.notes.join('\n')}`);
    }
    const c = withOptions('pods bogus', 'ttl 9000', 'endpoint_pod_names yes', 'noendpoints please', 'ignore x');
    assert.deepEqual(
        [c.podsMode, c.ttl, c.endpointPodNames, c.noEndpoints, c.ignoreEmptyService],
        ['disabled', 5, false, false, false],
        'refused options are not applied',
    );
});

test('options CoreDNS takes get no refusal: valid values, the newer apiserver_* and zonal, and the retired resyncperiod', () => {
    const c = withOptions(
        'pods verified',
        'ttl +30',
        'ttl 3600',
        'ignore',
        'apiserver_qps 5',
        'apiserver_burst 10',
        'apiserver_max_inflight 3',
        'zonal',
        'resyncperiod 30s',
        'startup_timeout 5s',
    );
    assert.deepEqual([c.podsMode, c.ttl], ['verified', 3600]);
    assert.ok(!c.notes.some((n) => n.includes('refuses')), c.notes.join('\n'));
    assert.ok(c.notes.includes('kubernetes: zonal (zone-scoped names) is not modelled'));
});

test('flags override the Corefile and say so', () => {
    const c = applyDnsFlags(parseCorefile(kubeadm), { zone: 'test.com', ttl: 5, podsMode: 'verified', endpointPodNames: true });
    assert.deepEqual(c.zones, ['test.com', 'cluster.local']);
    assert.equal(c.ttl, 5);
    assert.equal(c.podsMode, 'verified');
    assert.equal(c.endpointPodNames, true);
    assert.equal(c.source, 'corefile+flags');
    assert.ok(c.notes.some((n) => n.startsWith('flags override')));
});

test('without a Corefile the kubeadm defaults are used and the notes say so', () => {
    const c = dnsConfigFor(undefined);
    assert.equal(c.source, 'defaults');
    assert.equal(c.ttl, 30);
    assert.ok(c.notes[0]?.includes('kubeadm defaults'));
});

test("every scenario's Corefile parses; seed-003 serves the test.com zone", () => {
    for (const name of scenarioNames()) {
        const snap = loadScenarioSnapshot(name);
        const c = dnsConfigFor(snap.corednsConfigMap?.data?.Corefile);
        assert.equal(c.source, 'corefile', name);
        assert.equal(c.ttl, 30, name);
        assert.deepEqual(c.zones, [name.includes('test-com') ? 'test.com' : 'cluster.local'], name);
    }
});

describe('several server blocks: each name goes to the block that serves it (core/dnsserver/server.go ServeDNS)', () => {
    const stub = `.:53 {
    errors
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
    }
    forward . /etc/resolv.conf
    cache 30
}
acme.local:53 {
    errors
    forward . 10.0.0.5
}
foo.svc.cluster.local:53 {
    forward . 1.2.3.4
}
.:5353 {
    whoami
}
`;
    const objects = [
        namespace('default'),
        namespace('foo'),
        service('web', { ns: 'default', clusterIP: '10.96.5.5' }),
        service('api', { ns: 'foo', clusterIP: '10.96.6.6' }),
    ];
    const index = (corefile: string) => buildDnsIndex(snapshotOf(objects), parseCorefile(corefile));

    test("the blocks on the kubernetes block's port are kept, in order; another port only gets a note", () => {
        const c = parseCorefile(stub);
        assert.deepEqual(
            c.serverBlocks?.map((b) => [b.key, b.zones, b.kubernetes, b.answers]),
            [
                ['.:53', ['.'], true, 'kubernetes cluster.local in-addr.arpa ip6.arpa; forward . /etc/resolv.conf'],
                ['acme.local:53', ['acme.local'], false, 'forward . 10.0.0.5'],
                ['foo.svc.cluster.local:53', ['foo.svc.cluster.local'], false, 'forward . 1.2.3.4'],
            ],
        );
        assert.ok(c.notes.some((n) => n.includes('acme.local:53') && n.includes('does not predict')));
        assert.ok(c.notes.some((n) => n.includes('.:5353') && n.includes('does not listen on port 53')));
        assert.deepEqual(c.zones, ['cluster.local']);
    });

    test('a stub domain is forwarded by its own block: not predicted, and the because names the block', () => {
        const r = expectedReply(index(stub), 'www.acme.local', 'A');
        assert.equal(r.forwarded, true);
        assert.deepEqual(r.answers, []);
        assert.deepEqual(r.because, ["www.acme.local is served by the Corefile's acme.local:53 block: forward . 10.0.0.5 — not predicted"]);
        assert.equal(expectedReply(index(stub), 'acme.local', 'SOA').forwarded, true, 'the apex too');
    });

    test('a block for a sub-zone of the cluster zone takes its names away from the kubernetes plugin', () => {
        const idx = index(stub);
        const taken = expectedReply(idx, 'api.foo.svc.cluster.local', 'A');
        assert.equal(taken.forwarded, true, "not the plugin's A record, nor NXDOMAIN");
        assert.deepEqual(taken.answers, []);
        assert.match(taken.because[0]!, /served by the Corefile's foo\.svc\.cluster\.local:53 block: forward \. 1\.2\.3\.4 — not predicted/);
        const kept = expectedReply(idx, 'web.default.svc.cluster.local', 'A');
        assert.deepEqual(
            kept.answers.map((a) => a.data),
            ['10.96.5.5'],
        );
        assert.equal(expectedReply(idx, 'nope.default.svc.cluster.local', 'A').rcode, 'NXDOMAIN');
    });

    test('a kubernetes plugin in a cluster.local block still answers; names outside it go to the root block', () => {
        const split = `cluster.local:53 {
    kubernetes cluster.local in-addr.arpa ip6.arpa
}
.:53 {
    forward . 8.8.8.8
}
`;
        const c = parseCorefile(split);
        assert.deepEqual(c.zones, ['cluster.local']);
        const idx = index(split);
        assert.deepEqual(
            expectedReply(idx, 'web.default.svc.cluster.local', 'A').answers.map((a) => a.data),
            ['10.96.5.5'],
        );
        const outside = expectedReply(idx, 'example.com', 'A');
        assert.equal(outside.forwarded, true);
        assert.match(outside.because[0]!, /Corefile's \.:53 block: forward \. 8\.8\.8\.8/);
        // the plugin lists the reverse zones, but its block does not serve them: a PTR query never reaches it
        const ptr = expectedReply(idx, '5.5.96.10.in-addr.arpa', 'PTR');
        assert.equal(ptr.forwarded, true);
        assert.deepEqual(ptr.answers, []);
    });

    test('a name no block serves, with no root block, is REFUSED by CoreDNS', () => {
        const only = 'cluster.local:53 {\n    kubernetes cluster.local\n}\n';
        const r = expectedReply(index(only), 'example.com', 'A');
        assert.equal(r.rcode, 'REFUSED');
        assert.equal(r.forwarded, undefined);
        assert.match(r.because[0]!, /no server block of the Corefile serves example\.com \(zones: cluster\.local\)/);
    });

    test('--zone adds its zone to the kubernetes block, so the flag still reaches the plugin', () => {
        const only = parseCorefile('cluster.local:53 {\n    kubernetes cluster.local\n}\n');
        const c = applyDnsFlags(only, { zone: 'test.com' });
        assert.deepEqual(c.serverBlocks?.[0]?.zones, ['cluster.local', 'test.com']);
        const idx = buildDnsIndex(snapshotOf(objects), c);
        assert.deepEqual(
            expectedReply(idx, 'web.default.svc.test.com', 'A').answers.map((a) => a.data),
            ['10.96.5.5'],
        );
    });
});
