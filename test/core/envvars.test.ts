import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
    envFor,
    envNameClashes,
    envPrefix,
    expandEnvValue,
    isPosixShellName,
    serviceEnvVars,
    servicesForPodEnv,
    shellUnusableEnvNames,
    type EnvVariable,
} from '../../src/core/envvars.js';
import type { Container, Pod, Service, ServicePort } from '../../src/core/k8s.js';
import { externalName, pod as podOf, service, type ServiceOptions } from '../kit/cluster-builder.js';
import { emptySnapshot, nsOf, type ClusterSnapshot } from '../../src/core/snapshot.js';
import { loadObserved, loadScenarioSnapshot, scenarioNames } from '../helpers/scenarios.js';

/** A selector-less Service (cluster-builder), the input of kubelet's env rules. */
function svc(name: string, namespace: string, clusterIP: string, ports: ServicePort[], o: ServiceOptions = {}): Service {
    // Upstream's cases include a clusterIP of "" and a port with no protocol, which the API server never stores (it
    // defaults both; the builder does too): those stay literal so the rule is tested on exactly that input.
    if (clusterIP === '' || ports.some((p) => !p.protocol))
        return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { clusterIP, ports } };
    return service(name, { ns: namespace, clusterIP, ports, selector: null, ...o });
}

function snapshotOf(services: Service[], pods: Pod[] = []): ClusterSnapshot {
    return { ...emptySnapshot('test'), services, pods };
}

function pod(namespace: string, container: Partial<Container>, spec: { enableServiceLinks?: boolean } = {}): Pod {
    return podOf('dapi-test-pod-name', {
        ns: namespace,
        ip: '10.1.2.3',
        containers: [{ name: 'app', ...container }],
        enableServiceLinks: spec.enableServiceLinks ?? true,
    });
}

const pairs = (vars: EnvVariable[]) => vars.map((v) => [v.name, v.value] as const);
/** kubelet's real order is random, so the upstream kubelet_pods tests compare sorted lists; so do these. */
const sortedPairs = (vars: EnvVariable[]) =>
    pairs(vars)
        .slice()
        .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
const sortedExpect = (list: [string, string][]) => list.slice().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

// ---------------------------------------------------------------------------------------------------------------
// kubelet's FromServices, transcribed from kubernetes/kubernetes pkg/kubelet/envvars/envvars_test.go as data.
// ---------------------------------------------------------------------------------------------------------------

