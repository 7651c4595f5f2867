/**
 * Hostile names and data never reach the terminal raw (issue 12). ESC, BEL, CSI (7-bit `ESC [` and the one-byte
 * U+009B), OSC, NUL and bidi overrides and isolates (U+202E, U+2066–U+2069) are put where svcdig reads them — cluster
 * objects in a `-f` file (names, labels, selectors, port names, ExternalName, env values, pod conditions, dnsConfig
 * search lists), replies of a loopback DNS server (CNAME targets, owner names, TXT strings, SRV and PTR targets, a
 * malformed reply quoting a name) and a running container's env (`env --compare` through the fake API server's exec)
 * — and go through every command and human format, stdout and stderr, -v included, with colour off and on. None may come
 * out raw: render/escape.ts shows them as \xHH. JSON and YAML keep the exact strings (as their own escapes).
 * Its objects are written out literally, not with test/kit/cluster-builder.ts: each hostile string sits exactly where
 * the case says, in fields the builder fills with its own defaults.
 */
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as dnsPacket from 'dns-packet';
import { XMLValidator } from 'fast-xml-parser';
import { parse as parseYaml } from 'yaml';
import type { KubeObject } from '../../src/core/k8s.js';
import { runCli, type CliRun } from '../helpers/run-cli.js';
import { startFakeApiServer } from '../kit/fake-apiserver/index.js';

type T = { after: (fn: () => Promise<void> | void) => void };

/** Every hostile shape at once, plus a tab and a line break (which must not start a line of their own). */
const P = 'x\u001b[31mred\u001b]0;title\u0007\u009b2J\u0000\u202eevil\u2066i\u2067j\u2068k\u2069end\tT\nN';
/** A map key (a selector's) with a bidi override and a colon: js-yaml leaves such keys plain. */
const BIDI_KEY = 'k\u202ey:z';
/** What must never be written raw: C0 controls but line break and tab, DEL, C1, bidi overrides and isolates. */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
/** The only escape sequences svcdig writes itself, with colour on (render/escape.ts). */
const OWN_SGR = /\u001b\[(?:1|2|22|31|32|33|39)m/g;

function assertClean(label: string, text: string, colours = false): void {
    const seen = (colours ? text.replace(OWN_SGR, '') : text).match(RAW);
    if (!seen) return;
    const at = seen.index ?? 0;
    assert.fail(`${label}: ${JSON.stringify(seen[0])} written raw in …${JSON.stringify(text.slice(Math.max(0, at - 60), at + 20))}…`);
}

/** The spinner svcdig draws on a terminal's stderr while it reads (commands/interactive.ts): its own text. */
const SPINNER = /\r(?:[\u2800-\u28ff] [a-zA-Z ,]+)?\u001b\[K/g;

function assertRun(label: string, r: CliRun, colours = false): void {
    assert.ok(r.code !== 70, `${label}: internal error\n${r.stderr}`);
    assertClean(`${label} (stdout)`, r.stdout, colours);
    assertClean(`${label} (stderr)`, r.stderr.replace(SPINNER, ''), colours);
    // names and data are escaped as one line each: their tab and line break are not written raw either
    for (const raw of ['end\t', 'T\nN']) assert.ok(!(r.stdout + r.stderr).includes(raw), `${label}: ${JSON.stringify(raw)} from the data written raw`);
}

function hostileObjects(): KubeObject[] {
    const ns = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    const corefile =
        '.:53 {\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n       pods insecure\n       fallthrough in-addr.arpa ip6.arpa\n    }\n    forward . /etc/resolv.conf\n}\n';
    return [
        ns('dev'),
        ns('kube-system'),
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'coredns', namespace: 'kube-system' }, data: { Corefile: corefile } },
        {
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name: 'kube-dns', namespace: 'kube-system' },
            spec: {
                clusterIP: '10.96.0.10',
                clusterIPs: ['10.96.0.10'],
                selector: { 'k8s-app': 'kube-dns' },
                ports: [{ name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 }],
            },
        },
        {
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name: 'api', namespace: 'dev', labels: { team: P } },
            spec: {
                clusterIP: '10.96.5.5',
                clusterIPs: ['10.96.5.5'],
                selector: { app: 'api', tier: P },
                ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: P }],
            },
        },
        {
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name: `web${P}`, namespace: 'dev' },
            spec: { clusterIP: 'None', clusterIPs: ['None'], selector: { app: 'web' }, ports: [{ name: `h${P}`, port: 80, protocol: 'TCP' }] },
        },
        {
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name: 'ext', namespace: 'dev' },
            spec: { type: 'ExternalName', externalName: `evil${P}.example.com`, selector: { [BIDI_KEY]: 'v' } },
        },
        {
            apiVersion: 'apps/v1',
            kind: 'StatefulSet',
            metadata: { name: 'ss', namespace: 'dev' },
            spec: {
                serviceName: `svc${P}`,
                selector: { matchLabels: { app: 'web' } },
                template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
            },
        },
        {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: 'api-1', namespace: 'dev', labels: { app: 'api', tier: `x${P}` } },
            spec: {
                subdomain: `sub${P}`,
                hostname: 'h',
                dnsPolicy: 'None',
                dnsConfig: { nameservers: ['10.96.0.10'], searches: [`s${P}.example`, 'dev.svc.cluster.local'], options: [{ name: 'ndots', value: '5' }] },
                containers: [{ name: `c${P}`, image: 'i', ports: [{ name: `p${P}`, containerPort: 8080 }], env: [{ name: `V${P}`, value: `val${P}` }] }],
            },
            status: {
                phase: 'Running',
                podIP: '10.244.0.5',
                podIPs: [{ ip: '10.244.0.5' }],
                conditions: [{ type: 'Ready', status: 'False', reason: `R${P}`, message: `M${P}` }],
                containerStatuses: [{ name: 'c', ready: false, state: { waiting: { reason: `W${P}`, message: `WM${P}` } } }],
            },
        },
    ] as KubeObject[];
}

