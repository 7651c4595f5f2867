/**
 * check writes its report as it goes, Service by Service (src/commands/check/check-output.ts, render/check-writer.ts):
 * every format must print exactly the bytes its whole-report printer prints for the same report (render/registry.ts
 * PRINTERS, render/junit.ts renderJunit). Each case runs check with -o json and --junit (the report as data, and the
 * JUnit file, both written as they go), then once per other format, and compares each output with the whole printer's
 * rendering of that JSON report: the scenarios of test/fixtures/scenarios read from files against a DNS that answers
 * every A question wrongly, and a generated live cluster of many namespaces (read namespace by namespace) whose DNS
 * answers most names right, some wrongly (with addresses of pods in other namespaces: reasons that need a lookup),
 * fails some queries (DNS errors) and SERVFAILs others, with findings, several --fail-on levels, colour and --quiet.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { runCli, type CliRun } from '../helpers/run-cli.js';
import { scenarioClusterPath, scenarioNames } from '../helpers/scenarios.js';
import { startTestDnsServer, type TestDnsServer } from '../kit/dns/test-server.js';
import { scenarioRecords } from '../kit/dns/scenario-zone.js';
import { startFakeApiServer } from '../kit/fake-apiserver/index.js';
import { generateCluster } from '../kit/generate-cluster.js';
import { printReport } from '../../src/render/registry.js';
import { renderJson, renderYaml } from '../../src/render/structured.js';
import { renderJunit } from '../../src/render/junit.js';
import { colorLevel, makeStyler } from '../../src/render/style.js';
import type { CheckReport } from '../../src/core/check-report.js';
import type { Reply, RR } from '../../src/core/dns/reply.js';
import type { KubeObject } from '../../src/core/k8s.js';
import { snapshotFromObjects } from '../../src/core/snapshot-from-objects.js';
import { dnsConfigFor } from '../../src/core/dns/corefile.js';

/** The whole printer of `format` as the command sets it up (commands/common/print.ts printOptions, not a terminal). */
function printWhole(report: CheckReport, format: string, flags: { color?: boolean; quiet?: boolean; noHeaders?: boolean }): string {
    const level = colorLevel({ color: flags.color ? 'always' : undefined, env: { NO_COLOR: '1' }, isTTY: false });
    return printReport('check', report, {
        format,
        headers: !flags.noHeaders,
        styler: makeStyler(level),
        width: undefined,
        ...(flags.quiet ? { summaryOnly: true } : {}),
    });
}

/** The report without what is measured (each query's time, the run's), for reports of two runs. */
function unmeasured(report: CheckReport): CheckReport {
    const copy = structuredClone(report);
    delete copy.timing;
    for (const s of copy.services) for (const r of s.records) delete r.elapsedMs;
    return copy;
}

/** Each format written as it goes against its whole printer, for check `args`; returns the JSON report. */
async function compareFormats(t: import('node:test').TestContext, args: string[]): Promise<CheckReport> {
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-streamed-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const junit = join(dir, 'junit.xml');
    const json = await runCli([...args, '-o', 'json', '--junit', junit]);
    assert.ok(json.code === 0 || json.code === 1 || json.code === 5, json.stderr);
    const report = JSON.parse(json.stdout) as CheckReport;
    assert.equal(json.stdout, renderJson(report), 'json');
    assert.equal(readFileSync(junit, 'utf8'), renderJunit(report, { hostname: hostname() || 'localhost' }), 'junit');
    const same = (run: CliRun, what: string) => {
        assert.equal(run.code, json.code, `${what}: ${run.stderr}`);
        return run;
    };
    for (const format of ['table', 'wide', 'github']) {
        const run = same(await runCli([...args, '-o', format]), format);
        assert.equal(run.stdout, printWhole(report, format, {}), format);
    }
    const colour = same(await runCli([...args, '-o', 'wide', '--color', 'always']), 'colour');
    assert.equal(colour.stdout, printWhole(report, 'wide', { color: true }), 'wide in colour');
    const bare = same(await runCli([...args, '--no-headers']), 'no headers');
    assert.equal(bare.stdout, printWhole(report, 'table', { noHeaders: true }), 'table without headers');
    const quiet = same(await runCli([...args, '--quiet']), 'quiet');
    assert.equal(quiet.stdout, printWhole(report, 'table', { quiet: true }), '--quiet');
    // YAML is written as it goes too (check-yaml.ts): its own report, which is the JSON one but for timing
    const yaml = same(await runCli([...args, '-o', 'yaml']), 'yaml');
    const yamlReport = load(yaml.stdout) as CheckReport;
    assert.equal(yaml.stdout, renderYaml(yamlReport), 'yaml');
    assert.deepEqual(unmeasured(yamlReport), unmeasured(report));
    return report;
}