const fromServicesCases: { why: string; service: Service; expect: [string, string][] }[] = [
    {
        why: 'one unnamed TCP port gives 7 variables: HOST, SERVICE_PORT, PORT and four per port',
        service: svc('foo-bar', 'default', '1.2.3.4', [{ port: 8080, protocol: 'TCP' }]),
        expect: [
            ['FOO_BAR_SERVICE_HOST', '1.2.3.4'],
            ['FOO_BAR_SERVICE_PORT', '8080'],
            ['FOO_BAR_PORT', 'tcp://1.2.3.4:8080'],
            ['FOO_BAR_PORT_8080_TCP', 'tcp://1.2.3.4:8080'],
            ['FOO_BAR_PORT_8080_TCP_PROTO', 'tcp'],
            ['FOO_BAR_PORT_8080_TCP_PORT', '8080'],
            ['FOO_BAR_PORT_8080_TCP_ADDR', '1.2.3.4'],
        ],
    },
    {
        why: 'UDP first: SERVICE_PORT and PORT follow ports[0]; one block per (port, protocol); port names are upper-cased with _',
        service: svc('abc-123', 'default', '5.6.7.8', [
            { name: 'u-d-p', port: 8081, protocol: 'UDP' },
            { name: 't-c-p', port: 8081, protocol: 'TCP' },
        ]),
        expect: [
            ['ABC_123_SERVICE_HOST', '5.6.7.8'],
            ['ABC_123_SERVICE_PORT', '8081'],
            ['ABC_123_SERVICE_PORT_U_D_P', '8081'],
            ['ABC_123_SERVICE_PORT_T_C_P', '8081'],
            ['ABC_123_PORT', 'udp://5.6.7.8:8081'],
            ['ABC_123_PORT_8081_UDP', 'udp://5.6.7.8:8081'],
            ['ABC_123_PORT_8081_UDP_PROTO', 'udp'],
            ['ABC_123_PORT_8081_UDP_PORT', '8081'],
            ['ABC_123_PORT_8081_UDP_ADDR', '5.6.7.8'],
            ['ABC_123_PORT_8081_TCP', 'tcp://5.6.7.8:8081'],
            ['ABC_123_PORT_8081_TCP_PROTO', 'tcp'],
            ['ABC_123_PORT_8081_TCP_PORT', '8081'],
            ['ABC_123_PORT_8081_TCP_ADDR', '5.6.7.8'],
        ],
    },
    {
        why: 'an unnamed first port gets no SERVICE_PORT_<NAME>; an all-digit port name does',
        service: svc('q-u-u-x', 'default', '9.8.7.6', [
            { port: 8082, protocol: 'TCP' },
            { name: '8083', port: 8083, protocol: 'TCP' },
        ]),
        expect: [
            ['Q_U_U_X_SERVICE_HOST', '9.8.7.6'],
            ['Q_U_U_X_SERVICE_PORT', '8082'],
            ['Q_U_U_X_SERVICE_PORT_8083', '8083'],
            ['Q_U_U_X_PORT', 'tcp://9.8.7.6:8082'],
            ['Q_U_U_X_PORT_8082_TCP', 'tcp://9.8.7.6:8082'],
            ['Q_U_U_X_PORT_8082_TCP_PROTO', 'tcp'],
            ['Q_U_U_X_PORT_8082_TCP_PORT', '8082'],
            ['Q_U_U_X_PORT_8082_TCP_ADDR', '9.8.7.6'],
            ['Q_U_U_X_PORT_8083_TCP', 'tcp://9.8.7.6:8083'],
            ['Q_U_U_X_PORT_8083_TCP_PROTO', 'tcp'],
            ['Q_U_U_X_PORT_8083_TCP_PORT', '8083'],
            ['Q_U_U_X_PORT_8083_TCP_ADDR', '9.8.7.6'],
        ],
    },
    {
        why: 'clusterIP None (headless) gives nothing',
        service: svc('svrc-clusterip-none', 'default', 'None', [{ port: 8082, protocol: 'TCP' }]),
        expect: [],
    },
    {
        why: 'an empty clusterIP gives nothing',
        service: svc('svrc-clusterip-empty', 'default', '', [{ port: 8082, protocol: 'TCP' }]),
        expect: [],
    },
    {
        why: 'IPv6: URLs bracket the address, SERVICE_HOST and ADDR do not',
        service: svc('super-ipv6', 'default', '2001:DB8::', [
            { name: 'u-d-p', port: 8084, protocol: 'UDP' },
            { name: 't-c-p', port: 8084, protocol: 'TCP' },
        ]),
        expect: [
            ['SUPER_IPV6_SERVICE_HOST', '2001:DB8::'],
            ['SUPER_IPV6_SERVICE_PORT', '8084'],
            ['SUPER_IPV6_SERVICE_PORT_U_D_P', '8084'],
            ['SUPER_IPV6_SERVICE_PORT_T_C_P', '8084'],
            ['SUPER_IPV6_PORT', 'udp://[2001:DB8::]:8084'],
            ['SUPER_IPV6_PORT_8084_UDP', 'udp://[2001:DB8::]:8084'],
            ['SUPER_IPV6_PORT_8084_UDP_PROTO', 'udp'],
            ['SUPER_IPV6_PORT_8084_UDP_PORT', '8084'],
            ['SUPER_IPV6_PORT_8084_UDP_ADDR', '2001:DB8::'],
            ['SUPER_IPV6_PORT_8084_TCP', 'tcp://[2001:DB8::]:8084'],
            ['SUPER_IPV6_PORT_8084_TCP_PROTO', 'tcp'],
            ['SUPER_IPV6_PORT_8084_TCP_PORT', '8084'],
            ['SUPER_IPV6_PORT_8084_TCP_ADDR', '2001:DB8::'],
        ],
    },
    {
        why: 'SCTP is lower-case in URLs and PROTO, upper-case in names',
        service: svc('sctp-1', 'default', '1.2.3.4', [{ port: 777, protocol: 'SCTP' }]),
        expect: [
            ['SCTP_1_SERVICE_HOST', '1.2.3.4'],
            ['SCTP_1_SERVICE_PORT', '777'],
            ['SCTP_1_PORT', 'sctp://1.2.3.4:777'],
            ['SCTP_1_PORT_777_SCTP', 'sctp://1.2.3.4:777'],
            ['SCTP_1_PORT_777_SCTP_PROTO', 'sctp'],
            ['SCTP_1_PORT_777_SCTP_PORT', '777'],
            ['SCTP_1_PORT_777_SCTP_ADDR', '1.2.3.4'],
        ],
    },
];

