/**
 * kubectl's habits: a command's flags before the command (cobra reads them there), NS/NAME, TYPE/NAME and NAME.NS
 * wherever a Service or pod is named, and "did you mean" for case and namespace slips.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { startFakeApiServer } from '../kit/fake-apiserver/index.js';
import { scenarioClusterPath } from '../helpers/scenarios.js';
import { runCli } from '../helpers/run-cli.js';
import { buildProgram } from '../../src/cli.js';
import { RunContext } from '../../src/context.js';

const root = resolve(import.meta.dirname, '../..');

/** The one-line Service table of `explain -o table`: its first column after the header. */
const explained = (stdout: string) => stdout.split('\n')[1]?.split(/\s+/)[0];

describe("a command's flags before the command, as kubectl reads them", () => {
    it('svcdig -n kube-system explain kube-dns (was: unknown option -n)', async () => {
        const r = await runCli(['-n', 'kube-system', 'explain', 'kube-dns', '--demo', '-o', 'table']);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(explained(r.stdout), 'kube-dns');
    });

    it('--flag=value, -nVALUE, -oVALUE and --demo before the command read as after it', async () => {
        const after = await runCli(['explain', 'kube-dns', '-n', 'kube-system', '--demo', '-o', 'json']);
        for (const before of [
            ['--namespace=kube-system', '--demo', '--output=json', 'explain', 'kube-dns'],
            ['-nkube-system', '-ojson', '--demo', 'explain', 'kube-dns'],
            ['--demo', '-n', 'kube-system', 'explain', '-o', 'json', 'kube-dns'],
        ]) {
            const r = await runCli(before);
            assert.equal(r.code, 0, `${before.join(' ')}: ${r.stderr}`);
            assert.equal(r.stdout, after.stdout, before.join(' '));
        }
    });

    it("-n=NS and -o=FMT (pflag's shorthand with =) before and after the command read as -n NS / -o FMT", async () => {
        const after = await runCli(['explain', 'kube-dns', '-n', 'kube-system', '--demo', '-o', 'json']);
        for (const typed of [
            ['explain', 'kube-dns', '-n=kube-system', '--demo', '-o=json'],
            ['-n=kube-system', '-o=json', 'explain', 'kube-dns', '--demo'],
        ]) {
            const r = await runCli(typed);
            assert.equal(r.code, 0, `${typed.join(' ')}: ${r.stderr}`);
            assert.equal(r.stdout, after.stdout, typed.join(' '));
        }
        // A flag's value and the words after -- are left as typed: -l's value "-n=x" is a (bad) label selector.
        const value = await runCli(['check', '--demo', '-l', '-n=x']);
        assert.match(value.stderr, /invalid label selector "-n=x"/);
        assert.equal(value.code, 2);
    });

    it("--help or -h before a command shows that command's help, as kubectl --help get does", async () => {
        const own = await runCli(['check', '--help']);
        assert.equal(own.code, 0);
        for (const argv of [
            ['--help', 'check'],
            ['-h', 'check'],
            ['-n', 'x', '--help', 'check'],
        ]) {
            const r = await runCli(argv);
            assert.equal(r.code, 0, argv.join(' '));
            assert.equal(r.stdout, own.stdout, argv.join(' '));
        }
        const root = await runCli(['--help']);
        assert.match(root.stdout, /^Usage: svcdig \[options\] \[command\]/);
        assert.equal((await runCli(['-n', 'x', '--help'])).stdout, root.stdout, 'no command after it: the root help');
    });

    it("an unknown flag among the flags before a command is the one named, with that command's help as the hint", async () => {
        for (const [argv, flag, verb] of [
            [['-n', 'x', '--bogus', 'explain', 'nginx'], '--bogus', 'explain'],
            [['--demo', '--bogus=1', 'check'], '--bogus=1', 'check'],
        ] as const) {
            const r = await runCli([...argv]);
            assert.equal(r.code, 2, argv.join(' '));
            assert.equal(r.stderr, `error: unknown option '${flag}'\nhint: svcdig ${verb} --help lists its flags\n`);
        }
        // without a command: the unknown flag is named, not the known one before it
        for (const argv of [['--bogus'], ['-n', 'x', '--bogus']]) {
            const root = await runCli(argv);
            assert.equal(root.code, 2, argv.join(' '));
            assert.equal(root.stderr, "error: unknown option '--bogus'\nhint: svcdig COMMAND --help lists a command's flags\n", argv.join(' '));
        }
    });

    it('-A, -o and -v before check; -f FILE before explain', async () => {
        const r = await runCli(['-A', '-o', 'json', '-v', '--demo', 'check', '--expected-only']);
        assert.equal(r.code, 0, r.stderr);
        const report = JSON.parse(r.stdout) as { services: { namespace: string }[] };
        assert.ok(new Set(report.services.map((s) => s.namespace)).size > 1, 'every namespace checked');
        const demo = resolve(root, 'src/demo/demo-cluster.yaml');
        const f = await runCli(['-f', demo, '--from-file', demo, 'explain', 'nginx', '-o', 'table']);
        assert.equal(f.code, 0, f.stderr);
        assert.equal(explained(f.stdout), 'nginx');
    });

    it('--context and --kubeconfig before the command reach the kubeconfig (an unknown context: exit 3, named)', async () => {
        const r = await runCli(['--kubeconfig', '/nonexistent/kubeconfig', '--context', 'c', '-o', 'json', 'check']);
        assert.equal(r.code, 3, r.stderr);
        assert.match(r.stderr, /nonexistent\/kubeconfig/);
    });

    it('a flag the command does not take: a usage error naming the command (exit 2)', async () => {
        const r = await runCli(['-A', 'env', '--demo']);
        assert.equal(r.code, 2);
        assert.equal(r.stderr, 'error: svcdig env takes no -A/--all-namespaces flag\nhint: svcdig env --help lists its flags\n');
    });

    it('a flag of another command after the command: the same usage error and hint as before it (exit 2)', async () => {
        for (const typed of [
            ['explain', '-A', 'nginx', '--demo'],
            ['explain', 'nginx', '--demo', '-A'],
            ['explain', 'nginx', '--demo', '-vA'],
            ['explain', 'nginx', '--demo', '--all-namespaces'],
        ]) {
            const r = await runCli(typed);
            assert.equal(r.code, 2, typed.join(' '));
            assert.equal(r.stderr, 'error: svcdig explain takes no -A/--all-namespaces flag\nhint: svcdig explain --help lists its flags\n', typed.join(' '));
        }
        const selector = await runCli(['explain', 'nginx', '-l', 'app=x', '--demo']);
        assert.match(selector.stderr, /^error: svcdig explain takes no -l\/--selector flag\n/);
        // A flag's value is not a flag: -n's value "-A" is a (bad) namespace, not the flag -A.
        assert.doesNotMatch((await runCli(['explain', 'nginx', '-n', '-A', '--demo'])).stderr, /takes no/);
    });

    it('flags and no command: exit 2 with an example; --help and --version before the command still work', async () => {
        const r = await runCli(['-n', 'kube-system']);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /^error: -n kube-system: no command given\nhint: .*svcdig -n kube-system explain SERVICE/);
        assert.equal((await runCli(['--version'])).code, 0);
        for (const argv of [
            ['-n', 'x', 'explain', '--help'],
            ['-n', 'x', 'help', 'explain'],
        ]) {
            const help = await runCli(argv);
            assert.equal(help.code, 0, argv.join(' '));
            assert.match(help.stdout, /^Usage: svcdig explain /, argv.join(' '));
        }
        assert.match(
            (await runCli(['--help'])).stdout,
            /^A command's flags may come before it too, as in kubectl:\n {2}svcdig -n kube-system explain kube-dns$/m,
        );
    });

    it('a flag takes the next word as its value, as in kubectl: -n explain nginx is the namespace "explain"', async () => {
        const r = await runCli(['-n', 'explain', 'nginx', '--demo']);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /^error: unknown command 'nginx': "explain" was read as the value of -n/);
    });

    it('a flag that took another flag as its value says so: -n -o json explain reads -o as the namespace', async () => {
        const r = await runCli(['-n', '-o', 'json', 'explain', 'nginx', '--demo']);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /^error: unknown command 'json': "-o" was read as the value of -n, which takes the next word/);
        assert.match(r.stderr, /\nhint: give -n its value: svcdig -n VALUE -o json\n$/);
    });

    it("an unknown command after leading flags keeps commander's suggestion", async () => {
        const r = await runCli(['-n', 'default', 'resolv', 'x']);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /unknown command 'resolv'/);
        assert.match(r.stderr, /\nhint: did you mean resolve\?\n$/);
    });

    it('every flag means the same in every command (one arity per spelling), so the words before the command can be read alone', () => {
        const program = buildProgram(new RunContext({ env: {}, stdout: { write() {} }, stderr: { write() {} } } as never));
        const seen = new Map<string, string>();
        for (const cmd of program.commands)
            for (const o of cmd.options)
                for (const flag of [o.short, o.long].filter((f) => f !== undefined)) {
                    const meaning = `${o.short}|${o.long}|${o.required || o.optional}`;
                    assert.equal(seen.get(flag) ?? meaning, meaning, `${cmd.name()} ${flag}`);
                    seen.set(flag, meaning);
                }
    });

    it('kubectl svcdig -n x explain … through the built bin/kubectl-svcdig (the plugin path)', () => {
        const r = spawnSync(process.execPath, [resolve(root, 'bin/kubectl-svcdig'), '-n', 'kube-system', 'explain', 'kube-dns', '--demo', '-o', 'table'], {
            encoding: 'utf8',
            env: { ...process.env, NO_COLOR: '1' },
        });
        assert.equal(r.status, 0, r.stderr);
        assert.equal(explained(r.stdout), 'kube-dns');
        const wrong = spawnSync(process.execPath, [resolve(root, 'bin/kubectl-svcdig'), '-A', 'env', '--demo'], { encoding: 'utf8' });
        assert.equal(wrong.status, 2);
        assert.match(wrong.stderr, /^error: kubectl svcdig env takes no -A\/--all-namespaces flag\nhint: kubectl svcdig env --help/);
    });
});

