/**
 * `check` across kubeconfig contexts (src/commands/check/contexts.ts): three fake API servers in one merged
 * kubeconfig (KUBECONFIG=a:b:c, as kubectl merges it), one serving a cluster, one whose user may read nothing (403),
 * one gone (connection refused). One report: a section per context, JSON with a `contexts` list, JUnit with one
 * testsuite per context; the unreachable and the forbidden context are reported without stopping the others, and
 * the exit code is the worst of all.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, delimiter } from 'node:path';
import { startFakeApiServer, type FakeApiServer } from '../kit/fake-apiserver/index.js';
import { runCli } from '../helpers/run-cli.js';
import { scenarioClusterPath, scenarioNames } from '../helpers/scenarios.js';

interface Fleet {
    env: Record<string, string>;
    dir: string;
}

async function fleet(t: import('node:test').TestContext): Promise<Fleet> {
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-contexts-'));
    const scenario = scenarioClusterPath(scenarioNames()[1]!);
    const servers: FakeApiServer[] = [];
    t.after(async () => {
        for (const s of servers) await s.close();
        rmSync(dir, { recursive: true, force: true });
    });
    const ok = await startFakeApiServer({ objectsFile: scenario });
    const alsoOk = await startFakeApiServer({ objectsFile: scenario });
    const forbidden = await startFakeApiServer({ objectsFile: scenario, rbac: [] });
    const gone = await startFakeApiServer({ objectsFile: scenario });
    servers.push(ok, alsoOk, forbidden);
    const files = [
        ok.kubeconfigPath(dir, { contextName: 'alpha' }),
        forbidden.kubeconfigPath(dir, { contextName: 'bravo' }),
        gone.kubeconfigPath(dir, { contextName: 'charlie', relativeCa: true }), // the CA outlives the server
        alsoOk.kubeconfigPath(dir, { contextName: 'delta' }),
    ];
    await gone.close(); // its port now refuses connections
    return { env: { KUBECONFIG: files.join(delimiter) }, dir };
}

test('check --all-contexts: one report with a section per context; unreachable and forbidden contexts reported, the others checked', async (t) => {
    const { env, dir } = await fleet(t);
    const junit = join(dir, 'report.xml');
    const base = ['check', '-A', '--all-contexts', '--expected-only', '--fail-on', 'never'];

    const json = await runCli([...base, '-o', 'json', '--junit', junit], { env });
    const report = JSON.parse(json.stdout) as {
        kind: string;
        contexts: { context: string; exitCode: number; error?: string; report?: { summary: { services: number } } }[];
        summary: { contexts: number; notChecked: number; exitCode: number };
    };
    assert.equal(report.kind, 'CheckReportList');
    assert.deepEqual(
        report.contexts.map((c) => c.context),
        ['alpha', 'bravo', 'charlie', 'delta'],
    );
    const [alpha, bravo, charlie, delta] = report.contexts;
    assert.ok(alpha!.report && alpha!.report.summary.services > 0, 'alpha checked');
    assert.ok(delta!.report && delta!.report.summary.services === alpha!.report.summary.services, 'delta checked after the failures');
    assert.match(bravo!.error ?? '', /forbidden/);
    assert.equal(bravo!.exitCode, 3);
    assert.match(charlie!.error ?? '', /refused|unreachable|ECONNREFUSED/i);
    assert.equal(charlie!.exitCode, 5);
    assert.equal(report.summary.notChecked, 2);
    assert.equal(json.code, 5, 'the worst of all contexts');
    assert.equal(report.summary.exitCode, 5);
    assert.match(json.stderr, /^context (bravo|charlie): /m, `stderr lines name their context: ${json.stderr}`);

    const xml = readFileSync(junit, 'utf8');
    const suites = [...xml.matchAll(/<testsuite name="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(suites, ['context alpha', 'context bravo', 'context charlie', 'context delta']);
    assert.match(xml, /<testsuite name="context charlie"[^>]* errors="1"/);

    const table = await runCli([...base, '--no-color'], { env });
    assert.equal(table.code, 5);
    assert.match(table.stdout, /^context alpha\n/m);
    assert.match(table.stdout, /^context bravo: not checked: .*forbidden/m);
    assert.match(table.stdout, /^context charlie: not checked: /m);
    assert.match(table.stdout, /^context delta\n/m);
});

test('check --all-contexts -o github: a log group per context, the context in every annotation title', async (t) => {
    const { env } = await fleet(t);
    const r = await runCli(['check', '-A', '--all-contexts', '--expected-only', '--fail-on', 'never', '-o', 'github'], { env });
    assert.equal(r.code, 5, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.deepEqual(
        lines.filter((l) => l.startsWith('::group::') || l === '::endgroup::'),
        ['::group::context alpha', '::endgroup::', '::group::context delta', '::endgroup::'],
    );
    const alpha = lines.slice(lines.indexOf('::group::context alpha') + 1, lines.indexOf('::endgroup::'));
    assert.ok(alpha.length > 1, r.stdout);
    for (const l of alpha) assert.match(l, /^::(error|warning|notice) title=svcdig alpha /);
    assert.ok(
        lines.some((l) => /^::error title=svcdig context bravo::.*not checked: .*forbidden/.test(l)),
        r.stdout,
    );
});

test('check --context a --context b checks both; one --context prints exactly what check always printed', async (t) => {
    const { env } = await fleet(t);
    const two = await runCli(['check', '-A', '--context', 'alpha', '--context', 'delta', '--expected-only', '-o', 'json'], { env });
    const report = JSON.parse(two.stdout) as { contexts: { context: string }[] };
    assert.deepEqual(
        report.contexts.map((c) => c.context),
        ['alpha', 'delta'],
    );
    const one = await runCli(['check', '-A', '--context', 'alpha', '--expected-only', '-o', 'json'], { env });
    assert.equal(JSON.parse(one.stdout).kind, 'CheckReport');
    const refused = await runCli(['check', '-A', '--all-contexts', '--context', 'alpha'], { env });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /--context or --all-contexts, not both/);
});