for (const c of fromServicesCases) {
    test(`FromServices ${c.service.metadata.name}: ${c.why}`, () => {
        const vars = serviceEnvVars(c.service);
        assert.deepEqual(pairs(vars), c.expect);
        for (const v of vars) assert.equal(v.source, `service:default/${c.service.metadata.name}`);
    });
}

test('FromServices over the whole upstream list is the concatenation, in order (index by index like envvars_test.go)', () => {
    const all = fromServicesCases.flatMap((c) => serviceEnvVars(c.service));
    assert.deepEqual(
        pairs(all),
        fromServicesCases.flatMap((c) => c.expect),
    );
    assert.equal(all.length, 7 + 13 + 12 + 13 + 7);
});

test('an empty protocol means TCP (the API default)', () => {
    assert.deepEqual(pairs(serviceEnvVars(svc('web', 'default', '10.0.0.5', [{ port: 80 }]))).slice(2, 4), [
        ['WEB_PORT', 'tcp://10.0.0.5:80'],
        ['WEB_PORT_80_TCP', 'tcp://10.0.0.5:80'],
    ]);
});

test('a dual-stack Service gives variables for spec.clusterIP only, never clusterIPs[1]', () => {
    const s = svc('dual', 'default', '10.0.0.7', [{ port: 80, protocol: 'TCP' }], { clusterIPs: ['10.0.0.7', 'fd00::7'], ipFamilies: ['IPv4', 'IPv6'] });
    const vars = serviceEnvVars(s);
    assert.equal(vars.length, 7);
    assert.ok(vars.every((v) => !v.value!.includes('fd00')));
});

test('each extra port adds 4 variables, plus 1 when named', () => {
    const s = svc('multi', 'default', '10.0.0.8', [
        { name: 'http', port: 80, protocol: 'TCP' },
        { name: 'https', port: 443, protocol: 'TCP' },
        { name: 'metrics', port: 9090, protocol: 'TCP' },
    ]);
    assert.equal(serviceEnvVars(s).length, 7 + 1 + 2 * (4 + 1));
});

test('ExternalName Services have no cluster IP and give nothing', () => {
    const s = externalName('ext', 'example.com', { ns: 'default' });
    assert.deepEqual(serviceEnvVars(s), []);
});

test('the prefix only upper-cases and turns - into _ (a leading digit stays)', () => {
    assert.equal(envPrefix('redis-master'), 'REDIS_MASTER');
    assert.equal(envPrefix('1-test-service'), '1_TEST_SERVICE');
});

// ---------------------------------------------------------------------------------------------------------------
// Which Services, and how container env mixes in: TestMakeEnvironmentVariables of kubernetes/kubernetes
// pkg/kubelet/kubelet_pods_test.go as data.
// ---------------------------------------------------------------------------------------------------------------

const one = (name: string, namespace: string, clusterIP: string, port: number) => svc(name, namespace, clusterIP, [{ protocol: 'TCP', port }]);
const kptServices = [
    one('kubernetes', 'default', '1.2.3.1', 8081),
    one('test', 'test1', '1.2.3.3', 8083),
    one('kubernetes', 'test2', '1.2.3.4', 8084),
    one('test', 'test2', '1.2.3.5', 8085),
    one('test', 'test2', 'None', 8085),
    one('test', 'test2', '', 8085),
    one('not-special', 'default', '1.2.3.8', 8088),
    one('not-special', 'default', 'None', 8088),
    one('not-special', 'default', '', 8088),
];
const linkVars = (prefix: string, ip: string, port: number): [string, string][] => [
    [`${prefix}_SERVICE_HOST`, ip],
    [`${prefix}_SERVICE_PORT`, String(port)],
    [`${prefix}_PORT`, `tcp://${ip}:${port}`],
    [`${prefix}_PORT_${port}_TCP`, `tcp://${ip}:${port}`],
    [`${prefix}_PORT_${port}_TCP_PROTO`, 'tcp'],
    [`${prefix}_PORT_${port}_TCP_PORT`, String(port)],
    [`${prefix}_PORT_${port}_TCP_ADDR`, ip],
];

