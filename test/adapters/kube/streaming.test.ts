/**
 * The fake API server's streaming subresources (pods/exec, pods/portforward over WebSocket), checked with the clients
 * that use them for real: the real kubectl's exec (WebSocket, v5.channel.k8s.io only; KEP-4006, kubernetes/enhancements
 * keps/sig-api-machinery/4006-transition-spdy-to-websockets), client-node's Exec and PortForward (v5,v4,v3,v2,
 * channel.k8s.io offered), and a raw `ws` client for the framing itself.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import WebSocket from 'ws';
import { connectLive } from '../../../src/adapters/kube/index.js';
import type { KubeObject } from '../../../src/core/k8s.js';
import { execInPod, PodExecError } from '../../../src/adapters/kube/exec.js';
import { portForwardStream } from '../../../src/commands/common/cluster-dns.js';
import { startFakeApiServer, type FakeApiServer } from '../../kit/fake-apiserver/index.js';
import { kubectl } from './kubectl-run.js';
import { pod as podOf } from '../../kit/cluster-builder.js';

const pod = (name: string, ns: string, containers = ['main']): KubeObject =>
    podOf(name, { ns, containers: containers.map((c) => ({ name: c, image: 'app' })) });

const RESOLV = 'search dev.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n';

type T = { after: (fn: () => Promise<void> | void) => void };

async function fake(t: T, objects: KubeObject[]): Promise<{ server: FakeApiServer; kubeconfig: string }> {
    const server = await startFakeApiServer({ objects });
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-streaming-'));
    t.after(async () => {
        await server.close();
        rmSync(dir, { recursive: true, force: true });
    });
    return { server, kubeconfig: server.kubeconfigPath(dir) };
}

/** A loopback TCP server that answers every chunk with "echo:" + chunk. */
async function echoServer(t: T): Promise<number> {
    const conns = new Set<Socket>();
    const srv: Server = createServer((s) => {
        conns.add(s);
        s.on('close', () => conns.delete(s));
        s.on('data', (d) => s.write(Buffer.concat([Buffer.from('echo:'), d])));
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    t.after(async () => {
        for (const c of conns) c.destroy();
        await new Promise<void>((r) => srv.close(() => r()));
    });
    return (srv.address() as { port: number }).port;
}

/** A raw WebSocket to the fake: returns the negotiated protocol and every binary message, or the HTTP rejection status. */
function rawWs(
    server: FakeApiServer,
    path: string,
    protocols: string[],
    opts: { send?: Buffer[]; timeoutMs?: number } = {},
): Promise<{ protocol?: string; messages: Buffer[]; rejected?: number }> {
    return new Promise((resolve, reject) => {
        const ws = new WebSocket(`wss://127.0.0.1:${server.port}${path}`, protocols, {
            ca: readFileSync(server.caFile),
            headers: { Authorization: `Bearer ${server.token}` },
        });
        const messages: Buffer[] = [];
        const timer = setTimeout(() => {
            ws.terminate();
            reject(new Error('raw WebSocket: no close within the time limit'));
        }, opts.timeoutMs ?? 5000);
        ws.on('unexpected-response', (_req, res) => {
            clearTimeout(timer);
            res.resume();
            resolve({ messages, rejected: res.statusCode ?? 0 });
        });
        ws.on('open', () => {
            for (const m of opts.send ?? []) ws.send(m);
        });
        ws.on('message', (d: Buffer) => messages.push(d));
        ws.on('close', () => {
            clearTimeout(timer);
            resolve({ protocol: ws.protocol, messages });
        });
        ws.on('error', (e) => {
            clearTimeout(timer);
            reject(e);
        });
    });
}

describe('fake API server: exec over WebSocket', () => {
    it('the real kubectl exec speaks WebSocket (v5) to the fake and prints the scripted output', async (t) => {
        const { server, kubeconfig } = await fake(t, [pod('web-0', 'dev')]);
        const seen: { command: string[]; container: string }[] = [];
        server.execScripts.set('dev/web-0', (command, container) => {
            seen.push({ command, container });
            return { stdout: RESOLV };
        });
        const r = await kubectl(['--kubeconfig', kubeconfig, '-n', 'dev', 'exec', 'web-0', '--', 'cat', '/etc/resolv.conf']);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stdout, RESOLV);
        assert.deepEqual(seen, [{ command: ['cat', '/etc/resolv.conf'], container: 'main' }]);
        const upgrades = server.requests.filter((q) => q.subresource === 'exec');
        assert.equal(upgrades.length, 1, 'one upgrade, no SPDY fallback');
        assert.equal(upgrades[0]!.method, 'GET');
        assert.equal(upgrades[0]!.upgrade?.toLowerCase(), 'websocket');
        assert.equal(upgrades[0]!.status, 101);
        assert.equal(upgrades[0]!.verb, 'create');
        assert.ok(
            server.requests.every((q) => q.method === 'GET'),
            'no POST (SPDY) fallback',
        );
    });

    it('kubectl exec: stderr and a non-zero exit code come through (Status NonZeroExitCode)', async (t) => {
        const { server, kubeconfig } = await fake(t, [pod('web-0', 'dev')]);
        server.execScripts.set('dev/web-0', () => ({ stdout: 'partial\n', stderr: 'cat: /nope: No such file or directory\n', exitCode: 1 }));
        const r = await kubectl(['--kubeconfig', kubeconfig, '-n', 'dev', 'exec', 'web-0', '--', 'cat', '/nope']);
        assert.equal(r.code, 1);
        assert.equal(r.stdout, 'partial\n');
        assert.match(r.stderr, /cat: \/nope: No such file or directory/);
        assert.match(r.stderr, /command terminated with exit code 1/);
    });

    it('kubectl exec: 403 on pods/exec is the RBAC message for create pods/exec', async (t) => {
        const { server, kubeconfig } = await fake(t, [pod('web-0', 'dev')]);
        server.addFault({ resource: 'pods', subresource: 'exec', status: 403 });
        const r = await kubectl(['--kubeconfig', kubeconfig, '-n', 'dev', 'exec', 'web-0', '--', 'env']);
        assert.notEqual(r.code, 0);
        const upgrade = server.requests.find((q) => q.subresource === 'exec');
        assert.equal(upgrade?.status, 403);
    });

    it('client-node Exec: v5 negotiated; stdout, stderr and the exit code from the Status', async (t) => {
        const { server, kubeconfig } = await fake(t, [pod('api-1', 'dev', ['app', 'sidecar'])]);
        server.execScripts.set('dev/api-1', (command, container) => ({
            stdout: `${container}:${command.join(' ')}\n`,
            stderr: 'warn\n',
            exitCode: container === 'sidecar' ? 3 : 0,
        }));
        const kc = await (await connectLive({ kubeconfig, env: {} })).kubeConfig();
        const ok = await execInPod(kc, { namespace: 'dev', name: 'api-1' }, 'app', ['env']);
        assert.deepEqual(ok, { stdout: 'app:env\n', stderr: 'warn\n', exitCode: 0 });
        const failed = await execInPod(kc, { namespace: 'dev', name: 'api-1' }, 'sidecar', ['cat', '/etc/resolv.conf']);
        assert.equal(failed.exitCode, 3);
        assert.equal(failed.stdout, 'sidecar:cat /etc/resolv.conf\n');
        assert.match(failed.message ?? '', /non-zero exit code/);
    });

    it('client-node Exec: 403 and 404 are told apart (PodExecError.status)', async (t) => {
        const { server, kubeconfig } = await fake(t, [pod('api-1', 'dev')]);
        const kc = await (await connectLive({ kubeconfig, env: {} })).kubeConfig();
        await assert.rejects(
            execInPod(kc, { namespace: 'dev', name: 'ghost' }, 'main', ['env']),
            (e: unknown) => e instanceof PodExecError && e.status === 404,
        );
        server.addFault({ namespace: 'dev', subresource: 'exec', status: 403 });
        await assert.rejects(
            execInPod(kc, { namespace: 'dev', name: 'api-1' }, 'main', ['env']),
            (e: unknown) => e instanceof PodExecError && e.forbidden && /create pods\/exec in namespace dev/.test(e.hint ?? ''),
        );
    });

    it('raw WebSocket: the Status body of a 403 names create on pods/exec; a wrong container is a 400', async (t) => {
        const { server } = await fake(t, [pod('api-1', 'dev', ['app', 'sidecar'])]);
        const noContainer = await rawWs(server, '/api/v1/namespaces/dev/pods/api-1/exec?command=env&stdout=true', ['v5.channel.k8s.io']);
        assert.equal(noContainer.rejected, 400, 'two containers and none named');
        const badContainer = await rawWs(server, '/api/v1/namespaces/dev/pods/api-1/exec?command=env&stdout=true&container=nope', ['v5.channel.k8s.io']);
        assert.equal(badContainer.rejected, 400);
        server.addFault({ subresource: 'exec', status: 403 });
        const res = await fetchStatus(server, '/api/v1/namespaces/dev/pods/api-1/exec?command=env&container=app');
        assert.equal(res.code, 403);
        assert.equal(res.body.reason, 'Forbidden');
        assert.equal(
            res.body.message,
            'pods "api-1" is forbidden: User "svcdig-token-user" cannot create resource "pods/exec" in API group "" in the namespace "dev"',
        );
    });

    it("raw WebSocket: exec prefers the client's first supported protocol; v4 alone gets v4; none supported is refused", async (t) => {
        const { server } = await fake(t, [pod('api-1', 'dev')]);
        server.execScripts.set('dev/api-1', () => ({ stdout: 'x' }));
        const path = '/api/v1/namespaces/dev/pods/api-1/exec?command=true&stdout=true&stderr=true';
        const v5 = await rawWs(server, path, ['v5.channel.k8s.io', 'v4.channel.k8s.io']);
        assert.equal(v5.protocol, 'v5.channel.k8s.io');
        assert.deepEqual(
            v5.messages.map((m) => m[0]),
            [1, 3],
            'stdout, then status',
        );
        assert.deepEqual(JSON.parse(v5.messages[1]!.subarray(1).toString()), { metadata: {}, status: 'Success' });
        const v4 = await rawWs(server, path, ['v4.channel.k8s.io', 'v5.channel.k8s.io']);
        assert.equal(v4.protocol, 'v4.channel.k8s.io');
        const old = await rawWs(server, path, ['channel.k8s.io']);
        assert.equal(old.rejected, 400);
    });
});

describe('fake API server: port-forward over WebSocket', () => {
    it('raw WebSocket: v4 is chosen (no v5 for port-forward); each channel starts with the port (uint16 LE); data is bridged', async (t) => {
        const { server } = await fake(t, [pod('coredns-a', 'kube-system')]);
        const port = await echoServer(t);
        server.portForwards.set('kube-system/coredns-a:53', { host: '127.0.0.1', port });
        // Send one data frame, then wait for the echo before closing.
        const result = await new Promise<{ protocol: string; messages: Buffer[] }>((resolve, reject) => {
            const ws = new WebSocket(
                `wss://127.0.0.1:${server.port}/api/v1/namespaces/kube-system/pods/coredns-a/portforward?ports=53`,
                ['v5.channel.k8s.io', 'v4.channel.k8s.io'],
                {
                    ca: readFileSync(server.caFile),
                    headers: { Authorization: `Bearer ${server.token}` },
                },
            );
            const messages: Buffer[] = [];
            const timer = setTimeout(() => (ws.terminate(), reject(new Error('no echo'))), 5000);
            ws.on('message', (d: Buffer) => {
                messages.push(d);
                if (messages.length === 2) ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('ping')]));
                if (messages.length === 3) {
                    clearTimeout(timer);
                    ws.close();
                    resolve({ protocol: ws.protocol, messages });
                }
            });
            ws.on('error', reject);
        });
        assert.equal(result.protocol, 'v4.channel.k8s.io');
        assert.deepEqual([...result.messages[0]!], [0, 53, 0]);
        assert.deepEqual([...result.messages[1]!], [1, 53, 0]);
        assert.equal(result.messages[2]![0], 0);
        assert.equal(result.messages[2]!.subarray(1).toString(), 'echo:ping');
        const up = server.requests.find((q) => q.subresource === 'portforward');
        assert.equal(up?.method, 'GET');
        assert.equal(up?.verb, 'create');
        assert.equal(up?.query.ports, '53');
    });

    it('client-node PortForward (portForwardStream) carries bytes both ways to the port the test chose', async (t) => {
        const { server, kubeconfig } = await fake(t, [pod('coredns-a', 'kube-system')]);
        const port = await echoServer(t);
        server.portForwards.set('kube-system/coredns-a:53', { host: '127.0.0.1', port });
        const kc = await (await connectLive({ kubeconfig, env: {} })).kubeConfig();
        const stream = await portForwardStream(kc, pod('coredns-a', 'kube-system') as never);
        const got = await new Promise<string>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error('no reply through the port-forward')), 5000);
            stream.once('data', (d: Buffer) => {
                clearTimeout(timer);
                resolve(d.toString());
            });
            stream.write(Buffer.from('hello'));
        });
        stream.on('error', () => {});
        stream.destroy();
        assert.equal(got, 'echo:hello', 'the 2-byte port preamble is not part of the data');
    });

    it('a port nobody listens on: the error channel says so and the WebSocket closes', async (t) => {
        const { server } = await fake(t, [pod('coredns-a', 'kube-system')]);
        const r = await rawWs(server, '/api/v1/namespaces/kube-system/pods/coredns-a/portforward?ports=5353', ['v4.channel.k8s.io']);
        const errFrames = r.messages.filter((m) => m[0] === 1 && m.length > 3);
        assert.equal(errFrames.length, 1);
        assert.match(errFrames[0]!.subarray(1).toString(), /error forwarding port 5353 to pod coredns-a.*connection refused/);
    });

    it('faults: 403 on pods/portforward, 404 for a missing pod; client-node rejects with the HTTP status', async (t) => {
        const { server, kubeconfig } = await fake(t, [pod('coredns-a', 'kube-system')]);
        const kc = await (await connectLive({ kubeconfig, env: {} })).kubeConfig();
        await assert.rejects(portForwardStream(kc, pod('ghost', 'kube-system') as never), /port-forward to kube-system\/ghost:53 failed: .*404/);
        server.addFault({ resource: 'pods', subresource: 'portforward', status: 403 });
        await assert.rejects(portForwardStream(kc, pod('coredns-a', 'kube-system') as never), /port-forward to kube-system\/coredns-a:53 failed: .*403/);
        const res = await fetchStatus(server, '/api/v1/namespaces/kube-system/pods/coredns-a/portforward?ports=53');
        assert.equal(res.code, 403);
        assert.match(res.body.message ?? '', /cannot create resource "pods\/portforward" in API group "" in the namespace "kube-system"/);
    });
});

