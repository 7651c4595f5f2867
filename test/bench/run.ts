/**
 * `npm run bench`: the performance figures of README "Performance", each as a ratio against a baseline measured in the
 * same run (or against an absolute limit, where the target is one), printed as a table and written to
 * bench-results/bench.json.
 *
 * 1. cold `svcdig --help` vs `node -e 0` (same Node binary)                    ≤ 1.3×
 * 2. cold `svcdig explain X -f file` vs `node -e 0`                               ≤ 2×
 * 3. `svcdig resolve <headless pod name>` live (fake API + Knot via --server) vs `kubectl get svc,endpointslices
 *    -o json` (warm cache dir) followed by `dig` against the same Knot             ≤ 0.5×
 * 4. `svcdig check -A` at 200 / 5,000 / 20,000 Services (10 pods per Service): wall and peak RSS; at 5,000 ≤ 15 s and
 *    ≤ 250 MB; wall growth per Service ≈ linear; peak RSS flat (≤ 1.2×) from 5,000 on (namespace by namespace)
 * 5. DNS queries per second of `check` (its live run minus its --expected-only run) vs dnsperf on the same Knot and
 *    names at the same concurrency (64)                                          ≥ 0.5×
 * 6. API requests per `check -A` by kind at two sizes: cluster-wide lists constant plus continue pages, and two lists
 *    per namespace (O(namespaces + kinds))
 * 7. cold start of the standalone executable (SEA) vs the npm install (`node bin/svcdig.js`)   ≤ 1×
 * 8. `check -A --all-contexts` over 10 contexts vs the slowest single context (test/bench/contexts.ts)   ≤ 2×
 * 9. `check -A -f` of a 5,000-Service dump as JSON (≤ 250 MB) and as YAML (≤ 2× the JSON's time, ≤ 4× its size in
 *    memory) (test/bench/files.ts)
 * 10. inside `svcdig shell` (live, the cluster read once), a typed name to its printed answer: p50 ≤ 10 ms, and ≤ 0.1×
 *    of figure 3's cold `svcdig resolve` and of its `kubectl get` + `dig`
 *
 * Environment knobs: BENCH_SIZES=200,2000,5000 (check sizes), BENCH_REPS=15 (cold-start repetitions), BENCH_SEA=0
 * (skip figure 7), BENCH_SEA_NOCACHE=1 (figure 7 also without the code cache), BENCH_ONLY=cold,check (run only these
 * sections: cold, sea, check, contexts, files; default all), BENCH_CONTEXTS=10 (figure 8's contexts).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { interleaved, median, run, hasGnuTime } from './measure.js';
import { startLiveCluster, type LiveCluster } from './live-cluster.js';
import { absoluteRow, printTable, ratioRow, writeJson, type Row } from './report.js';
import { standaloneColdStart } from './standalone.js';
import { sessionLatency } from './shell-session.js';
import { contextsFigure } from './contexts.js';
import { filesFigure } from './files.js';

const root = resolve(import.meta.dirname, '../..');
const NODE = join(root, 'node_modules/.bin/node');
const CLI = join(root, 'bin/svcdig.js');
const SIZES = (process.env.BENCH_SIZES ?? '200,5000,20000').split(',').map(Number);
/** The size with absolute targets (wall ≤ 15 s, peak RSS ≤ 250 MB); RSS growth past it must stay flat. */
const TARGET_SIZE = 5000;
const REPS = Number(process.env.BENCH_REPS ?? 15);
const CHECK_TIMEOUT_NOTE = 'check: exit 0 or 1 (findings) accepted';
/** A live `check -A` run is killed after this long (BENCH_CHECK_LIMIT seconds, default 240). */
const CHECK_LIMIT_MS = Number(process.env.BENCH_CHECK_LIMIT ?? 240) * 1000;

/** BENCH_ONLY: the sections to run (all when unset), so one figure can be measured without the whole run. */
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : null;
const runs = (section: string) => !ONLY || ONLY.has(section);

