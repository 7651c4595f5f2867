/**
 * `svcdig env --pod P --compare` through the fake API server's exec: the running container's `env` against what
 * kubelet would inject now (kubernetes/kubernetes pkg/kubelet/kubelet_pods.go `makeEnvironmentVariables`). kubelet
 * builds the environment once, at container start: a Service created later is missing, one recreated with a new
 * ClusterIP is stale, one deleted since is extra, and the container's own env overrides a Service variable. Only
 * service-link variables are compared; nothing else the container holds is ever printed.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../src/core/k8s.js';
import { serviceLinkPrefixes, serviceLinkVars } from '../../src/commands/env/compare.js';
import type { EnvReport } from '../../src/core/env-report.js';
import { startFakeApiServer, type FakeApiServer } from '../kit/fake-apiserver/index.js';
import { runCli } from '../helpers/run-cli.js';
import { namespace, pod, service } from '../kit/cluster-builder.js';

const STARTED = '2026-01-01T12:00:00Z';

const svc = (name: string, ip: string, created: string, ports: { name?: string; port: number }[]): KubeObject =>
    service(name, { ns: 'dev', clusterIP: ip, created, ports, selector: null });

const OBJECTS: KubeObject[] = [
    namespace('dev'),
    // Recreated after the container started, with a new ClusterIP (it had 10.0.0.11).
    svc('redis-master', '10.0.0.12', '2026-01-01T13:00:00Z', [{ port: 6379 }]),
    // Created after the container started.
    svc('api', '10.0.0.20', '2026-01-02T09:30:00Z', [{ name: 'http', port: 8080 }]),
    // Existed before; the container's own env sets CACHE_SERVICE_HOST.
    svc('cache', '10.0.0.30', '2025-12-01T00:00:00Z', [{ port: 11211 }]),
    pod('web-0', {
        ns: 'dev',
        created: '2026-01-01T11:59:00Z',
        started: STARTED,
        containers: [{ name: 'app', image: 'app', env: [{ name: 'CACHE_SERVICE_HOST', value: 'cache.internal' }] }],
    }),
];

/** The seven variables kubelet makes for a one-port TCP Service (kubernetes/kubernetes envvars.go `FromServices`). */
const linkVars = (prefix: string, ip: string, port: number): string[] => [
    `${prefix}_SERVICE_HOST=${ip}`,
    `${prefix}_SERVICE_PORT=${port}`,
    `${prefix}_PORT=tcp://${ip}:${port}`,
    `${prefix}_PORT_${port}_TCP=tcp://${ip}:${port}`,
    `${prefix}_PORT_${port}_TCP_PROTO=tcp`,
    `${prefix}_PORT_${port}_TCP_PORT=${port}`,
    `${prefix}_PORT_${port}_TCP_ADDR=${ip}`,
];

/** What `env` prints in the container: its environment from when it started, plus unrelated variables. */
const RUNNING_ENV =
    [
        'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        'HOSTNAME=web-0',
        'DB_PASSWORD=hunter2-secret',
        'MOTD=line one',
        'line two of a multi-line value',
        ...linkVars('REDIS_MASTER', '10.0.0.11', 6379),
        ...linkVars('CACHE', '10.0.0.30', 11211).map((l) => (l.startsWith('CACHE_SERVICE_HOST=') ? 'CACHE_SERVICE_HOST=cache.internal' : l)),
        ...linkVars('OLDSVC', '10.0.0.50', 9000),
        ...linkVars('KUBERNETES', '10.96.0.1', 443),
        'HOME=/root',
    ].join('\n') + '\n';

type T = { after: (fn: () => Promise<void> | void) => void };

async function cluster(t: T): Promise<{ server: FakeApiServer; env: Record<string, string> }> {
    const server = await startFakeApiServer({ objects: OBJECTS });
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-env-compare-'));
    t.after(async () => {
        await server.close();
        rmSync(dir, { recursive: true, force: true });
    });
    server.execScripts.set('dev/web-0', (command, container) => {
        assert.deepEqual(command, ['env']);
        assert.equal(container, 'app');
        return { stdout: RUNNING_ENV };
    });
    return { server, env: { KUBECONFIG: server.kubeconfigPath(dir, { namespace: 'dev' }), HOME: dir } };
}

const names = (list: { name: string }[]) => list.map((x) => x.name);

