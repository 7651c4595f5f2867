/**
 * deploy/rbac.yaml is enough and not more. The fake API server enforces exactly the rules the manifests bind to the
 * svcdig ServiceAccount (RBAC as the real authorizer: test/kit/fake-apiserver/rbac.ts):
 * - every command the Job, the CronJob and the Helm hook run works under them, with no read refused;
 * - each rule (one verb of one resource) removed in turn makes those commands degrade or fail with a message that
 *   names it (svcdig's "needs <verb> <resource> …");
 * - the optional roles (rbac-portforward.yaml, rbac-exec.yaml) make --via port-forward, --as-pod and env --compare
 *   work, and each of their verbs removed is named too (WebSocket upgrades: `get` before Kubernetes 1.35, also
 *   `create` from 1.35).
 * The commands' DNS questions go to Knot (--server): in the cluster the Job asks the cluster DNS directly.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { grantedRules, type GrantedRule } from '../kit/fake-apiserver/index.js';
import { liveScenario, root, run } from './helpers.js';

const SA = { kind: 'ServiceAccount' as const, name: 'svcdig', namespace: 'svcdig' };
const USER = 'system:serviceaccount:svcdig:svcdig';
const load = (...files: string[]) => files.flatMap((f) => parseAllDocuments(readFileSync(join(root, 'deploy', f), 'utf8')).map((d) => d.toJS() as unknown));
const BASE = grantedRules(load('rbac.yaml'), SA);

type Doc = { kind: string; spec: Record<string, unknown> };
/** The container args of a Job, a CronJob or a Helm hook (its template expressions filled in). */
function argsOf(file: string, fill: Record<string, string> = {}): string[] {
    let text = readFileSync(join(root, 'deploy', file), 'utf8').replace(/\{\{-? \/\*[\s\S]*?\*\/ -?\}\}\n?/g, '');
    for (const [k, v] of Object.entries(fill)) text = text.replaceAll(`{{ ${k} }}`, v);
    const doc = parseAllDocuments(text)[0]!.toJS() as Doc;
    const pod = (doc.kind === 'CronJob' ? (doc.spec.jobTemplate as Doc).spec.template : doc.spec.template) as {
        spec: { containers: { args: string[] }[]; serviceAccountName: string };
    };
    assert.equal(pod.spec.serviceAccountName, 'svcdig', `${file} runs as the svcdig ServiceAccount`);
    return pod.spec.containers[0]!.args;
}

/** One verb of one resource: what "each rule removed in turn" removes. */
interface Atom {
    rule: GrantedRule;
    resource: string;
    verb: string;
}
function atoms(rules: GrantedRule[]): Atom[] {
    return rules.flatMap((rule) => rule.resources.flatMap((resource) => rule.verbs.map((verb) => ({ rule, resource, verb }))));
}
function without(rules: GrantedRule[], a: Atom): GrantedRule[] {
    return rules.flatMap((r) => {
        if (r !== a.rule) return [r];
        const rest: GrantedRule[] = [];
        const others = r.resources.filter((x) => x !== a.resource);
        if (others.length) rest.push({ ...r, resources: others });
        const verbs = r.verbs.filter((v) => v !== a.verb);
        if (verbs.length) rest.push({ ...r, resources: [a.resource], verbs });
        return rest;
    });
}
const names = (a: { verb: string; resource: string }) => new RegExp(`\\b${a.verb}\\b[^\\n]*\\b${a.resource.replace('/', '\\/')}\\b`);

const JOBS = () => [
    { from: 'job.yaml', args: argsOf('job.yaml') },
    { from: 'cronjob.yaml', args: argsOf('cronjob.yaml') },
    // A release namespace other than default: default/kubernetes is then read by name.
    { from: 'helm/svcdig-check-hook.yaml', args: argsOf('helm/svcdig-check-hook.yaml', { '.Release.Namespace': 'kube-system', '.Release.Name': 'rel' }) },
];

