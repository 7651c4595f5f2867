import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endpointForPod, isPodReady, notReadyReason, podIPs, podsSelectedBy, selectorMatches, selectorNearMisses } from '../../src/core/pods.js';
import type { Pod, Service } from '../../src/core/k8s.js';
import { externalName, pod as podOf, service as serviceOf, type PodOptions, type ServiceOptions } from '../kit/cluster-builder.js';
import { emptySnapshot, nsOf, SERVICE_NAME_LABEL } from '../../src/core/snapshot.js';
import { loadScenarioSnapshot, scenarioNames } from '../helpers/scenarios.js';

/** Service `name` in ns selecting app=web, port 80/TCP (cluster-builder defaults otherwise). */
const service = (o: ServiceOptions = {}, name = 'svc', ns = 'ns'): Service =>
    serviceOf(name, { ns, clusterIP: '10.0.0.1', selector: { app: 'web' }, ports: [{ port: 80 }], ...o });

/** Pod `name` in ns, labelled app=web, IP 10.1.0.5 (cluster-builder defaults otherwise). */
const pod = (o: PodOptions = {}, name = 'web-1'): Pod => podOf(name, { ns: 'ns', ip: '10.1.0.5', ...o });

/** A pod as an older API server reports it: status.podIP only, no podIPs. */
function withoutPodIPs(p: Pod): Pod {
    return { ...p, status: { ...p.status, podIPs: [] } };
}
/** A pod with status.podIPs but no status.podIP. */
function withoutPodIP(p: Pod): Pod {
    const { podIP: _, ...status } = p.status!;
    return { ...p, status };
}

// podToEndpoint conditions (kubernetes/endpointslice utils_test.go TestPodToEndpoint) and ShouldPodBeInEndpoints
// (util/controller_utils_test.go TestShouldPodBeInEndpoints, includeTerminating=true for the EndpointSlice controller),
// as data.
const cases: { name: string; pod: Pod; svc?: Service; included: boolean; conditions?: { ready: boolean; serving: boolean; terminating: boolean } }[] = [
    { name: 'ready pod', pod: pod(), included: true, conditions: { ready: true, serving: true, terminating: false } },
    {
        name: 'ready pod + publishNotReadyAddresses',
        pod: pod(),
        svc: service({ publishNotReadyAddresses: true }),
        included: true,
        conditions: { ready: true, serving: true, terminating: false },
    },
    { name: 'unready pod', pod: pod({ ready: false }), included: true, conditions: { ready: false, serving: false, terminating: false } },
    {
        name: 'unready pod + publishNotReadyAddresses',
        pod: pod({ ready: false }),
        svc: service({ publishNotReadyAddresses: true }),
        included: true,
        conditions: { ready: true, serving: false, terminating: false },
    },
    { name: 'ready terminating pod', pod: pod({ terminating: true }), included: true, conditions: { ready: false, serving: true, terminating: true } },
    {
        name: 'not ready terminating pod',
        pod: pod({ ready: false, terminating: true }),
        included: true,
        conditions: { ready: false, serving: false, terminating: true },
    },
    {
        name: 'terminating pod + publishNotReadyAddresses stays ready',
        pod: pod({ terminating: true }),
        svc: service({ publishNotReadyAddresses: true }),
        included: true,
        conditions: { ready: true, serving: true, terminating: true },
    },
    { name: 'Failed pod (any restartPolicy)', pod: pod({ phase: 'Failed' }), included: false },
    { name: 'Succeeded pod', pod: pod({ phase: 'Succeeded' }), included: false },
    { name: 'Running pod with empty podIP and podIPs', pod: pod({ ips: [] }), included: false },
    {
        name: 'Pending pod with an IP',
        pod: pod({ phase: 'Pending', ready: false }),
        included: true,
        conditions: { ready: false, serving: false, terminating: false },
    },
    { name: 'Unknown pod with an IP', pod: pod({ phase: 'Unknown' }), included: true, conditions: { ready: true, serving: true, terminating: false } },
    {
        name: 'multiple pod IPs (podIPs only)',
        pod: withoutPodIP(pod({ ips: ['1.2.3.4', '1234::5678:0000:0000:9abc:def0'] })),
        included: true,
        conditions: { ready: true, serving: true, terminating: false },
    },
    { name: 'IPv6-only pod behind an IPv4 Service', pod: pod({ ip: 'fd00::5' }), included: false },
    { name: 'pod of another namespace', pod: pod({ ns: 'other' }), included: false },
    { name: 'pod whose labels miss the selector', pod: pod({ labels: { app: 'api' } }), included: false },
    { name: 'selector-less Service: no controller endpoints', pod: pod(), svc: service({ selector: null }), included: false },
    {
        name: 'ExternalName Service: no endpoints',
        pod: pod(),
        svc: externalName('svc', 'example.com', { ns: 'ns', selector: { app: 'web' } }),
        included: false,
    },
];