describe('env --compare', () => {
    it('missing, stale, extra and overridden, each with its reason; exit 1', async (t) => {
        const { server, env } = await cluster(t);
        const r = await runCli(['env', '--pod', 'web-0', '--compare', '-o', 'json'], { env });
        assert.equal(r.code, 1, r.stderr);
        const c = (JSON.parse(r.stdout) as EnvReport).comparison!;
        assert.equal(c.status, 'compared');
        // api was created after the container started: all its variables are missing.
        assert.deepEqual(names(c.missing), [
            'API_PORT',
            'API_PORT_8080_TCP',
            'API_PORT_8080_TCP_ADDR',
            'API_PORT_8080_TCP_PORT',
            'API_PORT_8080_TCP_PROTO',
            'API_SERVICE_HOST',
            'API_SERVICE_PORT',
            'API_SERVICE_PORT_HTTP',
        ]);
        assert.equal(c.missing.find((m) => m.name === 'API_SERVICE_HOST')!.expected, '10.0.0.20');
        assert.equal(c.missing[0]!.why, `the Service was created at 2026-01-02T09:30:00Z, after the container started at ${STARTED}`);
        // redis-master was recreated with a new ClusterIP: the IP-bearing variables are stale, the port ones are not.
        assert.deepEqual(names(c.stale), ['REDIS_MASTER_PORT', 'REDIS_MASTER_PORT_6379_TCP', 'REDIS_MASTER_PORT_6379_TCP_ADDR', 'REDIS_MASTER_SERVICE_HOST']);
        const host = c.stale.find((s) => s.name === 'REDIS_MASTER_SERVICE_HOST')!;
        assert.deepEqual([host.actual, host.expected], ['10.0.0.11', '10.0.0.12']);
        assert.match(host.why, /recreated at 2026-01-01T13:00:00Z, after the container started at 2026-01-01T12:00:00Z/);
        // oldsvc is gone.
        assert.deepEqual(
            names(c.extra),
            linkVars('OLDSVC', '', 9000)
                .map((l) => l.split('=')[0]!)
                .sort(),
        );
        assert.match(c.extra[0]!.why, /no Service in namespace dev makes OLDSVC_\w+ now/);
        // The container sets CACHE_SERVICE_HOST itself.
        assert.deepEqual(
            c.overridden.map((o) => [o.name, o.actual]),
            [['CACHE_SERVICE_HOST', 'cache.internal']],
        );
        assert.match(c.overridden[0]!.why, /container's own env sets it, hiding the value from Service dev\/cache/);
        // KUBERNETES_* are not judged: default/kubernetes was not read for a namespace-scoped env.
        assert.ok(![...c.missing, ...c.stale, ...c.extra, ...c.overridden].some((x) => x.name.startsWith('KUBERNETES_')));
        const up = server.requests.find((q) => q.subresource === 'exec');
        assert.equal(up?.method, 'GET');
        assert.equal(up?.query.container, 'app');
    });

    it('no value of a variable outside the service-link families is printed, in any format', async (t) => {
        const { env } = await cluster(t);
        for (const output of ['json', 'yaml', 'table', 'dotenv', 'shell']) {
            const r = await runCli(['env', '--pod', 'web-0', '--compare', '-o', output], { env });
            for (const secret of ['hunter2', 'DB_PASSWORD', '/usr/local/sbin', 'line two', 'HOSTNAME']) {
                assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret), `${output}: ${secret} leaked`);
            }
        }
    });

    it('the table shows each difference with its reason', async (t) => {
        const { env } = await cluster(t);
        const r = await runCli(['env', '--pod', 'web-0', '--compare', '-o', 'table'], { env });
        assert.equal(r.code, 1);
        assert.match(r.stdout, /missing\s+API_SERVICE_HOST=10\.0\.0\.20 — the Service was created at 2026-01-02T09:30:00Z/);
        assert.match(r.stdout, /stale\s+REDIS_MASTER_SERVICE_HOST=10\.0\.0\.11 \(now 10\.0\.0\.12\)/);
        assert.match(r.stdout, /extra\s+OLDSVC_SERVICE_HOST=10\.0\.0\.50/);
        assert.match(r.stdout, /overridden\s+CACHE_SERVICE_HOST=cache\.internal/);
    });

    it('without exec permission: unavailable with the RBAC it needs; the derived side is still shown; exit 0', async (t) => {
        const { server, env } = await cluster(t);
        server.addFault({ subresource: 'exec', status: 403 });
        const r = await runCli(['env', '--pod', 'web-0', '--compare', '-o', 'json'], { env });
        assert.equal(r.code, 0, r.stderr);
        const rep = JSON.parse(r.stdout) as EnvReport;
        assert.equal(rep.comparison!.status, 'unavailable');
        assert.equal(rep.comparison!.reason, 'svcdig needs get and create pods/exec in namespace dev');
        assert.ok(
            rep.variables.some((v) => v.name === 'API_SERVICE_HOST' && v.value === '10.0.0.20'),
            'derived variables are there',
        );
        assert.match(r.stderr, /svcdig needs get and create pods\/exec in namespace dev/);
    });

    it('--compare on files has no running container to read: unavailable, derived side shown', async (t) => {
        const dir = mkdtempSync(join(tmpdir(), 'svcdig-env-compare-files-'));
        t.after(() => rmSync(dir, { recursive: true, force: true }));
        const { stringify } = await import('yaml');
        const { writeFileSync } = await import('node:fs');
        const file = join(dir, 'objs.yaml');
        writeFileSync(file, OBJECTS.map((o) => stringify(o)).join('---\n'));
        const r = await runCli(['env', '--pod', 'web-0', '-n', 'dev', '--compare', '-f', file, '-o', 'json']);
        assert.equal(r.code, 0, r.stderr);
        const rep = JSON.parse(r.stdout) as EnvReport;
        assert.equal(rep.comparison!.status, 'unavailable');
        assert.match(rep.comparison!.reason!, /through the API server/);
    });
});

describe('service-link variable names', () => {
    it('a name can belong to two families (Service foo vs Service foo-service)', () => {
        // foo's first port, or foo-service's {P}_PORT link variable.
        assert.deepEqual(serviceLinkPrefixes('FOO_SERVICE_PORT'), ['FOO', 'FOO_SERVICE']);
        assert.deepEqual(serviceLinkPrefixes('FOO_SERVICE_PORT_HTTP'), ['FOO']);
        assert.deepEqual(serviceLinkPrefixes('FOO_PORT_80_TCP_ADDR'), ['FOO']);
        assert.deepEqual(serviceLinkPrefixes('PATH'), []);
    });

    it('keeps only the families asked for, and joins continuation lines to their variable', () => {
        const got = serviceLinkVars('A_SERVICE_HOST=1.2.3.4\nSECRET=x\ny\nA_PORT=tcp://1.2.3.4:80\nB_SERVICE_HOST=5.6.7.8\n', (p) => p === 'A');
        assert.deepEqual(
            [...got],
            [
                ['A_SERVICE_HOST', '1.2.3.4'],
                ['A_PORT', 'tcp://1.2.3.4:80'],
            ],
        );
    });
});