function hostileFile(t: T): { dir: string; file: string } {
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-hostile-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'cluster.json');
    writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: hostileObjects() }));
    return { dir, file };
}

/** The one-byte CSI inside a TXT string (not valid UTF-8, so it is read one character per byte). */
const ONE_BYTE_CSI = Buffer.from([0x9b, 0x32, 0x4a]);

/**
 * A DNS server on 127.0.0.1 (UDP) whose every answer is hostile: CNAME targets and owner names, TXT strings, SRV and
 * PTR targets; questions under `broken.` get a reply whose A record (with a hostile owner name) is malformed.
 */
async function hostileDns(t: T): Promise<number> {
    const sock = createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    t.after(() => new Promise<void>((r) => sock.close(() => r())));
    sock.on('message', (msg, rinfo) => {
        let query: dnsPacket.Packet;
        try {
            query = dnsPacket.decode(msg);
        } catch {
            return;
        }
        const q = query.questions?.[0];
        if (!q) return;
        const rr = (name: string, type: string, data: unknown) => ({ name, type, class: 'IN', ttl: 30, data }) as dnsPacket.Answer;
        const target = `c${P}.evil.example`;
        const answers: dnsPacket.Answer[] = [];
        const broken = q.name.startsWith('broken.');
        if (broken) answers.push(rr(`m${P}.example`, 'A', '10.9.9.9'));
        else if (q.type === 'A') answers.push(rr(q.name, 'CNAME', target), rr(target, 'A', '10.9.9.9'));
        else if (q.type === 'TXT') answers.push(rr(q.name, 'TXT', [Buffer.from(P), ONE_BYTE_CSI]));
        else if (q.type === 'SRV') answers.push(rr(q.name, 'SRV', { priority: 0, weight: 100, port: 80, target: `s${P}.example` }));
        else if (q.type === 'PTR') answers.push(rr(q.name, 'PTR', `p${P}.example`));
        let out = dnsPacket.encode({ type: 'response', id: query.id ?? 0, flags: dnsPacket.AUTHORITATIVE_ANSWER, questions: query.questions ?? [], answers });
        if (broken) {
            // the A record's rdlength set to 3 and one address byte cut: "A record for <name> has 3 bytes of data"
            out.writeUInt16BE(3, out.length - 6);
            out = out.subarray(0, out.length - 1);
        }
        sock.send(out, rinfo.port, rinfo.address);
    });
    return sock.address().port;
}

const HUMAN = { resolve: ['table', 'wide', 'dig'], explain: ['describe', 'table', 'wide'], env: ['table'], check: ['table', 'wide'] } as const;