const rows: Row[] = [];
const details: Record<string, unknown> = {};
const log = (s: string) => process.stderr.write(`bench: ${s}\n`);
const okExit = (code: number | null) => code === 0 || code === 1;

/** A tool's version line (some print it on stderr, some exit non-zero after printing it). */
function tool(cmd: string, args: string[]): string {
    const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (r.error) return 'not installed';
    const lines = `${r.stdout}\n${r.stderr}`.trim().split('\n');
    return (lines.find((l) => /\d+\.\d+/.test(l)) ?? lines[0]!).trim();
}

async function coldStart(): Promise<void> {
    const scenario = join(root, 'test/fixtures/scenarios/seed-001-nginx-statefulset/cluster.yaml');
    log(`cold start: ${REPS} runs each, interleaved`);
    const [base, help, explain] = await interleaved(
        [
            { cmd: NODE, args: ['-e', '0'] },
            { cmd: NODE, args: [CLI, '--help'], ok: (r) => r.code === 0 },
            { cmd: NODE, args: [CLI, 'explain', 'nginx-headless', '-n', 'default', '-f', scenario, '--no-color'], ok: (r) => r.code === 0 },
        ],
        REPS,
    );
    const b = median(base!);
    rows.push(ratioRow('1. cold svcdig --help vs node -e 0', median(help!), b, 'ms', '<=', 1.3));
    rows.push(ratioRow('2. cold svcdig explain -f vs node -e 0', median(explain!), b, 'ms', '<=', 2));
    details.coldStart = { reps: REPS, nodeE0: base, help, explain, explainFile: scenario };
}

async function resolveVsKubectlDig(c: LiveCluster): Promise<void> {
    const { namespace, name, firstPod } = c.generated.sampleHeadless;
    const cacheDir = mkdtempSync(join(tmpdir(), 'svcdig-bench-kubecache-'));
    const port = c.knot.port;
    const reps = Math.max(5, Math.floor(REPS / 2));
    log(`resolve live vs kubectl+dig: ${reps} runs each`);
    const svcdig: number[] = [];
    const today: number[] = [];
    const kubectlArgs = ['--kubeconfig', c.kubeconfig, '--cache-dir', cacheDir, 'get', 'svc,endpointslices', '-n', namespace, '-o', 'json'];
    const digArgs = [`@127.0.0.1`, '-p', String(port), `${firstPod}.${name}.${namespace}.svc.cluster.local`, 'A', '+tries=1', '+time=2'];
    try {
        for (let i = 0; i < reps + 1; i++) {
            const s = await run(NODE, [
                CLI,
                'resolve',
                `${firstPod}.${name}`,
                '-n',
                namespace,
                '--kubeconfig',
                c.kubeconfig,
                '--server',
                c.dnsServer,
                '--no-color',
            ]);
            if (s.code !== 0) throw new Error(`svcdig resolve failed (${s.code}): ${s.stderr.trim()}`);
            const k = await run('kubectl', kubectlArgs);
            if (k.code !== 0) throw new Error(`kubectl failed (${k.code}): ${k.stderr.trim()}`);
            const d = await run('dig', digArgs);
            if (d.code !== 0 || !d.stdout.includes('status: NOERROR')) throw new Error(`dig failed (${d.code}): ${d.stdout}${d.stderr}`);
            if (i === 0) continue; // the first round warms kubectl's discovery cache and the page cache
            svcdig.push(s.ms);
            today.push(k.ms + d.ms);
        }
    } finally {
        rmSync(cacheDir, { recursive: true, force: true });
    }
    rows.push(ratioRow('3. resolve <headless pod> live vs kubectl get + dig', median(svcdig), median(today), 'ms', '<=', 0.5));
    details.resolveLive = {
        reps,
        name: `${firstPod}.${name} -n ${namespace}`,
        svcdig,
        kubectlPlusDig: today,
        kubectl: tool('kubectl', ['version', '--client']),
        dig: tool('dig', ['-v']),
    };
}