type Live = Awaited<ReturnType<typeof liveScenario>>;
/** A Job's command against the fake cluster: its JUnit path moved to a temp dir, DNS at Knot. */
async function runJob(c: Live, args: string[]) {
    const argv = args.map((a) => (a.startsWith('/reports/') ? join(c.dir, a.slice('/reports/'.length)) : a));
    const wait = argv.indexOf('--wait');
    if (wait >= 0) argv.splice(wait + 1, 1, '5s'); // a rule missing must not cost the test minutes
    return run(process.execPath, [join(root, 'bin/svcdig.js'), ...argv, '--kubeconfig', c.kubeconfig, '--server', `127.0.0.1:${c.knot.port}`], {
        env: { ...process.env, NO_COLOR: '1' },
    });
}

describe('deploy/rbac.yaml: enough for every command the Job runs, and not more', () => {
    it('the manifests bind read-only rules: no write verb, no watch, no secrets, no wildcard', () => {
        for (const r of grantedRules(load('rbac.yaml', 'rbac-portforward.yaml', 'rbac-exec.yaml'), SA)) {
            assert.ok(!r.verbs.some((v) => ['update', 'patch', 'delete', 'deletecollection', 'watch', '*'].includes(v)), `${r.from}: ${r.verbs.join(',')}`);
            assert.ok(
                r.verbs.every((v) => v !== 'create' || r.resources.every((x) => x === 'pods/exec' || x === 'pods/portforward')),
                `${r.from}: create only on the streaming subresources`,
            );
            assert.ok(!r.resources.includes('*') && !r.apiGroups.includes('*') && !r.resources.includes('secrets'), r.from);
        }
        assert.ok(
            BASE.every((r) => !r.resources.some((x) => x.includes('/'))),
            'rbac.yaml: no exec or port-forward',
        );
    });

    it('every command of job.yaml, cronjob.yaml and the Helm hook works under exactly these rules', async (t) => {
        const c = await liveScenario(t, undefined, { rbac: BASE, tokenUser: USER });
        for (const job of JOBS()) {
            const r = await runJob(c, job.args);
            assert.ok(r.code === 0, `${job.from}: svcdig ${job.args.join(' ')} → exit ${r.code}\n${r.stdout}\n${r.stderr}`);
            assert.doesNotMatch(r.stderr, /could not read|forbidden|needs/i, job.from);
            assert.match(r.stdout, /\d+ Services?, \d+\/\d+ records ok/, `${job.from} prints the summary`);
        }
        assert.deepEqual(c.server.denied, [], 'no request was refused');
        assert.match(readFileSync(join(c.dir, 'svcdig-junit.xml'), 'utf8'), /<testsuites/);
    });

    for (const atom of atoms(BASE)) {
        const label = `${atom.verb} ${atom.resource}${atom.rule.namespace ? ` in ${atom.rule.namespace}` : ''} (${atom.rule.from})`;
        it(`without ${label}: the Job's commands degrade or fail, naming it`, async (t) => {
            // Endpoints are read only where discovery.k8s.io/v1 is not served (Kubernetes < 1.21).
            const legacy = atom.resource === 'endpoints';
            const c = await liveScenario(t, undefined, { rbac: without(BASE, atom), tokenUser: USER, ...(legacy ? { servesEndpointSlices: false } : {}) });
            let named = false;
            for (const job of JOBS()) {
                const r = await runJob(c, job.args);
                assert.ok(r.code === 0 || r.code === 1 || r.code === 3, `${job.from}: exit ${r.code} (0/1 degraded, 3 refused)\n${r.stderr}`);
                assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, job.from);
                if (names(atom).test(r.stderr)) named = true;
                else assert.equal(r.stderr.match(/forbidden|could not read/gi), null, `${job.from}: a refusal that does not name ${label}:\n${r.stderr}`);
            }
            assert.ok(c.server.denied.length > 0, `no command needed ${label}: the rule is more than svcdig needs`);
            assert.ok(named, `a command was refused (${c.server.denied.join('; ')}) and none named ${label}`);
        });
    }
});

