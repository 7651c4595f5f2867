/**
 * A drifted SRV weight on a Service with two ports: the records share a target (the bare name of a ClusterIP
 * Service), so they pair by port, and what svcdig prints does not depend on the order the server sent them in
 * (CoreDNS's `loadbalance` and dnsmasq rotate it). Real DNS servers on loopback.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Reply, RR } from '../../src/core/dns/reply.js';
import { demoClusterYaml } from '../../src/demo/demo-cluster.js';
import { startTestDnsServer } from '../kit/dns/test-server.js';
import { runCli } from '../helpers/run-cli.js';
import { runBin } from '../helpers/run-bin.js';

const DEMO_CLUSTER_YAML = await demoClusterYaml();
const KUBE_DNS = 'kube-dns.kube-system.svc.cluster.local';
const srv = (port: number): RR => ({ name: KUBE_DNS, type: 'SRV', ttl: 30, data: { priority: 0, weight: 50, port, target: KUBE_DNS } });

function clusterFile(t: { after(fn: () => void): void }): string {
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-srv-pairing-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'cluster.yaml');
    writeFileSync(file, DEMO_CLUSTER_YAML);
    return file;
}

/** A server whose SRV answer lists the ports in `order`, or rotates them reply by reply (`rotate`). */
async function srvServer(t: { after(fn: () => Promise<void>): void }, order: number[] | 'rotate') {
    let replies = 0;
    const answer = (name: string, type: string): Reply => {
        if (name.toLowerCase() !== KUBE_DNS) return { rcode: 'NXDOMAIN', answers: [], additionals: [], because: [] };
        const ports = order === 'rotate' ? (replies++ % 2 === 0 ? [53, 9153] : [9153, 53]) : order;
        return { rcode: 'NOERROR', answers: type === 'SRV' ? ports.map(srv) : [], additionals: [], because: [] };
    };
    const s = await startTestDnsServer({ answer });
    t.after(() => s.stop());
    return `127.0.0.1:${s.port}`;
}

const withoutTimings = (text: string) => text.replace(/\(127\.0\.0\.1:\d+ UDP, [\d.]+ ms\)/g, '(SERVER)').replace(/127\.0\.0\.1:\d+/g, 'SERVER');

test('SRV weights drifted on a two-port target: two weight changes, the same text whichever order the server answers in', async (t) => {
    const file = clusterFile(t);
    const outputs: string[] = [];
    for (const order of [
        [53, 9153],
        [9153, 53],
    ]) {
        const server = await srvServer(t, order);
        for (const o of ['table', 'json']) {
            const r = await runCli(['resolve', `${KUBE_DNS}.`, 'SRV', '-f', file, '--server', server, '-o', o]);
            assert.equal(r.code, 1, r.stdout + r.stderr);
            outputs.push(withoutTimings(r.stdout));
        }
    }
    assert.equal(outputs[0], outputs[2], 'table: same output for both orders');
    // JSON's actual reply keeps the server's order (what came back); the verdicts on it do not
    const verdicts = (json: string) => {
        const result = JSON.parse(json).results[0];
        return { records: result.records, differences: result.differences };
    };
    assert.deepEqual(verdicts(outputs[1]!), verdicts(outputs[3]!), 'json: same verdicts for both orders');
    assert.match(outputs[0]!, new RegExp(`diff: changed ${KUBE_DNS} SRV 0 33 53 ${KUBE_DNS}: weight 33 → 50$`, 'm'));
    assert.match(outputs[0]!, new RegExp(`diff: changed ${KUBE_DNS} SRV 0 33 9153 ${KUBE_DNS}: weight 33 → 50$`, 'm'));
    assert.doesNotMatch(outputs[0]!, /port \d+ →/);
});

test('resolve --watch against a server that rotates the SRV order each reply: rendered once, never "changed"', async (t) => {
    const file = clusterFile(t);
    const server = await srvServer(t, 'rotate');
    const r = await runBin(['resolve', `${KUBE_DNS}.`, 'SRV', '-f', file, '--server', server, '--watch'], { interruptAfterMs: 5500 });
    assert.equal(r.code, 1, r.stderr);
    assert.doesNotMatch(r.stdout, /changed \(|»/, r.stdout);
    assert.match(r.stdout, /weight 33 → 50/);
});