async function shellSession(c: LiveCluster): Promise<void> {
    const reps = Math.max(50, REPS * 4);
    log(`svcdig shell: ${reps} names typed into one live session`);
    const session = await sessionLatency(NODE, CLI, c, reps);
    const p50 = median(session.ms);
    const live = details.resolveLive as { svcdig: number[]; kubectlPlusDig: number[] };
    rows.push(absoluteRow('10. shell: typed name → answer, p50', p50, 'ms', 10));
    rows.push(ratioRow('10. shell name vs cold svcdig resolve', p50, median(live.svcdig), 'ms', '<=', 0.1));
    rows.push(ratioRow('10. shell name vs kubectl get + dig', p50, median(live.kubectlPlusDig), 'ms', '<=', 0.1));
    details.shell = { reps, ms: session.ms, p90: session.ms.toSorted((a, b) => a - b)[Math.floor(session.ms.length * 0.9)], startMs: session.startMs };
}

interface CheckRun {
    services: number;
    namespaces: number;
    pods: number;
    questions: number;
    wallMs: number[];
    expectedOnlyMs: number[];
    maxRssMb: number[];
    exit: (number | null)[];
    requests: Record<string, { first: number; pages: number }>;
    /** A live run was killed at the time limit (its wall time is the limit). */
    timedOut?: boolean;
}

/** Requests per kind in the fake API's log between two marks: first pages and continue pages. */
function requestsByKind(c: LiveCluster, from: number, to: number): Record<string, { first: number; pages: number }> {
    const out: Record<string, { first: number; pages: number }> = {};
    for (const r of c.api.requests.slice(from, to)) {
        const kind = r.resource ? `${r.method} ${r.resource}${r.namespace ? ' (one namespace)' : ''} ${r.verb ?? ''}`.trimEnd() : `${r.method} ${r.path}`;
        const e = (out[kind] ??= { first: 0, pages: 0 });
        if (r.query.continue) e.pages++;
        else e.first++;
    }
    return out;
}

async function checkAt(c: LiveCluster, services: number, reps: number, expectedOnlyReps: number): Promise<CheckRun> {
    const args = [CLI, 'check', '-A', '--kubeconfig', c.kubeconfig, '--no-color'];
    const res: CheckRun = {
        services,
        namespaces: c.generated.counts.namespaces,
        pods: c.generated.counts.pods,
        questions: c.questions.length,
        wallMs: [],
        expectedOnlyMs: [],
        maxRssMb: [],
        exit: [],
        requests: {},
    };
    for (let i = 0; i < reps; i++) {
        const mark = c.api.requests.length;
        const r = await run(NODE, [...args, '--server', c.dnsServer], { rss: true, keepOutput: false, timeoutMs: CHECK_LIMIT_MS });
        if (r.timedOut) {
            log(`check -A at ${services} Services killed after ${CHECK_LIMIT_MS / 1000} s`);
            res.wallMs.push(r.ms);
            res.timedOut = true;
            if (i === 0) res.requests = requestsByKind(c, mark, c.api.requests.length);
            break;
        }
        if (!okExit(r.code)) throw new Error(`check -A at ${services} Services failed (${r.code}): ${r.stderr.trim().slice(-800)}`);
        res.wallMs.push(r.ms);
        res.exit.push(r.code);
        if (r.maxRssMb !== undefined) res.maxRssMb.push(r.maxRssMb);
        if (i === 0) res.requests = requestsByKind(c, mark, c.api.requests.length);
    }
    for (let i = 0; i < expectedOnlyReps; i++) {
        const r = await run(NODE, [...args, '--expected-only'], { keepOutput: false });
        if (!okExit(r.code)) throw new Error(`check -A --expected-only failed (${r.code}): ${r.stderr.trim().slice(-800)}`);
        res.expectedOnlyMs.push(r.ms);
    }
    return res;
}