describe('NS/NAME, TYPE/NAME and NAME.NS name a Service or pod', () => {
    for (const name of ['default/nginx', 'nginx.default', 'svc/nginx', 'service/nginx']) {
        it(`explain ${name} --demo finds default's nginx`, async () => {
            const r = await runCli(['explain', name, '--demo', '-o', 'json']);
            assert.equal(r.code, 0, r.stderr);
            const x = JSON.parse(r.stdout) as { service: { namespace: string; name: string } };
            assert.deepEqual([x.service.namespace, x.service.name], ['default', 'nginx']);
        });
    }

    it('explain kube-system/kube-dns and kube-dns.kube-system read the namespace they name', async () => {
        for (const name of ['kube-system/kube-dns', 'kube-dns.kube-system']) {
            const r = await runCli(['explain', name, '--demo', '-o', 'json']);
            assert.equal(r.code, 0, r.stderr);
            const x = JSON.parse(r.stdout) as { service: { namespace: string; name: string } };
            assert.deepEqual([x.service.namespace, x.service.name], ['kube-system', 'kube-dns'], name);
        }
    });

    it('-n that differs from the namespace in the name: a usage error before anything is read (exit 2)', async () => {
        const r = await runCli(['-n', 'a', 'explain', 'b/nginx', '--demo']);
        assert.equal(r.code, 2);
        // The hint names no Service in -n's namespace: whether nginx exists in "a" is not known before reading.
        assert.equal(r.stderr, 'error: the namespace of "b/nginx" ("b") does not match -n "a"\nhint: drop -n, or make it -n b\n');
        const same = await runCli(['-n', 'default', 'explain', 'default/nginx', '--demo', '-o', 'table']);
        assert.equal(same.code, 0, same.stderr);
    });

    it('a DNS name is not a Service name: the error says which command answers for it', async () => {
        const r = await runCli(['explain', 'nginx.default.svc.cluster.local', '--demo']);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /is a DNS name \(svcdig resolve nginx\.default\.svc\.cluster\.local answers for it\)/);
    });

    it('pod/NAME, deploy/NAME where a Service is wanted: a usage error naming the kind and the command that takes it', async () => {
        const pod = await runCli(['explain', 'pod/web-0', '--demo']);
        assert.equal(pod.code, 2);
        assert.equal(
            pod.stderr,
            'error: pod/web-0 is a pod: explain takes a Service, not a pod\nhint: for a pod, try svcdig env --pod web-0, or svcdig resolve NAME --as-pod web-0\n',
        );
        const deploy = await runCli(['explain', 'deploy/nginx', '--demo']);
        assert.equal(deploy.code, 2);
        assert.match(deploy.stderr, /^error: deploy\/nginx is a deployment: explain takes a Service, not a deployment\n/);
        const svc = await runCli(['env', '--pod', 'svc/nginx', '--demo']);
        assert.match(svc.stderr, /^error: svc\/nginx is a Service: --pod takes a pod, not a Service\nhint: for a Service, try svcdig explain nginx\n/);
    });

    it("kubectl's TYPE NAME word order: explain svc nginx, check svc nginx kube-dns.kube-system; explain pod web-0 is refused", async () => {
        const r = await runCli(['explain', 'svc', 'nginx', '--demo', '-o', 'table']);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(explained(r.stdout), 'nginx');
        const check = await runCli(['check', 'svc', 'nginx', 'kube-dns.kube-system', '--demo', '--expected-only', '-o', 'json']);
        assert.equal(check.code, 0, check.stderr);
        const report = JSON.parse(check.stdout) as { services: { namespace: string; name: string }[] };
        assert.deepEqual(report.services.map((s) => `${s.namespace}/${s.name}`).sort(), ['default/nginx', 'kube-system/kube-dns']);
        assert.match((await runCli(['explain', 'pod', 'web-0', '--demo'])).stderr, /^error: pod\/web-0 is a pod: explain takes a Service/);
        const two = await runCli(['explain', 'nginx', 'web', '--demo']);
        assert.equal(two.code, 2);
        assert.match(two.stderr, /^error: explain takes one Service, got 2: nginx, web\n/);
    });

    it('svcdig -- explain nginx --demo: after --, flags are arguments (as in kubectl), and the hint says so', async () => {
        for (const typed of [
            ['--', 'explain', 'nginx', '--demo'],
            ['explain', '--', 'nginx', '--demo'],
        ]) {
            const r = await runCli(typed);
            assert.equal(r.code, 2, typed.join(' '));
            assert.equal(
                r.stderr,
                'error: explain takes one Service, got 2: nginx, --demo\nhint: after --, every word is an argument, flags too (as in kubectl): put flags before --\n',
                typed.join(' '),
            );
        }
    });

    it('env --pod NS/POD and pod/POD; a pod name may hold dots, so POD.NS is the pod named so', async () => {
        const r = await runCli(['-n', 'kube-system', 'env', '--pod', 'pod/web-0', '--demo', '-o', 'json']);
        assert.equal(r.code, 4, 'pod/ is the type, so -n kube-system stays');
        const ok = await runCli(['env', '--pod', 'default/web-0', '--demo', '-o', 'json']);
        assert.equal(ok.code, 0, ok.stderr);
        assert.equal((JSON.parse(ok.stdout) as { pod: string }).pod, 'web-0');
        const dotted = await runCli(['env', '--pod', 'web-0.default', '--demo']);
        assert.equal(dotted.code, 4);
        assert.match(dotted.stderr, /^error: pod "web-0\.default" not found in namespace "default"/);
    });

    it('check NS/NAME NAME.NS: Services from two namespaces in one check', async () => {
        const r = await runCli(['check', 'kube-system/kube-dns', 'nginx.default', '--demo', '--expected-only', '-o', 'json']);
        assert.equal(r.code, 0, r.stderr);
        const report = JSON.parse(r.stdout) as { services: { namespace: string; name: string }[] };
        assert.deepEqual(
            report.services.map((s) => `${s.namespace}/${s.name}`),
            ['kube-system/kube-dns', 'default/nginx'],
        );
    });

    it('resolve --as-pod NS/POD still names the pod (and pod/POD the type)', async () => {
        const r = await runCli(['resolve', 'nginx', '--as-pod', 'default/web-9', '--demo', '--expected-only']);
        assert.equal(r.code, 4);
        assert.match(
            r.stderr,
            /^error: pod "web-9" not found in namespace "default" \(--as-pod\)\nhint: did you mean --as-pod default\/web-0, default\/web-1, default\/web-2\?/,
        );
        // -n is not --as-pod's namespace: the hint names the pod in --as-pod's own NS/POD form.
        const other = await runCli(['resolve', 'nginx', '--as-pod', 'kube-system/web-0', '--demo', '--expected-only']);
        assert.match(other.stderr, /\nhint: did you mean --as-pod default\/web-0\?\n$/);
        const typed = await runCli(['resolve', 'nginx', '--as-pod', 'pod/web-0', '--demo', '--expected-only']);
        assert.equal(typed.code, 0, typed.stderr);
    });
});