describe('deploy/rbac-portforward.yaml and rbac-exec.yaml: only for the options that use them', () => {
    const PF = [...BASE, ...grantedRules(load('rbac-portforward.yaml'), SA)];
    const EXEC = [...BASE, ...grantedRules(load('rbac-exec.yaml'), SA)];
    const svcdig = (c: Live, ...argv: string[]) =>
        run(process.execPath, [join(root, 'bin/svcdig.js'), ...argv, '--kubeconfig', c.kubeconfig], { env: { ...process.env, NO_COLOR: '1' } });
    const resolvConf = (c: Live) =>
        c.server.execScripts.set('default/web-0', (command) =>
            command.join(' ') === 'cat /etc/resolv.conf'
                ? { stdout: 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n' }
                : { stdout: 'PATH=/usr/bin\nHOSTNAME=web-0\n' },
        );

    it('rbac.yaml alone refuses a port-forward and an exec, and says which rule is missing', async (t) => {
        const c = await liveScenario(t, undefined, { rbac: BASE, tokenUser: USER });
        resolvConf(c);
        const pf = await svcdig(c, 'resolve', 'web-0.nginx', '--via', 'port-forward');
        assert.notEqual(pf.code, 0);
        assert.match(pf.stdout + pf.stderr, /pods\/portforward in namespace kube-system/);
        const asPod = await svcdig(c, 'resolve', 'web-1.nginx', '--as-pod', 'default/web-0', '--server', `127.0.0.1:${c.knot.port}`);
        assert.match(asPod.stdout + asPod.stderr, /pods\/exec in namespace default/);
    });

    for (const minor of ['32', '35']) {
        it(`with them: --via port-forward, --as-pod and env --compare work (Kubernetes 1.${minor}); each verb removed is named`, async (t) => {
            const c = await liveScenario(t, undefined, { rbac: [...PF, ...EXEC.slice(BASE.length)], tokenUser: USER, minor });
            resolvConf(c);
            const pf = await svcdig(c, 'resolve', 'web-0.nginx', '--via', 'port-forward', '-o', 'json');
            assert.equal(pf.code, 0, pf.stderr);
            const asPod = await svcdig(c, 'resolve', 'web-1.nginx', '--as-pod', 'default/web-0', '--server', `127.0.0.1:${c.knot.port}`, '-o', 'json');
            assert.equal(asPod.code, 0, asPod.stderr);
            const env = await svcdig(c, 'env', '--pod', 'web-0', '--compare', '-o', 'json');
            assert.doesNotMatch(env.stderr, /forbidden|needs/, env.stderr);
            assert.deepEqual(c.server.denied, []);

            // The verbs a WebSocket upgrade is authorized for at this version: get, and from 1.35 create too.
            for (const verb of minor === '35' ? ['get', 'create'] : ['get']) {
                const pfAtom = atoms(PF).find((a) => a.resource === 'pods/portforward' && a.verb === verb)!;
                c.server.rbac = [...without(PF, pfAtom), ...EXEC.slice(BASE.length)];
                const noPf = await svcdig(c, 'resolve', 'web-0.nginx', '--via', 'port-forward');
                assert.notEqual(noPf.code, 0);
                assert.match(noPf.stdout + noPf.stderr, names({ verb, resource: 'pods/portforward' }), noPf.stdout + noPf.stderr);

                const execAtom = atoms(EXEC).find((a) => a.resource === 'pods/exec' && a.verb === verb)!;
                c.server.rbac = [...without(EXEC, execAtom), ...PF.slice(BASE.length)];
                const noExec = await svcdig(c, 'resolve', 'web-1.nginx', '--as-pod', 'default/web-0', '--server', `127.0.0.1:${c.knot.port}`);
                assert.match(noExec.stdout + noExec.stderr, names({ verb, resource: 'pods/exec' }), noExec.stdout + noExec.stderr);
                const noEnv = await svcdig(c, 'env', '--pod', 'web-0', '--compare', '-o', 'json');
                assert.match(noEnv.stdout + noEnv.stderr, names({ verb, resource: 'pods/exec' }));
            }
            if (minor === '32') {
                // Before 1.35 `create` is not asked for a WebSocket upgrade: the roles keep it for 1.35+ (and SPDY).
                c.server.rbac = [
                    ...without(
                        PF,
                        atoms(PF).find((a) => a.resource === 'pods/portforward' && a.verb === 'create')!,
                    ),
                ];
                assert.equal((await svcdig(c, 'resolve', 'web-0.nginx', '--via', 'port-forward')).code, 0);
            }
        });
    }
});