/** The HTTP status and Status body the fake answers a WebSocket upgrade with when it refuses it. */
async function fetchStatus(server: FakeApiServer, path: string): Promise<{ code: number; body: { reason?: string; message?: string } }> {
    const { request } = await import('node:https');
    return new Promise((resolve, reject) => {
        const req = request(
            {
                host: '127.0.0.1',
                port: server.port,
                path,
                ca: readFileSync(server.caFile),
                headers: {
                    Authorization: `Bearer ${server.token}`,
                    Connection: 'Upgrade',
                    Upgrade: 'websocket',
                    'Sec-WebSocket-Version': '13',
                    'Sec-WebSocket-Key': Buffer.from('0123456789abcdef').toString('base64'),
                    'Sec-WebSocket-Protocol': 'v5.channel.k8s.io,v4.channel.k8s.io',
                },
            },
            (res) => {
                let text = '';
                res.on('data', (d: Buffer) => (text += d.toString()));
                res.on('end', () => resolve({ code: res.statusCode ?? 0, body: JSON.parse(text) as { reason?: string; message?: string } }));
            },
        );
        req.on('upgrade', (_res, socket) => {
            socket.destroy();
            reject(new Error('the fake upgraded a request it should have refused'));
        });
        req.on('error', reject);
        req.end();
    });
}