for (const c of cases) {
    test(`endpointForPod: ${c.name}`, () => {
        const r = endpointForPod(c.svc ?? service(), c.pod);
        assert.equal(r.included, c.included, r.reason);
        assert.deepEqual(r.conditions, c.conditions);
        assert.ok(r.reason.length > 0);
    });
}

test('reasons are in plain words', () => {
    assert.match(endpointForPod(service(), pod({ phase: 'Failed' })).reason, /Failed \(terminal\)/);
    assert.match(endpointForPod(service(), pod({ ips: [] })).reason, /no IP/);
    assert.match(endpointForPod(service(), pod({ labels: { app: 'api' } })).reason, /app=web \(pod has app=api\)/);
    assert.match(endpointForPod(service(), pod({ terminating: true })).reason, /terminating/);
});

// ShouldSetHostname (kubernetes/endpointslice util/controller_utils_test.go TestShouldSetHostname) through
// endpointForPod.
const hostnameCases: { name: string; pod: Pod; svc: Service; hostname: string | undefined }[] = [
    { name: 'all matching', pod: pod({ hostname: 'foo', subdomain: 'svc-name' }), svc: service({}, 'svc-name'), hostname: 'foo' },
    { name: 'hostname not set', pod: pod({ subdomain: 'svc-name' }), svc: service({}, 'svc-name'), hostname: undefined },
    { name: 'different name/subdomain', pod: pod({ hostname: 'hostname', subdomain: 'subdomain' }), svc: service({}, 'name'), hostname: undefined },
    { name: 'hostname without subdomain (endpointslice TestReconcile1Pod)', pod: pod({ hostname: 'foo' }), svc: service({}, 'svc-name'), hostname: undefined },
];
for (const c of hostnameCases) {
    test(`hostname published only when subdomain == Service name in its namespace: ${c.name}`, () => {
        const r = endpointForPod(c.svc, c.pod);
        assert.equal(r.included, true);
        assert.equal(r.hostname, c.hostname);
    });
}

test('a headless Service notes a hostname it does not publish because the subdomain differs', () => {
    const r = endpointForPod(
        service({ clusterIP: 'None', clusterIPs: ['None'], ipFamilies: [] }, 'nginx'),
        pod({ hostname: 'web-0', subdomain: 'nginx-headless' }),
    );
    assert.match(r.reason, /hostname web-0 is not published because spec.subdomain is "nginx-headless", not "nginx"/);
});

test('a headless Service without ipFamilies takes pods of either family', () => {
    assert.equal(endpointForPod(service({ clusterIP: 'None', clusterIPs: ['None'], ipFamilies: [] }), pod({ ip: 'fd00::5' })).included, true);
});

test('isPodReady reads the Ready condition; podIPs prefers status.podIPs', () => {
    assert.equal(isPodReady(pod()), true);
    assert.equal(isPodReady(pod({ ready: false })), false);
    // A literal on purpose: a pod with no status at all, which the builder never makes.
    assert.equal(isPodReady({ metadata: { name: 'x' }, spec: { containers: [] } }), false);
    assert.deepEqual(podIPs(pod({ ips: ['10.0.0.1', 'fd00::1'] })), ['10.0.0.1', 'fd00::1']);
    assert.deepEqual(podIPs(withoutPodIPs(pod({ ip: '10.0.0.1' }))), ['10.0.0.1']);
    assert.deepEqual(podIPs(pod({ ips: [] })), []);
});