describe('resolve: a namespace that does not exist, a kubectl NS/NAME typed as a DNS name', () => {
    it('resolve nginx -n kube-sytem: the answers stand (exit 0), with the note explain and check would stop on', async () => {
        const r = await runCli(['resolve', 'nginx', '-n', 'kube-sytem', '--demo']);
        assert.equal(r.code, 0, r.stderr);
        assert.match(
            r.stderr,
            /^note: namespace "kube-sytem" not found \(in the built-in demo cluster\): the search list starts with its domain, where nothing is expected\nhint: did you mean -n kube-system\?\n/m,
        );
        // An absolute name takes no search list: nothing to say.
        const absolute = await runCli(['resolve', 'nginx.default.svc.cluster.local.', '-n', 'kube-sytem', '--demo', '--expected-only']);
        assert.doesNotMatch(absolute.stderr, /not found/);
        assert.doesNotMatch((await runCli(['resolve', 'nginx', '--demo', '--expected-only'])).stderr, /not found/);
    });

    it("resolve default/nginx is asked as typed, with a note giving the Service's DNS name", async () => {
        const r = await runCli(['resolve', 'default/nginx', '--demo', '--expected-only']);
        assert.equal(r.code, 0, r.stderr);
        assert.match(
            r.stderr,
            /^note: "default\/nginx" is asked as a DNS name, which no pod looks up; for the Service nginx in namespace default, resolve nginx\.default$/m,
        );
        assert.match((await runCli(['resolve', 'svc/nginx', '--demo', '--expected-only'])).stderr, /for the Service nginx, resolve nginx$/m);
    });
});