const kptCases: { name: string; ns: string; links: boolean; env: Container['env']; expect: [string, string][] }[] = [
    {
        name: 'api server = Y, kubelet = Y: container env equal to the service vars is simply kept',
        ns: 'test1',
        links: false,
        env: [['FOO', 'BAR'] as [string, string], ...linkVars('TEST', '1.2.3.3', 8083)].map(([name, value]) => ({ name, value })),
        expect: [['FOO', 'BAR'], ...linkVars('TEST', '1.2.3.3', 8083), ...linkVars('KUBERNETES', '1.2.3.1', 8081)],
    },
    {
        name: 'api server = N; kubelet = Y: enableServiceLinks false still injects default/kubernetes',
        ns: 'test1',
        links: false,
        env: [{ name: 'FOO', value: 'BAZ' }],
        expect: [['FOO', 'BAZ'], ...linkVars('KUBERNETES', '1.2.3.1', 8081)],
    },
    {
        name: 'api server = N; kubelet = Y; service env vars: the pod namespace Services are added',
        ns: 'test1',
        links: true,
        env: [{ name: 'FOO', value: 'BAZ' }],
        expect: [['FOO', 'BAZ'], ...linkVars('TEST', '1.2.3.3', 8083), ...linkVars('KUBERNETES', '1.2.3.1', 8081)],
    },
    {
        name: 'master service in pod ns: with links off the local kubernetes Service is ignored',
        ns: 'test2',
        links: false,
        env: [{ name: 'FOO', value: 'ZAP' }],
        expect: [['FOO', 'ZAP'], ...linkVars('KUBERNETES', '1.2.3.1', 8081)],
    },
    {
        name: 'master service in pod ns, service env vars: the local kubernetes Service wins over default/kubernetes',
        ns: 'test2',
        links: true,
        env: [{ name: 'FOO', value: 'ZAP' }],
        expect: [['FOO', 'ZAP'], ...linkVars('TEST', '1.2.3.5', 8085), ...linkVars('KUBERNETES', '1.2.3.4', 8084)],
    },
    {
        name: 'pod in master service ns: links off gives only kubernetes',
        ns: 'default',
        links: false,
        env: [],
        expect: linkVars('KUBERNETES', '1.2.3.1', 8081),
    },
    {
        name: 'pod in master service ns, service env vars: other default Services join, headless/empty ones do not',
        ns: 'default',
        links: true,
        env: [],
        expect: [...linkVars('NOT_SPECIAL', '1.2.3.8', 8088), ...linkVars('KUBERNETES', '1.2.3.1', 8081)],
    },
];

for (const c of kptCases) {
    test(`kubelet makeEnvironmentVariables: ${c.name}`, () => {
        const p = pod(c.ns, { env: c.env }, { enableServiceLinks: c.links });
        const r = envFor(snapshotOf(kptServices, [p]), { namespace: c.ns, pod: p });
        assert.deepEqual(sortedPairs(r.variables), sortedExpect(c.expect));
        assert.equal(new Set(r.variables.map((v) => v.name)).size, r.variables.length, 'no name appears twice');
    });
}

test('servicesForPodEnv: own namespace with links, plus default/kubernetes; sorted by name', () => {
    const names = (list: Service[]) => list.map((s) => `${nsOf(s)}/${s.metadata.name}`);
    assert.deepEqual(names(servicesForPodEnv(snapshotOf(kptServices), 'test2', true)), ['test2/kubernetes', 'test2/test']);
    assert.deepEqual(names(servicesForPodEnv(snapshotOf(kptServices), 'test2', false)), ['default/kubernetes']);
    assert.deepEqual(names(servicesForPodEnv(snapshotOf(kptServices), 'default', true)), ['default/kubernetes', 'default/not-special']);
    assert.deepEqual(names(servicesForPodEnv(snapshotOf(kptServices), 'elsewhere', true)), ['default/kubernetes']);
});

test('the local kubernetes Service wins whatever the order Services are listed in', () => {
    const reversed = [...kptServices].reverse();
    const host = (list: Service[]) => envFor(snapshotOf(list), { namespace: 'test2' }).variables.find((v) => v.name === 'KUBERNETES_SERVICE_HOST')?.value;
    assert.equal(host(kptServices), '1.2.3.4');
    assert.equal(host(reversed), '1.2.3.4');
    assert.ok(envFor(snapshotOf(kptServices), { namespace: 'test2' }).notes.some((n) => n.includes('test2/kubernetes hides default/kubernetes')));
});

test('without a pod: a new pod with enableServiceLinks true and no env of its own', () => {
    const r = envFor(snapshotOf(kptServices), { namespace: 'test1' });
    assert.equal(r.pod, null);
    assert.equal(r.container, null);
    assert.deepEqual(sortedPairs(r.variables), sortedExpect([...linkVars('TEST', '1.2.3.3', 8083), ...linkVars('KUBERNETES', '1.2.3.1', 8081)]));
    assert.ok(r.notes.some((n) => n.includes('random order')));
});