/** A DNS that answers every A question with one address nothing owns and `other` (a pod's, when given), the rest NXDOMAIN. */
function lyingAnswer(other?: string): (name: string, type: string) => Reply {
    return (name, type) => ({
        rcode: type === 'A' ? 'NOERROR' : 'NXDOMAIN',
        answers: type === 'A' ? [...(other ? [{ name, type: 'A', ttl: 30, data: other }] : []), { name, type: 'A', ttl: 30, data: '192.0.2.7' }] : [],
        additionals: [],
        because: [],
        authoritative: true,
    });
}

async function dnsServer(
    t: import('node:test').TestContext,
    answer: (name: string, type: string) => Reply,
    drop?: (name: string, type: string) => boolean,
): Promise<TestDnsServer> {
    const dns = await startTestDnsServer({ answer, ...(drop ? { drop } : {}) });
    t.after(() => dns.stop());
    return dns;
}

for (const scenario of scenarioNames()) {
    test(`${scenario}: check -A -f, each format written as it goes is its whole printer's output (lying DNS)`, async (t) => {
        const dns = await dnsServer(t, lyingAnswer());
        const report = await compareFormats(t, ['check', '-A', '-f', scenarioClusterPath(scenario), '--server', `127.0.0.1:${dns.port}`]);
        assert.ok(report.summary.mismatches > 0 || report.summary.records === 0, 'the DNS lies');
    });
}

test('scenarios with --expected-only and --fail-on info: every format written as it goes is its whole printer', async (t) => {
    for (const scenario of scenarioNames())
        await compareFormats(t, ['check', '-A', '-f', scenarioClusterPath(scenario), '--expected-only', '--fail-on', 'info']);
});

test('a live cluster of many namespaces, a DNS right, wrong and failing by turns: each format is its whole printer', async (t) => {
    const generated = generateCluster({ services: 90, pods: 900, namespaces: 6 });
    const objects: KubeObject[] = generated.objects;
    const snap = snapshotFromObjects(objects, 'streamed');
    const { records } = scenarioRecords(snap, dnsConfigFor(snap.corednsConfigMap?.data?.Corefile, {}));
    const byName = new Map<string, RR[]>();
    for (const rr of [...records.values()].flat()) byName.set(rr.name, [...(byName.get(rr.name) ?? []), rr]);
    type PodLike = KubeObject & { status?: { podIP?: string } };
    const lastPod = objects.filter((o): o is PodLike => o.kind === 'Pod' && o.metadata.namespace === 'ns-005' && !!(o as PodLike).status?.podIP).at(-1)!;
    const srv = (ns: string) => [...byName.values()].flat().find((r) => r.type === 'SRV' && r.name.includes(`.${ns}.`))!.name;
    const dropped = new Set([srv('ns-002'), srv('ns-004')]);
    const lie = lyingAnswer(lastPod.status!.podIP!);
    const right = (name: string, type: string): Reply => {
        const owned = byName.get(name.toLowerCase()) ?? [];
        return {
            rcode: owned.length ? 'NOERROR' : 'NXDOMAIN',
            answers: owned.filter((r) => r.type === type),
            additionals: [],
            because: [],
            authoritative: true,
        };
    };
    // by namespace: ns-001 lies about A records, ns-003 SERVFAILs SRV questions, ns-002 and ns-004 leave one SRV
    // question each unanswered (DNS errors, one message for both); the others answer as CoreDNS would
    const dns = await dnsServer(
        t,
        (name, type) => {
            if (name.includes('.ns-001.')) return lie(name, type);
            if (name.includes('.ns-003.') && type === 'SRV') return { ...right(name, type), rcode: 'SERVFAIL', answers: [] };
            return right(name, type);
        },
        (name, type) => type === 'SRV' && dropped.has(name),
    );
    const api = await startFakeApiServer({ objects });
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-streamed-live-'));
    t.after(async () => {
        await api.close();
        rmSync(dir, { recursive: true, force: true });
    });
    const kubeconfig = api.kubeconfigPath(dir);
    // each format is a run of its own, compared with the JSON run's report: a right answer must never time out, even
    // on a loaded machine (the DNS server shares the check's event loop), so only the two dropped questions fail
    const live = ['check', '-A', '--kubeconfig', kubeconfig, '--server', `127.0.0.1:${dns.port}`, '--timeout', '3s', '--retries', '0'];
    {
        const report = await compareFormats(t, [...live, '--fail-on', 'warning']);
        assert.ok(report.summary.mismatches > 0 && report.summary.dnsErrors === 2 && report.summary.warnings > 0, JSON.stringify(report.summary));
        assert.ok(new Set(report.services.map((s) => s.namespace)).size >= 6, 'many namespaces');
        assert.ok(
            report.services.some((s) => s.records.some((r) => r.differences.some((d) => d.reason?.includes(`pod ns-005/${lastPod.metadata.name} `)))),
            'a reason names the pod of another namespace (looked up after the namespace was let go)',
        );
    }
});