describe('"did you mean" for case and namespace slips', () => {
    it('explain NGINX: still an invalid name (exit 2), with only the name it meant (the case slip, not nginx-public)', async () => {
        const r = await runCli(['explain', 'NGINX', '--demo']);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /^error: invalid Service name "NGINX": .*\nhint: did you mean nginx\?\n$/);
    });

    it('env --pod WEB-0: an invalid pod name is exit 2 like explain NGINX, with the case slip', async () => {
        const r = await runCli(['env', '--pod', 'WEB-0', '--demo']);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /^error: invalid pod name "WEB-0": must be a DNS-1123 subdomain.*\nhint: did you mean web-0\?\n$/);
    });

    it('typed NS/NAME: the hints answer in NS/NAME, not -n', async () => {
        const moved = await runCli(['explain', 'kube-system/nginx', '--demo']);
        assert.equal(moved.code, 4);
        assert.match(moved.stderr, /\nhint: did you mean default\/nginx\?\n$/);
        const slip = await runCli(['explain', 'kube-sytem/kube-dns', '--demo']);
        assert.equal(slip.code, 4);
        assert.equal(slip.stderr, 'error: namespace "kube-sytem" not found (in the built-in demo cluster)\nhint: did you mean kube-system/kube-dns?\n');
        assert.match((await runCli(['-n', 'kube-sytem', 'explain', 'kube-dns', '--demo'])).stderr, /\nhint: did you mean -n kube-system\?\n$/);
    });

    it('a name that exists in another namespace: did you mean NS/NAME (-n NS), exit 4 as before', async () => {
        const r = await runCli(['explain', 'kube-dns', '--demo']);
        assert.equal(r.code, 4);
        assert.equal(r.stderr, 'error: service "kube-dns" not found in namespace "default"\nhint: did you mean kube-system/kube-dns (-n kube-system)?\n');
    });

    it('a near name in another namespace (edit distance ≤ 2)', async () => {
        const r = await runCli(['explain', 'kube-dsn', '--demo']);
        assert.equal(r.code, 4);
        assert.match(r.stderr, /\nhint: did you mean kube-system\/kube-dns \(-n kube-system\)\?\n$/);
    });

    it('-n Default: still an invalid namespace (exit 2), with the one meant', async () => {
        const r = await runCli(['-n', 'Default', 'explain', 'nginx', '--demo']);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /^error: invalid namespace "Default": .*\nhint: did you mean -n default\?\n$/);
    });

    it('a pod in another namespace (env --pod)', async () => {
        const r = await runCli(['env', '-n', 'kube-system', '--pod', 'web-1', '--demo']);
        assert.equal(r.code, 4);
        assert.match(r.stderr, /\nhint: did you mean default\/web-1 \(-n default\)\?\n$/);
    });
});