describe('hostile names and data are escaped in every human format', () => {
    it('objects from a -f file: resolve, explain, env, check; errors, hints and -v notes', async (t) => {
        const { dir, file } = hostileFile(t);
        const runs: [string[], readonly string[]][] = [
            [['resolve', 'ext', 'api', '-n', 'dev', '--expected-only'], HUMAN.resolve],
            [['resolve', 'api', '-n', 'dev', '--as-pod', 'dev/api-1', '--expected-only'], HUMAN.resolve],
            [['resolve', '10.96.5.5', '-n', 'dev', '--expected-only'], HUMAN.resolve],
            [['explain', 'api', '-n', 'dev'], HUMAN.explain],
            [['explain', 'ext', '-n', 'dev'], HUMAN.explain],
            [['explain', `web${P}`, '-n', 'dev'], HUMAN.explain],
            [['explain', 'nope', '-n', 'dev'], HUMAN.explain],
            [['env', '-n', 'dev'], HUMAN.env],
            [['env', '-n', 'dev', '--pod', 'api-1'], HUMAN.env],
            [['check', '-A', '--expected-only'], HUMAN.check],
        ];
        for (const [argv, formats] of runs) {
            for (const o of formats) {
                const r = await runCli([...argv, '-f', file, '-o', o, '-v']);
                assertRun(`${argv.join(' ')} -o ${o}`, r);
            }
        }
        const junit = join(dir, 'junit.xml');
        const r = await runCli(['check', '-A', '--expected-only', '-f', file, '--junit', junit]);
        assertRun('check --junit', r);
        const xml = readFileSync(junit, 'utf8');
        assertClean('JUnit XML', xml);
        assert.equal(XMLValidator.validate(xml), true);
        // a Service named with control characters is left out at the boundary (core/object-shape.ts); a label value
        // that holds them reaches the findings, escaped
        assert.match(xml, /tier=x\\x1b\[31mred\\x1b\]0;title\\x07\\xc2\\x9b2J\\x00\\xe2\\x80\\xaeevil/);
        // shell completion offers no name with control characters (the shell would show it raw)
        const completion = await runCli(['__complete', 'services', '-n', 'dev', '-f', file]);
        assert.deepEqual(completion.stdout.split('\n').filter(Boolean), ['api', 'ext']);
        // what the user typed is quoted escaped too (commander's unknown-option error; its lines are commander's)
        const typed = await runCli(['check', `--x${P}`]);
        assert.equal(typed.code, 2);
        assertClean('unknown option', typed.stderr);
        // the four characters \x1b typed by someone never read as the ESC of a name that holds one
        const [literal, control] = [await runCli(['explain', 'web\\x1b', '-f', file]), await runCli(['explain', 'web\u001b', '-f', file])];
        assert.match(literal.stderr, /"web\\x5cx1b"/);
        assert.match(control.stderr, /"web\\x1b"/);
    });

    it('with colour on, only svcdig’s own colours are escape sequences', async (t) => {
        const { file } = hostileFile(t);
        for (const argv of [
            ['check', '-A', '--expected-only'],
            ['explain', 'api', '-n', 'dev'],
            ['resolve', 'ext', '-n', 'dev', '--expected-only'],
            ['env', '-n', 'dev', '--pod', 'api-1', '-o', 'table'],
        ]) {
            const r = await runCli([...argv, '-f', file], { tty: true, columns: 100, env: { FORCE_COLOR: '1' } });
            assert.match(r.stdout, OWN_SGR, 'colour is on');
            assertRun(`${argv.join(' ')} (colour)`, r, true);
        }
    });

    it('replies of a hostile DNS server: resolve and check, every record type, a malformed reply quoting a name', async (t) => {
        const { dir, file } = hostileFile(t);
        const port = await hostileDns(t);
        const dns = ['--server', `127.0.0.1:${port}`, '--timeout', '1s', '--retries', '0'];
        for (const type of ['A', 'TXT', 'SRV', 'PTR']) {
            const name = type === 'PTR' ? '10.96.5.5' : 'api';
            for (const o of HUMAN.resolve)
                assertRun(`resolve ${name} -t ${type} -o ${o}`, await runCli(['resolve', name, '-t', type, '-n', 'dev', '-f', file, ...dns, '-o', o, '-v']));
        }
        const broken = await runCli(['resolve', 'broken.example.', '-f', file, ...dns]);
        assert.equal(broken.code, 5, broken.stdout + broken.stderr);
        assert.match(broken.stdout, /error: malformed reply from 127\.0\.0\.1:\d+: .*mx\\x1b\[31mred/);
        assertRun('malformed reply', broken);
        for (const o of HUMAN.check) assertRun(`check -o ${o}`, await runCli(['check', '-A', '-f', file, ...dns, '-o', o]));
        const junit = join(dir, 'junit.xml');
        assertRun('check --junit', await runCli(['check', '-A', '-f', file, ...dns, '--junit', junit]));
        const xml = readFileSync(junit, 'utf8');
        assertClean('JUnit XML', xml);
        assert.equal(XMLValidator.validate(xml), true);

        // JSON and YAML: the exact data, in their own escapes
        const txtOf = (report: { results: { actual: { answers: { type: string; data: unknown }[] } | null }[] }) =>
            report.results[0]!.actual!.answers.find((a) => a.type === 'TXT')!.data;
        const json = await runCli(['resolve', 'api', '-t', 'TXT', '-n', 'dev', '-f', file, ...dns, '-o', 'json']);
        assertClean('resolve -o json', json.stdout);
        assert.deepEqual(txtOf(JSON.parse(json.stdout)), [P, '\u009b2J']);
        const yaml = await runCli(['resolve', 'api', '-t', 'TXT', '-n', 'dev', '-f', file, ...dns, '-o', 'yaml']);
        assertClean('resolve -o yaml', yaml.stdout);
        assert.deepEqual(txtOf(parseYaml(yaml.stdout)), [P, '\u009b2J']);
        for (const o of ['json', 'yaml']) assertClean(`check -o ${o}`, (await runCli(['check', '-A', '-f', file, ...dns, '-o', o])).stdout);
    });

    it('JSON and YAML of objects keep the exact strings, keys included', async (t) => {
        const { file } = hostileFile(t);
        for (const o of ['json', 'yaml']) {
            const r = await runCli(['env', '-n', 'dev', '--pod', 'api-1', '-f', file, '-o', o]);
            assertClean(`env -o ${o}`, r.stdout);
            const report = (o === 'json' ? JSON.parse(r.stdout) : parseYaml(r.stdout)) as { variables: { name: string; value: string }[] };
            assert.deepEqual(report.variables.find((v) => v.name === `V${P}`)?.value, `val${P}`);
            const x = await runCli(['explain', 'api', '-n', 'dev', '-f', file, '-o', o]);
            assertClean(`explain -o ${o}`, x.stdout);
            const explained = (o === 'json' ? JSON.parse(x.stdout) : parseYaml(x.stdout)) as { service: { selector: Record<string, string> } };
            assert.deepEqual(explained.service.selector, { app: 'api', tier: P });
        }
        // a key holding a bidi override (js-yaml leaves keys plain) is quoted and escaped
        for (const o of ['json', 'yaml']) {
            const r = await runCli(['explain', 'ext', '-n', 'dev', '-f', file, '-o', o]);
            assertClean(`explain ext -o ${o}`, r.stdout);
            const explained = (o === 'json' ? JSON.parse(r.stdout) : parseYaml(r.stdout)) as {
                service: { selector: Record<string, string>; externalName: string };
            };
            assert.deepEqual(explained.service.selector, { [BIDI_KEY]: 'v' });
            assert.equal(explained.service.externalName, `evil${P}.example.com`);
        }
        const checked = await runCli(['check', '-A', '--expected-only', '-f', file, '-o', 'yaml']);
        assertClean('check -o yaml', checked.stdout);
        // written a Service at a time, each piece quoted on its own where it must be: still the JSON report's data
        const checkedJson = await runCli(['check', '-A', '--expected-only', '-f', file, '-o', 'json']);
        const untimed = (report: { timing?: unknown }) => ({ ...report, timing: undefined });
        assert.deepEqual(untimed(parseYaml(checked.stdout) as object), untimed(JSON.parse(checkedJson.stdout) as object));
    });

    it('env --compare: values from the running container', async (t) => {
        const server = await startFakeApiServer({
            objects: hostileObjects()
                .filter((o) => o.kind !== 'Pod')
                .concat([runningPod()]),
        });
        const dir = mkdtempSync(join(tmpdir(), 'svcdig-hostile-compare-'));
        t.after(async () => {
            await server.close();
            rmSync(dir, { recursive: true, force: true });
        });
        // `env` prints one variable a line: a value's line break would read as the start of the next one
        const V = P.replace('\n', '');
        server.execScripts.set('dev/web-0', () => ({
            stdout: [`API_SERVICE_HOST=10.0.0.1${V}`, `OLDSVC_SERVICE_HOST=${V}`, `OLDSVC_PORT=tcp://${V}`].join('\n') + '\n',
        }));
        const env = { KUBECONFIG: server.kubeconfigPath(dir, { namespace: 'dev' }), HOME: dir };
        for (const o of ['table']) {
            const r = await runCli(['env', '--pod', 'web-0', '--compare', '-o', o, '-v'], { env });
            assert.match(r.stdout, /stale|extra/, r.stdout + r.stderr);
            assertRun(`env --compare -o ${o}`, r);
        }
        const json = await runCli(['env', '--pod', 'web-0', '--compare', '-o', 'json'], { env });
        assertClean('env --compare -o json', json.stdout);
        const c = (JSON.parse(json.stdout) as { comparison: { stale: { name: string; actual: string }[] } }).comparison;
        assert.equal(c.stale.find((s) => s.name === 'API_SERVICE_HOST')?.actual, `10.0.0.1${V}`);
    });
});

function runningPod(): KubeObject {
    return {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'web-0', namespace: 'dev', creationTimestamp: '2026-01-01T11:59:00Z' },
        spec: { containers: [{ name: 'app', image: 'i' }] },
        status: { phase: 'Running', containerStatuses: [{ name: 'app', ready: true, state: { running: { startedAt: '2026-01-01T12:00:00Z' } } }] },
    } as KubeObject;
}