test('env expansion (kubelet_pods_test.go "env expansion"): earlier vars and field refs expand, out-of-order and undefined stay literal', () => {
    const env: Container['env'] = [
        { name: 'TEST_LITERAL', value: 'test-test-test' },
        { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
        { name: 'OUT_OF_ORDER_TEST', value: '$(OUT_OF_ORDER_TARGET)' },
        { name: 'OUT_OF_ORDER_TARGET', value: 'FOO' },
        { name: 'EMPTY_VAR' },
        { name: 'EMPTY_TEST', value: 'foo-$(EMPTY_VAR)' },
        { name: 'POD_NAME_TEST2', value: 'test2-$(POD_NAME)' },
        { name: 'POD_NAME_TEST3', value: '$(POD_NAME_TEST2)-3' },
        { name: 'LITERAL_TEST', value: 'literal-$(TEST_LITERAL)' },
        { name: 'TEST_UNDEFINED', value: '$(UNDEFINED_VAR)' },
    ];
    const p = pod('test1', { env }, { enableServiceLinks: false });
    const r = envFor(snapshotOf(kptServices, [p]), { namespace: 'test1', pod: p });
    assert.deepEqual(
        sortedPairs(r.variables),
        sortedExpect([
            ['TEST_LITERAL', 'test-test-test'],
            ['POD_NAME', 'dapi-test-pod-name'],
            ['POD_NAME_TEST2', 'test2-dapi-test-pod-name'],
            ['POD_NAME_TEST3', 'test2-dapi-test-pod-name-3'],
            ['LITERAL_TEST', 'literal-test-test-test'],
            ['OUT_OF_ORDER_TEST', '$(OUT_OF_ORDER_TARGET)'],
            ['OUT_OF_ORDER_TARGET', 'FOO'],
            ['TEST_UNDEFINED', '$(UNDEFINED_VAR)'],
            ['EMPTY_VAR', ''],
            ['EMPTY_TEST', 'foo-'],
            ...linkVars('KUBERNETES', '1.2.3.1', 8081),
        ]),
    );
    // container variables come first, in declaration order
    assert.deepEqual(
        r.variables.slice(0, 3).map((v) => v.name),
        ['TEST_LITERAL', 'POD_NAME', 'OUT_OF_ORDER_TEST'],
    );
    assert.equal(r.variables.find((v) => v.name === 'POD_NAME')?.source, 'container:fieldRef metadata.name');
});

test('env expansion, service env vars (kubelet_pods_test.go): $(TEST_SERVICE_HOST):$(TEST_SERVICE_PORT) expands from Service variables', () => {
    const p = pod('test1', { env: [{ name: 'SERVICE_VAR_TEST', value: '$(TEST_SERVICE_HOST):$(TEST_SERVICE_PORT)' }] });
    const r = envFor(snapshotOf(kptServices, [p]), { namespace: 'test1', pod: p });
    assert.equal(r.variables.find((v) => v.name === 'SERVICE_VAR_TEST')?.value, '1.2.3.3:8083');
});

test('a container variable may use a Service variable it later overrides: expansion sees the Service value at that point', () => {
    const p = pod('test1', {
        env: [
            { name: 'ADDR', value: '$(TEST_SERVICE_HOST)' },
            { name: 'TEST_SERVICE_HOST', value: 'override.example' },
            { name: 'AFTER', value: '$(TEST_SERVICE_HOST)' },
        ],
    });
    const r = envFor(snapshotOf(kptServices, [p]), { namespace: 'test1', pod: p });
    const get = (n: string) => r.variables.filter((v) => v.name === n);
    assert.equal(get('ADDR')[0]?.value, '1.2.3.3');
    assert.equal(get('AFTER')[0]?.value, 'override.example');
    assert.equal(get('TEST_SERVICE_HOST').length, 1);
    assert.equal(get('TEST_SERVICE_HOST')[0]?.value, 'override.example');
    assert.equal(get('TEST_SERVICE_HOST')[0]?.source, 'container');
    assert.equal(get('TEST_SERVICE_HOST')[0]?.overrides, 'service:test1/test');
    assert.equal(get('TEST_SERVICE_PORT')[0]?.source, 'service:test1/test');
});

test('secrets and config maps are never read: values are null with a readable reference, also through expansion', () => {
    const p = pod('test1', {
        env: [
            { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-creds', key: 'password' } } },
            { name: 'DB_URL', value: 'postgres://app:$(DB_PASSWORD)@$(TEST_SERVICE_HOST)/app' },
            { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'mode' } } },
            { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
        ],
        envFrom: [{ secretRef: { name: 'bulk' }, prefix: 'B_' }],
    });
    const r = envFor(snapshotOf(kptServices, [p]), { namespace: 'test1', pod: p });
    const get = (n: string) => r.variables.find((v) => v.name === n)!;
    assert.equal(get('DB_PASSWORD').value, null);
    assert.equal(get('DB_PASSWORD').source, 'container:secretKeyRef db-creds/password');
    assert.equal(get('DB_PASSWORD').reference, 'secret db-creds key password');
    assert.equal(get('DB_URL').value, null, 'a value built from a secret is not shown either');
    assert.match(get('DB_URL').reference!, /secret db-creds key password/);
    assert.equal(get('MODE').value, null);
    assert.equal(get('MODE').reference, 'configMap settings key mode');
    assert.equal(get('CPU').value, null);
    assert.ok(r.notes.some((n) => n.includes('envFrom secret bulk (prefix B_)')));
});

test('with envFrom, an otherwise undefined $(VAR) is noted as possibly defined there', () => {
    const p = pod('test1', { env: [{ name: 'X', value: '$(FROM_CM)' }], envFrom: [{ configMapRef: { name: 'cm' } }] });
    const r = envFor(snapshotOf(kptServices, [p]), { namespace: 'test1', pod: p });
    assert.equal(r.variables.find((v) => v.name === 'X')?.value, '$(FROM_CM)');
    assert.ok(r.notes.some((n) => n.includes('$(FROM_CM)') && n.includes('envFrom')));
});

test('a pod without enableServiceLinks set gets the API default (true)', () => {
    const p = pod('test1', {}, {});
    delete p.spec.enableServiceLinks;
    const r = envFor(snapshotOf(kptServices, [p]), { namespace: 'test1', pod: p });
    assert.ok(r.variables.some((v) => v.name === 'TEST_SERVICE_HOST'));
});

test('the chosen container: first by default (noted when there are several), or the one named', () => {
    const p = podOf('two', {
        ns: 'test1',
        containers: [
            { name: 'a', env: [{ name: 'WHO', value: 'a' }] },
            { name: 'b', env: [{ name: 'WHO', value: 'b' }] },
        ],
    });
    const first = envFor(snapshotOf(kptServices, [p]), { namespace: 'test1', pod: p });
    assert.equal(first.container, 'a');
    assert.equal(first.variables.find((v) => v.name === 'WHO')?.value, 'a');
    assert.ok(first.notes.some((n) => n.includes('first of a, b')));
    const second = envFor(snapshotOf(kptServices, [p]), { namespace: 'test1', pod: p, container: 'b' });
    assert.equal(second.variables.find((v) => v.name === 'WHO')?.value, 'b');
});

// ---------------------------------------------------------------------------------------------------------------
// $(VAR) expansion: the cases of third_party/forked/golang/expansion/expand_test.go, as data.
// ---------------------------------------------------------------------------------------------------------------

const ctx: Record<string, string> = { VAR_A: 'A', VAR_B: 'B', VAR_C: 'C', VAR_REF: '$(VAR_A)', VAR_EMPTY: '' };
const lookup = (n: string) => (Object.hasOwn(ctx, n) ? ctx[n] : undefined);
const expansionCases: [string, string, string][] = [
    ['whole string', '$(VAR_A)', 'A'],
    ['repeat', '$(VAR_A)-$(VAR_A)', 'A-A'],
    ['beginning', '$(VAR_A)-1', 'A-1'],
    ['middle', '___$(VAR_B)___', '___B___'],
    ['end', '___$(VAR_C)', '___C'],
    ['compound', '$(VAR_A)_$(VAR_B)_$(VAR_C)', 'A_B_C'],
    ['escape & expand', '$$(VAR_B)_$(VAR_A)', '$(VAR_B)_A'],
    ['compound escape', '$$(VAR_A)_$$(VAR_B)', '$(VAR_A)_$(VAR_B)'],
    ['mixed in escapes', 'f000-$$VAR_A', 'f000-$VAR_A'],
    ['backslash escape ignored', 'foo\\$(VAR_C)bar', 'foo\\Cbar'],
    ['two backslashes', 'foo\\\\$(VAR_C)bar', 'foo\\\\Cbar'],
    ['lots of backslashes', 'foo\\\\\\\\$(VAR_A)bar', 'foo\\\\\\\\Abar'],
    ['nested var references', '$(VAR_A$(VAR_B))', '$(VAR_A$(VAR_B))'],
    ['nested var references second type', '$(VAR_A$(VAR_B)', '$(VAR_A$(VAR_B)'],
    ['value is a reference (no recursion)', '$(VAR_REF)', '$(VAR_A)'],
    ['value is a reference x 2', '%%$(VAR_REF)--$(VAR_REF)%%', '%%$(VAR_A)--$(VAR_A)%%'],
    ['empty var', 'foo$(VAR_EMPTY)bar', 'foobar'],
    ['unterminated expression', 'foo$(VAR_Awhoops!', 'foo$(VAR_Awhoops!'],
    ['expression without operator', 'f00__(VAR_A)__', 'f00__(VAR_A)__'],
    ['shell special vars pass through', '$?_boo_$!', '$?_boo_$!'],
    ['bare operators are ignored', '$VAR_A', '$VAR_A'],
    ['undefined vars are passed through', '$(VAR_DNE)', '$(VAR_DNE)'],
    ['multiple (even) operators, var undefined', '$$$$$$(BIG_MONEY)', '$$$(BIG_MONEY)'],
    ['multiple (even) operators, var defined', '$$$$$$(VAR_A)', '$$$(VAR_A)'],
    ['multiple (odd) operators, var undefined', '$$$$$$$(GOOD_ODDS)', '$$$$(GOOD_ODDS)'],
    ['multiple (odd) operators, var defined', '$$$$$$$(VAR_A)', '$$$A'],
    ['missing open expression', '$VAR_A)', '$VAR_A)'],
    ['shell syntax ignored', '${VAR_A}', '${VAR_A}'],
    ['trailing incomplete expression not consumed', '$(VAR_B)_______$(A', 'B_______$(A'],
    ['trailing incomplete expression, no content, is not consumed', '$(VAR_C)_______$(', 'C_______$('],
    ['operator at end of input string is preserved', '$(VAR_A)foobarzab$', 'Afoobarzab$'],
    ['shell escaped incomplete expr', 'foo-\\$(VAR_A', 'foo-\\$(VAR_A'],
    ['lots of $( in middle', '--$($($($($--', '--$($($($($--'],
    ['lots of $( in beginning', '$($($($($--foo$(', '$($($($($--foo$('],
    ['lots of $( at end', 'foo0--$($($($(', 'foo0--$($($($('],
    ['escaped operators in variable names are not escaped', '$(foo$$var)', '$(foo$$var)'],
    ['newline not expanded', '\n', '\n'],
];

for (const [name, input, expected] of expansionCases) {
    test(`expandEnvValue: ${name}`, () => {
        assert.equal(expandEnvValue(input, lookup), expected);
    });
}

// ---------------------------------------------------------------------------------------------------------------
// Clashes and names shells cannot use.
// ---------------------------------------------------------------------------------------------------------------

test('foo and foo-service both produce FOO_SERVICE_PORT (a port number vs a link URL): a clash', () => {
    const foo = one('foo', 'apps', '10.0.0.1', 80);
    const fooService = one('foo-service', 'apps', '10.0.0.2', 80);
    const clashes = envNameClashes([foo, fooService]);
    assert.deepEqual(clashes, [{ name: 'FOO_SERVICE_PORT', services: ['apps/foo', 'apps/foo-service'] }]);
    const r = envFor(snapshotOf([foo, fooService]), { namespace: 'apps' });
    assert.deepEqual(r.clashes, clashes);
    assert.equal(r.variables.filter((v) => v.name === 'FOO_SERVICE_PORT').length, 1);
    assert.ok(r.notes.some((n) => n.startsWith('FOO_SERVICE_PORT') && n.includes('random')));
});

test('redis and redis-port have similar prefixes but no common name; redis-port-6379-tcp does collide with redis', () => {
    const redis = one('redis', 'apps', '10.0.0.1', 6379);
    assert.deepEqual(envNameClashes([redis, one('redis-port', 'apps', '10.0.0.2', 6379)]), []);
    const clash = envNameClashes([redis, one('redis-port-6379-tcp', 'apps', '10.0.0.3', 6379)]);
    assert.deepEqual(
        clash.map((c) => c.name),
        ['REDIS_PORT_6379_TCP_PORT'],
    );
});

test('a Service name starting with a digit (KEP-5311) gives names POSIX shells cannot use', () => {
    const s = one('1-test-service', 'apps', '10.0.0.9', 80);
    const vars = serviceEnvVars(s);
    assert.equal(vars[0]?.name, '1_TEST_SERVICE_SERVICE_HOST');
    assert.equal(isPosixShellName('1_TEST_SERVICE_SERVICE_HOST'), false);
    assert.equal(isPosixShellName('REDIS_MASTER_SERVICE_HOST'), true);
    assert.equal(shellUnusableEnvNames(vars).length, vars.length);
    assert.ok(envFor(snapshotOf([s]), { namespace: 'apps' }).notes.some((n) => n.includes('apps/1-test-service') && n.includes('POSIX')));
});

// ---------------------------------------------------------------------------------------------------------------
// The scenarios of test/fixtures/scenarios.
// ---------------------------------------------------------------------------------------------------------------

test('seed-002: the redis-master env example is reproduced exactly (names, values, printed order)', () => {
    const name = 'seed-002-redis-env-and-selectorless';
    const example = loadObserved(name).env?.find((e) => e.id === 'redis-master-env');
    assert.ok(example, 'observed.yaml has the redis-master example');
    const snapshot = loadScenarioSnapshot(name);
    const redis = snapshot.services.find((s) => nsOf(s) === 'default' && s.metadata.name === 'redis-master')!;
    const want = example.vars.map((v) => [v.name, String(v.value)] as const);
    assert.deepEqual(pairs(serviceEnvVars(redis)), want);
    const r = envFor(snapshot, { namespace: 'default' });
    assert.deepEqual(pairs(r.variables.filter((v) => v.source === 'service:default/redis-master')), want);
});

test('seed-002: my-app started before my-ns/my-service existed, so its running container lacks those variables', () => {
    const name = 'seed-002-redis-env-and-selectorless';
    assert.ok(loadObserved(name).claims?.some((c) => c.id === 'env-needs-service-first'));
    const snapshot = loadScenarioSnapshot(name);
    const app = snapshot.pods.find((p) => nsOf(p) === 'my-ns')!;
    const r = envFor(snapshot, { namespace: 'my-ns', pod: app });
    assert.ok(r.notes.some((n) => n.includes('my-ns/my-service was created') && n.includes('does not have its variables')));
    // what kubelet would inject now still has them
    assert.ok(r.variables.some((v) => v.name === 'MY_SERVICE_SERVICE_PORT_HTTP' && v.value === '80'));
});

for (const name of scenarioNames()) {
    test(`${name}: every pod's env computes; default/kubernetes gives KUBERNETES_SERVICE_PORT_HTTPS`, () => {
        const snapshot = loadScenarioSnapshot(name);
        assert.ok(snapshot.pods.length > 0);
        for (const p of snapshot.pods) {
            for (const c of p.spec.containers) {
                const r = envFor(snapshot, { namespace: nsOf(p), pod: p, container: c.name });
                assert.equal(r.container, c.name);
                const names = new Set(r.variables.map((v) => v.name));
                assert.equal(names.size, r.variables.length, `${p.metadata.name}: no duplicate names`);
                for (const must of ['KUBERNETES_SERVICE_HOST', 'KUBERNETES_SERVICE_PORT', 'KUBERNETES_SERVICE_PORT_HTTPS', 'KUBERNETES_PORT_443_TCP_ADDR']) {
                    assert.ok(names.has(must), `${p.metadata.name} lacks ${must}`);
                }
                assert.equal(r.variables.find((v) => v.name === 'KUBERNETES_SERVICE_PORT_HTTPS')?.value, '443');
                // headless Services in the pod's namespace give nothing
                for (const s of snapshot.services.filter((s) => nsOf(s) === nsOf(p) && s.spec.clusterIP === 'None')) {
                    assert.ok(!names.has(`${envPrefix(s.metadata.name)}_SERVICE_HOST`), `${s.metadata.name} is headless`);
                }
            }
        }
    });
}

test('enableServiceLinks false on a scenario pod leaves only the KUBERNETES_* variables', () => {
    const snapshot = loadScenarioSnapshot('seed-002-redis-env-and-selectorless');
    const original = snapshot.pods.find((p) => nsOf(p) === 'default')!;
    const p: Pod = { ...original, spec: { ...original.spec, containers: original.spec.containers.map((c) => ({ ...c, env: [] })), enableServiceLinks: false } };
    const r = envFor(snapshot, { namespace: 'default', pod: p });
    assert.ok(r.variables.length > 0);
    assert.ok(
        r.variables.every((v) => v.name.startsWith('KUBERNETES_')),
        r.variables.map((v) => v.name).join(' '),
    );
});