async function dnsperfQps(c: LiveCluster, passes: number): Promise<number | null> {
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-bench-dnsperf-'));
    try {
        const data = join(dir, 'queries.txt');
        writeFileSync(data, c.questions.map((q) => `${q.name} ${q.type}`).join('\n') + '\n');
        const r = await run('dnsperf', ['-s', '127.0.0.1', '-p', String(c.knot.port), '-d', data, '-n', String(passes), '-c', '1', '-q', '64', '-t', '2']);
        const m = /Queries per second:\s+([\d.]+)/.exec(r.stdout);
        if (!m) {
            log(`dnsperf gave no figure (exit ${r.code}): ${(r.stdout + r.stderr).trim().slice(0, 300)}`);
            return null;
        }
        return Number(m[1]);
    } catch (err) {
        log(`dnsperf not run: ${(err as Error).message}`);
        return null;
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

async function main(): Promise<void> {
    const started = Date.now();
    const nodeVersion = execFileSync(NODE, ['--version'], { encoding: 'utf8' }).trim();
    if (runs('cold')) await coldStart();
    if (runs('sea') && process.env.BENCH_SEA !== '0') {
        const sea = await standaloneColdStart(root, NODE, REPS, join(root, 'test/fixtures/scenarios/seed-001-nginx-statefulset/cluster.yaml'), log);
        rows.push(...sea.rows);
        details.standalone = sea.details;
    }

    const checks: CheckRun[] = [];
    let dnsFigure: { checkQps: number; dnsperfQps: number | null; questions: number; services: number } | undefined;
    for (const services of runs('check') ? SIZES : []) {
        log(`check -A at ${services} Services / ${services * 10} pods: generating and starting the fake API + Knot`);
        const c = await startLiveCluster(services, services * 10);
        try {
            if (services === SIZES[0]) {
                await resolveVsKubectlDig(c);
                await shellSession(c);
            }
            const small = services <= 500;
            const reps = small ? 3 : 1;
            log(`check -A at ${services}: ${reps} live run(s)${small ? ' + 3 --expected-only runs' : ''}`);
            const r = await checkAt(c, services, reps, small ? 3 : 0);
            checks.push(r);
            if (small && !dnsFigure) {
                const dnsMs = median(r.wallMs) - median(r.expectedOnlyMs);
                const perf = await dnsperfQps(c, 5);
                dnsFigure = { checkQps: r.questions / (dnsMs / 1000), dnsperfQps: perf, questions: r.questions, services };
            }
        } finally {
            await c.stop();
        }
    }

    for (const c of checks) {
        const wall = median(c.wallMs) / 1000;
        const rss = c.maxRssMb.length ? Math.max(...c.maxRssMb) : NaN;
        const target = c.services === TARGET_SIZE;
        const wallRow = absoluteRow(`4. check -A wall, ${c.services} svc / ${c.pods} pods`, wall, 's', target ? 15 : null);
        const rssRow = absoluteRow(`4. check -A peak RSS, ${c.services} svc`, rss, 'MB', target ? 250 : null);
        if (c.timedOut) {
            // Killed at the limit: the wall time is a lower bound and GNU time reported no RSS.
            wallRow.measured = `> ${wall.toFixed(0)} s (killed)`;
            if (target) wallRow.pass = false;
            rssRow.measured = 'n/a (killed)';
            rssRow.pass = null;
        }
        rows.push(wallRow, rssRow);
    }
    for (let i = 1; i < checks.length; i++) {
        const a = checks[i - 1]!;
        const b = checks[i]!;
        const grow = b.services / a.services;
        const t = median(b.wallMs) / median(a.wallMs);
        rows.push({
            figure: `4. wall growth ${a.services}→${b.services} (÷ ${grow}× Services)`,
            measured: `${b.timedOut ? '≥ ' : ''}${t.toFixed(2)}×`,
            baseline: `${grow}×`,
            ratio: t / grow,
            target: '≤ 1.2× (linear)',
            pass: t / grow <= 1.2,
        });
        if (a.maxRssMb.length && b.maxRssMb.length && !b.timedOut) {
            // From TARGET_SIZE on, memory is bounded by the largest namespace: flat, not linear.
            const flat = a.services >= TARGET_SIZE;
            const m = Math.max(...b.maxRssMb) / Math.max(...a.maxRssMb);
            rows.push({
                figure: `4. RSS growth ${a.services}→${b.services} (${flat ? 'flat' : `÷ ${grow}× Services`})`,
                measured: `${m.toFixed(2)}×`,
                baseline: flat ? '1×' : `${grow}×`,
                ratio: flat ? m : m / grow,
                target: flat ? '≤ 1.2× (flat)' : '≤ 1.2× (linear)',
                pass: flat ? m <= 1.2 : m / grow <= 1.2,
            });
        }
    }
    if (dnsFigure) {
        if (dnsFigure.dnsperfQps !== null)
            rows.push(ratioRow(`5. check DNS qps vs dnsperf (${dnsFigure.questions} names)`, dnsFigure.checkQps, dnsFigure.dnsperfQps, 'q/s', '>=', 0.5));
        else rows.push(absoluteRow(`5. check DNS qps (dnsperf missing)`, dnsFigure.checkQps, 'q/s', null));
    }
    const sizes = checks.slice(0, 2);
    if (sizes.length === 2) {
        const [a, b] = sizes as [CheckRun, CheckRun];
        const kinds = [...new Set([...Object.keys(a.requests), ...Object.keys(b.requests)])].sort();
        for (const k of kinds) {
            const ra = a.requests[k] ?? { first: 0, pages: 0 };
            const rb = b.requests[k] ?? { first: 0, pages: 0 };
            // A read per namespace grows with the namespaces (O(namespaces + kinds)); cluster-wide lists stay constant.
            // (+1: kube-system's CoreDNS pods and ConfigMap are read by name or selector besides its namespace read.)
            const perNamespace = k.includes('(one namespace)');
            rows.push({
                figure: `6. API ${k}: ${a.services} → ${b.services} svc (${a.namespaces} → ${b.namespaces} namespaces)`,
                measured: `${ra.first}+${ra.pages}p → ${rb.first}+${rb.pages}p`,
                baseline: '',
                ratio: null,
                target: perNamespace ? '≤ 1 per namespace' : 'first pages constant',
                pass: perNamespace ? ra.first <= a.namespaces + 1 && rb.first <= b.namespaces + 1 : ra.first === rb.first,
            });
        }
        for (const c of [a, b]) {
            const total = Object.values(c.requests).reduce((n, r) => n + r.first + r.pages, 0);
            rows.push(absoluteRow(`6. API requests per check -A, ${c.services} svc / ${c.namespaces} namespaces`, total, '', null));
        }
    }

    if (runs('contexts')) {
        const fig = await contextsFigure(NODE, CLI, 200, Number(process.env.BENCH_CONTEXTS ?? 10), log);
        rows.push(...fig.rows);
        details.contexts = fig.details;
    }
    if (runs('files')) {
        const fig = await filesFigure(NODE, CLI, 5000, log);
        rows.push(...fig.rows);
        details.files = fig.details;
    }

    const table = printTable(rows);
    process.stdout.write(`\n${table}\n`);
    const machine = {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        memoryGb: Math.round(totalmem() / 2 ** 30),
        node: nodeVersion,
        gnuTime: hasGnuTime,
        dnsperf: tool('dnsperf', ['-h']),
        knot: tool('knotd', ['-V']),
    };
    const out = join(root, 'bench-results/bench.json');
    writeJson(out, {
        date: new Date().toISOString(),
        durationSeconds: Math.round((Date.now() - started) / 1000),
        machine,
        note: CHECK_TIMEOUT_NOTE,
        rows,
        details: { ...details, checks, dns: dnsFigure },
    });
    process.stdout.write(
        `\nmachine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, Node ${nodeVersion}; took ${Math.round((Date.now() - started) / 1000)} s; wrote ${out}\n`,
    );
}

main().then(
    () => process.exit(0),
    (err: unknown) => {
        process.stderr.write(`bench failed: ${(err as Error).stack ?? err}\n`);
        process.exit(1);
    },
);