test('notReadyReason: container waiting reasons first, then the Ready condition', () => {
    const crash = pod({ ready: false });
    crash.status!.containerStatuses = [{ name: 'app', ready: false, state: { waiting: { reason: 'CrashLoopBackOff' } } }];
    assert.equal(notReadyReason(crash), 'container app is CrashLoopBackOff');
    const notReady = pod({ ready: false });
    notReady.status!.containerStatuses = [];
    notReady.status!.conditions = [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady' }];
    assert.equal(notReadyReason(notReady), 'Ready=False: ContainersNotReady');
    const probe = pod({ ready: false });
    probe.status!.containerStatuses = [{ name: 'app', ready: false, state: { running: {} } }];
    assert.equal(notReadyReason(probe), 'container app is not ready');
    assert.equal(notReadyReason(pod()), undefined);
    assert.match(notReadyReason(pod({ ready: false, terminating: true }))!, /^terminating/);
});

test('selectorMatches is equality AND; an absent or empty selector matches nothing', () => {
    assert.equal(selectorMatches({ app: 'web', tier: 'fe' }, { app: 'web', tier: 'fe', extra: 'x' }), true);
    assert.equal(selectorMatches({ app: 'web', tier: 'fe' }, { app: 'web' }), false);
    assert.equal(selectorMatches({}, { app: 'web' }), false);
    assert.equal(selectorMatches(undefined, { app: 'web' }), false);
    assert.equal(selectorMatches({ app: 'web' }, undefined), false);
});

test('podsSelectedBy: same namespace only, sorted; none for a selector-less Service', () => {
    const snap = {
        ...emptySnapshot('t'),
        pods: [pod({}, 'web-2'), pod({}, 'web-1'), pod({ ns: 'other' }, 'web-0'), pod({ labels: { app: 'api' } }, 'api-0')],
    };
    assert.deepEqual(
        podsSelectedBy(snap, service()).map((p) => p.metadata.name),
        ['web-1', 'web-2'],
    );
    assert.deepEqual(podsSelectedBy(snap, service({ selector: {} })), []);
});

test('selectorNearMisses: pods that match all selector labels but one, with the differing value', () => {
    const snap = {
        ...emptySnapshot('t'),
        pods: [
            pod({ labels: { app: 'web', tier: 'frontend' } }, 'typo'),
            pod({ labels: { app: 'web' } }, 'missing'),
            pod({ labels: { app: 'api', tier: 'backend' } }, 'far'),
            pod({ labels: { app: 'web', tier: 'fe' } }, 'match'),
            pod({ labels: { app: 'web', tier: 'frontend' }, ns: 'other' }, 'elsewhere'),
        ],
    };
    assert.deepEqual(selectorNearMisses(snap, service({ selector: { app: 'web', tier: 'fe' } })), [
        { pod: 'missing', label: 'tier', want: 'fe', have: null },
        { pod: 'typo', label: 'tier', want: 'fe', have: 'frontend' },
    ]);
});

test('selectorNearMisses with a one-label selector: only pods with that key or that value count', () => {
    const snap = {
        ...emptySnapshot('t'),
        pods: [pod({ labels: { app: 'MyApp' } }, 'case'), pod({ labels: { name: 'web' } }, 'key'), pod({ labels: { run: 'db' } }, 'unrelated')],
    };
    assert.deepEqual(selectorNearMisses(snap, service({ selector: { app: 'web' } })), [
        { pod: 'case', label: 'app', want: 'web', have: 'MyApp' },
        { pod: 'key', label: 'app', want: 'web', have: null },
    ]);
});

// The scenarios' EndpointSlices were made as the EndpointSlice controller would: endpointForPod must agree.
for (const name of scenarioNames()) {
    test(`${name}: endpointForPod agrees with every controller-made EndpointSlice endpoint`, () => {
        const snap = loadScenarioSnapshot(name);
        let checked = 0;
        for (const svc of snap.services) {
            if (!svc.spec.selector || Object.keys(svc.spec.selector).length === 0 || svc.spec.type === 'ExternalName') continue;
            const slices = snap.endpointSlices.filter((s) => nsOf(s) === nsOf(svc) && s.metadata.labels?.[SERVICE_NAME_LABEL] === svc.metadata.name);
            const endpointPods = new Set<string>();
            for (const ep of slices.flatMap((s) => s.endpoints ?? [])) {
                const p = snap.pods.find((x) => nsOf(x) === nsOf(svc) && x.metadata.name === ep.targetRef?.name);
                assert.ok(p, `pod ${ep.targetRef?.name} of ${svc.metadata.name}`);
                endpointPods.add(p.metadata.name);
                const r = endpointForPod(svc, p);
                assert.equal(r.included, true, r.reason);
                assert.equal(r.conditions?.ready, ep.conditions?.ready ?? true);
                if (ep.conditions?.serving !== undefined && ep.conditions.serving !== null) assert.equal(r.conditions?.serving, ep.conditions.serving);
                assert.equal(r.hostname, ep.hostname, `hostname of ${p.metadata.name} behind ${svc.metadata.name}`);
                assert.ok(podIPs(p).includes(ep.addresses[0]!));
                checked++;
            }
            const selected = podsSelectedBy(snap, svc)
                .filter((p) => endpointForPod(svc, p).included)
                .map((p) => p.metadata.name);
            assert.deepEqual(selected.sort(), [...endpointPods].sort(), `pods behind ${nsOf(svc)}/${svc.metadata.name}`);
        }
        assert.ok(checked > 0);
    });
}
