/** `resolve --all-replicas --demo`: the demo's two CoreDNS replicas, one current and one lagging (src/demo/demo-dns-server.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/run-cli.js';
import { runBin } from '../helpers/run-bin.js';
import { scenarioClusterPath } from '../helpers/scenarios.js';

const CURRENT = 'kube-system/coredns-64897985d-2ddbz';
const LAGGING = 'kube-system/coredns-64897985d-mwmx2';

test('the built bin: --demo --all-replicas asks both replicas; the lagging one disagrees (exit 1)', async () => {
    const r = await runBin(['resolve', 'nginx', '--demo', '--all-replicas']);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /replicas: 2 CoreDNS pods asked for nginx\.default\.svc\.cluster\.local on the demo's responder for each: 1 disagrees/);
    assert.match(r.stdout, new RegExp(`${CURRENT}\\s+10\\.32\\.0\\.3\\s+NOERROR, 2 records: 10\\.44\\.0\\.5, 10\\.32\\.0\\.7\\s+agrees`));
    assert.match(r.stdout, new RegExp(`${LAGGING}\\s+10\\.32\\.0\\.2\\s+NOERROR, 3 records: 10\\.44\\.0\\.5, 10\\.32\\.0\\.7, 10\\.44\\.0\\.4\\s+DISAGREES`));
    assert.match(
        r.stdout,
        new RegExp(
            `diff: replica ${LAGGING} also answers nginx\\.default\\.svc\\.cluster\\.local A 10\\.44\\.0\\.4 — CoreDNS replica ${LAGGING} disagrees with ${CURRENT}`,
        ),
    );
    assert.doesNotMatch(r.stdout, /port-forward/, 'the demo reaches no pod through the API server');
});

test('--demo --all-replicas in JSON: each replica, how it was asked, and whether it agrees', async () => {
    const r = await runCli(['resolve', 'nginx', '--demo', '--all-replicas', '-o', 'json']);
    assert.equal(r.code, 1, r.stderr);
    const replicas = JSON.parse(r.stdout).results[0].replicas as { pod: string; via: string; agrees: boolean; reply: { answers: { data: string }[] } }[];
    assert.deepEqual(
        replicas.map((x) => [x.pod, x.via, x.agrees, x.reply.answers.map((a) => a.data).sort()]),
        [
            [CURRENT, 'demo', true, ['10.32.0.7', '10.44.0.5']],
            [LAGGING, 'demo', false, ['10.32.0.7', '10.44.0.4', '10.44.0.5']],
        ],
    );
});

test('--demo --all-replicas on a name both replicas answer alike: all agree, exit 0', async () => {
    const r = await runCli(['resolve', 'web-0.nginx', '--demo', '--all-replicas']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /replicas: 2 CoreDNS pods asked for web-0\.nginx\.default\.svc\.cluster\.local on the demo's responder for each: all agree/);
});

test('--demo --all-replicas walks the search list on each replica: the lagging one still answers web-2 at the first name', async () => {
    // web-2 is not ready: the current replica answers no cluster name and the walk reaches web-2.nginx as typed; the
    // lagging replica still has web-2 and stops at the first candidate, as a pod asking it would.
    const r = await runCli(['resolve', 'web-2.nginx', '--demo', '--all-replicas', '-o', 'json']);
    assert.equal(r.code, 1, r.stderr);
    const replicas = JSON.parse(r.stdout).results[0].replicas as { pod: string; name: string; agrees: boolean; reply: { answers: { data: string }[] } }[];
    assert.deepEqual(
        replicas.map((x) => [x.pod, x.name, x.agrees, x.reply.answers.map((a) => a.data)]),
        [
            [CURRENT, 'web-2.nginx', true, []],
            [LAGGING, 'web-2.nginx.default.svc.cluster.local', false, ['10.44.0.4']],
        ],
    );
    const table = await runCli(['resolve', 'web-2.nginx', '--demo', '--all-replicas']);
    assert.match(table.stdout, /replicas: 2 CoreDNS pods asked web-2\.nginx's search list in turn on the demo's responder for each: 1 disagrees/);
    assert.match(
        table.stdout,
        new RegExp(`${LAGGING}\\s+10\\.32\\.0\\.2\\s+web-2\\.nginx\\.default\\.svc\\.cluster\\.local\\s+NOERROR, 1 record: 10\\.44\\.0\\.4\\s+DISAGREES`),
    );
});

test('files have no replicas to ask: a usage error that points at the demo', async () => {
    const r = await runCli(['resolve', 'nginx', '-f', scenarioClusterPath('seed-004-web-statefulset'), '--all-replicas']);
    assert.equal(r.code, 2);
    assert.equal(
        r.stderr,
        'error: --all-replicas reaches each CoreDNS pod through the API server; it needs a live cluster, not --from-file\n' +
            'hint: try it on the demo, whose replicas disagree: svcdig resolve nginx --demo --all-replicas\n',
    );
});
