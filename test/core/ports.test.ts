import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeServicePort, resolveTargetPort } from '../../src/core/ports.js';
import type { Container, Pod, ServicePort } from '../../src/core/k8s.js';
import { pod as podOf } from '../kit/cluster-builder.js';

/** Pod `p` with these containers (named c0, c1, … and init0, … unless given). */
function pod(containers: Partial<Container>[], initContainers: Partial<Container>[] = []): Pod {
    return podOf('p', {
        containers: containers.map((c, i) => ({ name: `c${i}`, ...c })),
        initContainers: initContainers.map((c, i) => ({ name: `init${i}`, ...c })),
    });
}
const tcp = (targetPort: number | string): ServicePort => ({ port: 80, protocol: 'TCP', targetPort });

// FindPort cases of kubernetes/endpointslice utils_test.go TestFindPort, as data: a TCP Service port with this targetPort.
const findPortCases: {
    name: string;
    containers: Partial<Container>[];
    init?: Partial<Container>[];
    target: number | string;
    want: number | null;
    container?: string;
}[] = [
    { name: 'valid int, no ports: a number needs no declaration', containers: [{}], target: 93, want: 93 },
    {
        name: 'valid int, with ports: the number is used even if nothing declares it',
        containers: [
            {
                ports: [
                    { containerPort: 11, protocol: 'TCP' },
                    { name: 'p', containerPort: 22, protocol: 'TCP' },
                ],
            },
        ],
        target: 93,
        want: 93,
    },
    { name: 'valid str, no ports', containers: [{}], target: 'p', want: null },
    {
        name: 'valid str, one ctr with ports',
        containers: [
            {
                ports: [
                    { containerPort: 11, protocol: 'UDP' },
                    { name: 'p', containerPort: 22, protocol: 'TCP' },
                    { name: 'q', containerPort: 33, protocol: 'TCP' },
                ],
            },
        ],
        target: 'q',
        want: 33,
        container: 'c0',
    },
    {
        name: 'valid str, two ctr with ports: the second container is searched too',
        containers: [
            {},
            {
                ports: [
                    { containerPort: 11, protocol: 'UDP' },
                    { name: 'p', containerPort: 22, protocol: 'TCP' },
                    { name: 'q', containerPort: 33, protocol: 'TCP' },
                ],
            },
        ],
        target: 'q',
        want: 33,
        container: 'c1',
    },
    {
        name: 'valid str, two ctr with same port number',
        containers: [
            {},
            {
                ports: [
                    { containerPort: 11, protocol: 'UDP' },
                    { name: 'p', containerPort: 22, protocol: 'TCP' },
                    { name: 'q', containerPort: 22, protocol: 'TCP' },
                ],
            },
        ],
        target: 'q',
        want: 22,
    },
    {
        name: 'valid str, invalid protocol: the name matches but the protocol does not',
        containers: [{}, { ports: [{ name: 'a', containerPort: 11, protocol: 'snmp' }] }],
        target: 'a',
        want: null,
    },
    {
        name: 'valid hostPort: containerPort is returned, not hostPort',
        containers: [{}, { ports: [{ name: 'a', containerPort: 11, hostPort: 81, protocol: 'TCP' }] }],
        target: 'a',
        want: 11,
    },
    { name: 'HostIP address plays no part', containers: [{}, { ports: [{ name: 'a', containerPort: 11, protocol: 'TCP' }] }], target: 'a', want: 11 },
    {
        name: 'sidecar initContainer named port',
        containers: [],
        init: [{ restartPolicy: 'Always', ports: [{ name: 'a', containerPort: 80, protocol: 'TCP' }] }],
        target: 'a',
        want: 80,
        container: 'init0',
    },
    {
        name: 'a plain init container (restartPolicy not Always) is never searched',
        containers: [],
        init: [{ ports: [{ name: 'a', containerPort: 80, protocol: 'TCP' }] }],
        target: 'a',
        want: null,
    },
    {
        name: 'app and sidecar containers have the same named port: the first app container wins',
        containers: [{ ports: [{ name: 'a', containerPort: 81, protocol: 'TCP' }] }, { ports: [{ name: 'a', containerPort: 82, protocol: 'TCP' }] }],
        init: [{ restartPolicy: 'Always', ports: [{ name: 'a', containerPort: 80, protocol: 'TCP' }] }],
        target: 'a',
        want: 81,
        container: 'c0',
    },
];

for (const c of findPortCases) {
    test(`FindPort: ${c.name}`, () => {
        const r = resolveTargetPort(tcp(c.target), pod(c.containers, c.init));
        if (c.want === null) {
            assert.equal(r.ok, false);
        } else {
            assert.ok(r.ok, JSON.stringify(r));
            assert.equal(r.port, c.want);
            if (c.container) assert.equal(r.container, c.container);
        }
    });
}

test('a numeric targetPort reports whether some container declares it, and which', () => {
    const p = pod([{ name: 'web', ports: [{ containerPort: 8080, protocol: 'TCP' }] }]);
    assert.deepEqual(resolveTargetPort(tcp(8080), p), { ok: true, port: 8080, container: 'web', declared: true });
    assert.deepEqual(resolveTargetPort(tcp(9090), p), { ok: true, port: 9090, declared: false });
});

test('a missing protocol means TCP on both sides (API defaults)', () => {
    const p = pod([{ ports: [{ name: 'http', containerPort: 8080 }] }]);
    const r = resolveTargetPort({ port: 80, targetPort: 'http' }, p);
    assert.ok(r.ok);
    assert.equal(r.port, 8080);
    assert.equal(resolveTargetPort({ port: 53, protocol: 'UDP', targetPort: 'http' }, p).ok, false);
});

test('an unset targetPort means port (SetDefaults_Service), so it resolves to the Service port number', () => {
    const r = resolveTargetPort({ port: 6379, protocol: 'TCP' }, pod([{}]));
    assert.ok(r.ok);
    assert.equal(r.port, 6379);
    assert.equal(r.declared, false);
});

test('why a named port does not resolve, in words', () => {
    const wrongProto = resolveTargetPort(
        { port: 53, protocol: 'UDP', targetPort: 'dns' },
        pod([{ name: 'dns', ports: [{ name: 'dns', containerPort: 53, protocol: 'TCP' }] }]),
    );
    assert.equal(wrongProto.ok, false);
    assert.match(!wrongProto.ok ? wrongProto.reason : '', /no UDP port named "dns".*53\/TCP/);
    const initOnly = resolveTargetPort(tcp('a'), pod([{}], [{ name: 'setup', ports: [{ name: 'a', containerPort: 80 }] }]));
    assert.match(!initOnly.ok ? initOnly.reason : '', /init container setup.*not a sidecar/);
    const other = resolveTargetPort(tcp('htpp'), pod([{ ports: [{ name: 'http', containerPort: 80 }] }]));
    assert.match(!other.ok ? other.reason : '', /no container port named "htpp" \(named ports: http\)/);
});

test('normalizeServicePort applies the API defaults: TCP, targetPort = port (also for 0 and "")', () => {
    assert.deepEqual(normalizeServicePort({ port: 80 }), { port: 80, protocol: 'TCP', targetPort: 80 });
    assert.equal(normalizeServicePort({ port: 80, targetPort: 0 }).targetPort, 80);
    assert.equal(normalizeServicePort({ port: 80, targetPort: '' }).targetPort, 80);
    assert.deepEqual(normalizeServicePort({ name: 'dns', port: 53, protocol: 'UDP', targetPort: 'dns' }), {
        name: 'dns',
        port: 53,
        protocol: 'UDP',
        targetPort: 'dns',
    });
});
