import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyDnsFlags, dnsConfigFor, normalizeZone, parseCorefile } from '../../src/core/corefile.js';
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