it('leading flags and nothing else (svcdig --demo): exit 2, "no command given"', async () => {
    const r = await runCli(['--demo']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^error: --demo: no command given\n/);
});

describe('"did you mean" against a live cluster (fake kube-apiserver)', () => {
    it('a Service in another namespace is found by one list of Services, on the not-found path only', async (t) => {
        const server = await startFakeApiServer({ objectsFile: scenarioClusterPath('seed-000-dev-open-headless') });
        const dir = mkdtempSync(join(tmpdir(), 'svcdig-habits-live-'));
        t.after(async () => {
            await server.close();
            rmSync(dir, { recursive: true, force: true });
        });
        const kubeconfig = server.kubeconfigPath(dir);
        const r = await runCli(['explain', 'open1-headless', '--kubeconfig', kubeconfig, '-n', 'default']);
        assert.equal(r.code, 4, r.stderr);
        assert.equal(r.stderr, 'error: service "open1-headless" not found in namespace "default"\nhint: did you mean dev/open1-headless (-n dev)?\n');
        const cross = server.requests.filter((q) => q.method === 'GET' && /^\/api\/v1\/services(\?|$)/.test(q.path));
        assert.equal(cross.length, 1, 'one list of Services in every namespace');
        const before = server.requests.length;
        const found = await runCli(['-n', 'dev', 'explain', 'open1-headless', '--kubeconfig', kubeconfig, '-o', 'json']);
        assert.ok(found.code <= 1, found.stderr);
        assert.ok(
            server.requests.slice(before).every((q) => !/^\/api\/v1\/services(\?|$)/.test(q.path)),
            'a Service that is there costs no list across namespaces',
        );
    });
});
