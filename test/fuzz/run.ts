/**
 * The long fuzz run (test/fuzz/receive-path.test.ts runs a short one in `npm test`): mutated and random DNS replies
 * through the resolver's receive path (screenReply) and every renderer of replies, seeded and reproducible. Runs the
 * truncation sweep (every strict prefix of every seed) and then `--cases` generated cases in a worker thread watched by
 * a watchdog, so even a real infinite loop is caught and reported as a hang with its case index, and the run goes on
 * after it.
 * Then `--object-cases` typed mutations of a valid cluster through every read-only command (test/fuzz/objects.ts);
 * `--object-cases 0` skips them, `--cases 0 --objects-only` runs only them.
 *
 *   node --import tsx test/fuzz/run.ts [--seed N] [--cases N] [--start N] [--watchdog-ms N] [--object-cases N] [--objects-only 1]
 *   node --import tsx test/fuzz/run.ts --seed N --replay I      (rebuild case I of seed N and show what happens)
 *   node --import tsx test/fuzz/run.ts --seed N --replay-object I   (the object case I: its recipe, argv and outcome)
 *
 * Exits 0 when there were no crashes, hangs, invariant or renderer failures; 1 otherwise; 2 on bad arguments.
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { emptyStats, generateCase, prepareCorpus, runOne, truncationSweep, type FuzzFailure, type FuzzStats } from './engine.js';
import { HANG_MS, runCase } from './oracle.js';
import { fuzzObjects, generateObjectCase, runObjectCase } from './objects.js';

interface Args {
    seed: number;
    cases: number;
    start: number;
    watchdogMs: number;
    replay?: number;
    objectCases: number;
    objectsOnly: number;
    replayObject?: number;
}

function parseArgs(argv: string[]): Args {
    const args: Args = { seed: 1, cases: 100_000, start: 0, watchdogMs: 10_000, objectCases: 100_000, objectsOnly: 0 };
    for (let i = 0; i < argv.length; i++) {
        const flag = argv[i] as string;
        const value = Number(argv[i + 1]);
        const key = (
            {
                '--seed': 'seed',
                '--cases': 'cases',
                '--start': 'start',
                '--watchdog-ms': 'watchdogMs',
                '--replay': 'replay',
                '--object-cases': 'objectCases',
                '--objects-only': 'objectsOnly',
                '--replay-object': 'replayObject',
            } as const
        )[flag];
        if (!key || !Number.isInteger(value) || value < 0) {
            console.error(
                `usage: fuzz.ts [--seed N] [--cases N] [--start N] [--watchdog-ms N] [--object-cases N] [--objects-only 1] [--replay I] [--replay-object I]   (bad argument "${flag}")`,
            );
            process.exit(2); // nothing else written yet
        }
        args[key] = value;
        i++;
    }
    return args;
}

/** Messages from the worker. */
type FromWorker =
    | {
          type: 'sweep';
          cases: number;
          accepted: { label: string; length: number }[];
          failures: { label: string; length: number; message: string }[];
          ms: number;
      }
    | { type: 'failure'; failure: FuzzFailure }
    | { type: 'done'; stats: Omit<FuzzStats, 'undecodable' | 'failures'> & { undecodable: [string, number][] } };

/** Shared with the worker: [0] the case index being run, [1] a heartbeat bumped after every case. */
const CURRENT = 0;
const BEAT = 1;

function workerMain(): void {
    const { seed, start, cases, sweep, shared } = workerData as { seed: number; start: number; cases: number; sweep: boolean; shared: SharedArrayBuffer };
    const progress = new Int32Array(shared);
    const port = parentPort!;
    const corpus = prepareCorpus();
    if (sweep) {
        const t0 = performance.now();
        Atomics.store(progress, CURRENT, -1);
        const s = truncationSweep(corpus, () => Atomics.add(progress, BEAT, 1));
        port.postMessage({ type: 'sweep', ...s, ms: performance.now() - t0 } satisfies FromWorker);
    }
    const stats = emptyStats();
    const t0 = performance.now();
    for (let i = start; i < start + cases; i++) {
        Atomics.store(progress, CURRENT, i);
        const before = stats.failures.length;
        runOne(seed, i, corpus, stats);
        if (stats.failures.length > before) port.postMessage({ type: 'failure', failure: stats.failures[before]! } satisfies FromWorker);
        Atomics.add(progress, BEAT, 1);
    }
    stats.elapsedMs = performance.now() - t0;
    const { failures: _f, undecodable, ...rest } = stats;
    port.postMessage({ type: 'done', stats: { ...rest, undecodable: [...undecodable] } } satisfies FromWorker);
}

/** Runs cases [start, end) in workers; a worker that stops beating for `watchdogMs` is a hang at its current case. */
async function runWatched(args: Args): Promise<{ stats: FuzzStats; sweep: FromWorker & { type: 'sweep' } }> {
    const total = emptyStats();
    let sweep: (FromWorker & { type: 'sweep' }) | undefined;
    let next = args.start;
    const end = args.start + args.cases;
    let first = true;
    let lastReport = performance.now();
    let uncounted = 0;
    while (next < end || first) {
        const shared = new SharedArrayBuffer(8);
        const progress = new Int32Array(shared);
        const worker = new Worker(new URL(import.meta.url), { workerData: { seed: args.seed, start: next, cases: end - next, sweep: first, shared } });
        first = false;
        const outcome = await new Promise<{ done: true } | { hungAt: number }>((resolve, reject) => {
            let beat = -1;
            let beatAt = performance.now();
            const timer = setInterval(() => {
                const b = Atomics.load(progress, BEAT);
                const now = performance.now();
                if (b !== beat) {
                    beat = b;
                    beatAt = now;
                } else if (now - beatAt > args.watchdogMs) {
                    clearInterval(timer);
                    resolve({ hungAt: Atomics.load(progress, CURRENT) });
                }
                if (now - lastReport > 10_000) {
                    lastReport = now;
                    const i = Atomics.load(progress, CURRENT);
                    if (i >= 0) console.log(`  … case ${i} of ${end} (${Math.round(((i - args.start) / args.cases) * 100)}%)`);
                }
            }, 250);
            worker.on('message', (m: FromWorker) => {
                if (m.type === 'sweep') sweep = m;
                else if (m.type === 'failure') {
                    total.failures.push(m.failure);
                    console.log(`  FAILURE ${m.failure.kind} at seed ${m.failure.seed} case ${m.failure.index}: ${m.failure.message.slice(0, 300)}`);
                } else {
                    const s = m.stats;
                    total.cases += s.cases;
                    total.accepted += s.accepted;
                    total.dropped += s.dropped;
                    total.malformed += s.malformed;
                    total.elapsedMs += s.elapsedMs;
                    if (s.slowestMs > total.slowestMs) {
                        total.slowestMs = s.slowestMs;
                        total.slowestIndex = s.slowestIndex;
                    }
                    for (const [k, v] of s.undecodable) total.undecodable.set(k, (total.undecodable.get(k) ?? 0) + v);
                    clearInterval(timer);
                    resolve({ done: true });
                }
            });
            worker.on('error', (err) => {
                clearInterval(timer);
                reject(err);
            });
        });
        if ('done' in outcome) {
            await worker.terminate();
            break;
        }
        await worker.terminate();
        if (outcome.hungAt < 0) throw new Error(`the truncation sweep made no progress for ${args.watchdogMs} ms`);
        const c = generateCase(args.seed, outcome.hungAt, prepareCorpus());
        total.failures.push({
            seed: args.seed,
            index: outcome.hungAt,
            kind: 'hang',
            message: `no progress for ${args.watchdogMs} ms (worker stopped)`,
            recipe: c.recipe,
            expected: c.expected,
            hex: c.buf.toString('hex'),
        });
        total.cases += 1;
        console.log(`  HANG at seed ${args.seed} case ${outcome.hungAt}; going on from case ${outcome.hungAt + 1}`);
        // The cases before the hang ran (their failures were reported as they came) but their counts died with the worker.
        total.cases += outcome.hungAt - next;
        uncounted += outcome.hungAt - next;
        next = outcome.hungAt + 1;
    }
    if (!sweep) throw new Error('the worker never reported the truncation sweep');
    if (uncounted) console.log(`  (${uncounted} cases ran in workers stopped by the watchdog: their outcomes are not in the counts)`);
    return { stats: total, sweep };
}

function replay(args: Args & { replay: number }): number {
    const c = generateCase(args.seed, args.replay, prepareCorpus());
    console.log(`seed ${args.seed} case ${args.replay}`);
    console.log(`query:  id ${c.expected.id} ${c.expected.name} ${c.expected.type}`);
    console.log(`recipe: ${c.recipe.join(' → ')}`);
    console.log(`bytes:  ${c.buf.length}\n${c.buf.toString('hex')}`);
    const r = runCase(c.buf, c.expected, c.expectedReply, { full: true });
    console.log(`result: ${r.outcome}${r.detail ? ` (${r.detail})` : ''} in ${r.ms.toFixed(2)} ms`);
    if (r.failure) console.log(`${r.failure.kind}: ${r.failure.message}\n${r.failure.stack ?? ''}`);
    return r.failure ? 1 : 0;
}

/** The object fuzzer (test/fuzz/objects.ts): its report; 1 when any case crashed or ended undocumented. */
async function objectFuzz(args: Args): Promise<number> {
    if (args.objectCases === 0) return 0;
    console.log(
        `\nobject fuzz: seed ${args.seed}, cases ${args.start}..${args.start + args.objectCases - 1}: typed mutations of a valid cluster through explain, check, resolve --expected-only and env`,
    );
    let last = performance.now();
    const stats = await fuzzObjects(args.seed, args.start, args.objectCases, (i) => {
        if (performance.now() - last > 10_000) {
            last = performance.now();
            console.log(`  … object case ${i} (${Math.round(((i - args.start) / args.objectCases) * 100)}%)`);
        }
    });
    const codes = [...stats.byCode]
        .sort((a, b) => a[0] - b[0])
        .map(([c, n]) => `exit ${c}: ${n}`)
        .join(', ');
    console.log(`object cases: ${stats.cases} in ${(stats.elapsedMs / 1000).toFixed(1)} s (${codes})`);
    console.log(`crashes or undocumented exits: ${stats.failures.length}   slowest: case ${stats.slowestIndex}, ${stats.slowestMs.toFixed(1)} ms`);
    for (const f of stats.failures.slice(0, 20)) {
        console.log(`\nFAILURE object case ${f.index} — replay: node --import tsx test/fuzz/run.ts --seed ${args.seed} --replay-object ${f.index}`);
        console.log(`  svcdig ${f.argv.join(' ')}   recipe: ${f.recipe.join(' | ')}\n  ${f.message}`);
    }
    console.log(stats.failures.length ? `\nFAIL: ${stats.failures.length} object cases` : '\nOK: zero crashes in object cases');
    return stats.failures.length ? 1 : 0;
}

async function replayObject(seed: number, index: number): Promise<number> {
    const c = generateObjectCase(seed, index);
    console.log(`seed ${seed} object case ${index}\nrecipe: ${c.recipe.join(' | ')}\nsvcdig ${c.argv.join(' ')}   (${c.text.length} characters on stdin)`);
    const r = await runObjectCase(c);
    console.log(`exit ${r.code} in ${r.ms.toFixed(1)} ms${r.failure ? `\n${r.failure}` : ''}`);
    return r.failure ? 1 : 0;
}

async function main(): Promise<number> {
    const args = parseArgs(process.argv.slice(2));
    if (args.replay !== undefined) return replay(args as Args & { replay: number });
    if (args.replayObject !== undefined) return replayObject(args.seed, args.replayObject);
    if (args.objectsOnly) return objectFuzz(args);
    console.log(
        `svcdig fuzz: seed ${args.seed}, cases ${args.start}..${args.start + args.cases - 1}, hang = one call over ${HANG_MS} ms (watchdog ${args.watchdogMs} ms)`,
    );
    const wall = performance.now();
    const { stats, sweep } = await runWatched(args);
    const byKind = (k: string) => stats.failures.filter((f) => f.kind === k).length;
    const rate = stats.elapsedMs > 0 ? Math.round((stats.cases / stats.elapsedMs) * 1000) : 0;
    console.log('');
    console.log(
        `truncation sweep: ${sweep.cases} prefixes of every seed in ${(sweep.ms / 1000).toFixed(1)} s: ${sweep.accepted.length} accepted, ${sweep.failures.length} failures`,
    );
    for (const a of sweep.accepted.slice(0, 10)) console.log(`  ACCEPTED a prefix: ${a.label} cut at ${a.length}`);
    for (const f of sweep.failures.slice(0, 10)) console.log(`  FAILURE: ${f.label} cut at ${f.length}: ${f.message}`);
    console.log(
        `cases:      ${stats.cases} in ${(stats.elapsedMs / 1000).toFixed(1)} s = ${rate} cases/s (wall ${((performance.now() - wall) / 1000).toFixed(1)} s with the sweep)`,
    );
    console.log(`outcomes:   ${stats.accepted} accepted (rendered), ${stats.dropped} dropped (not ours), ${stats.malformed} malformed`);
    console.log(
        `crashes:    ${byKind('crash')}   hangs: ${byKind('hang')}   invariant failures: ${byKind('invariant')}   renderer failures: ${byKind('render')}`,
    );
    console.log(`slowest:    case ${stats.slowestIndex}, ${stats.slowestMs.toFixed(1)} ms`);
    if (stats.undecodable.size) {
        console.log('malformed only by dns-packet throwing after the strict walk passed (caught in screenReply as "undecodable"):');
        for (const [k, v] of [...stats.undecodable].sort((a, b) => b[1] - a[1])) console.log(`  ${String(v).padStart(7)}  ${k}`);
    }
    for (const f of stats.failures.slice(0, 20)) {
        console.log(`\nFAILURE ${f.kind} — replay: node --import tsx test/fuzz/run.ts --seed ${f.seed} --replay ${f.index}`);
        const hex = f.hex.length > 400 ? `${f.hex.slice(0, 400)}… (${f.hex.length / 2} bytes; --replay prints them all)` : f.hex;
        console.log(`  ${f.message}\n  recipe: ${f.recipe.join(' → ')}\n  query: ${f.expected.id} ${f.expected.name} ${f.expected.type}\n  hex: ${hex}`);
        if (f.stack) console.log(f.stack.split('\n').slice(0, 6).join('\n'));
    }
    const bad = stats.failures.length + sweep.accepted.length + sweep.failures.length;
    console.log(bad ? `\nFAIL: ${bad} problems` : '\nOK: zero crashes, zero hangs');
    const objectsBad = await objectFuzz(args);
    return bad || objectsBad ? 1 : 0;
}

if (isMainThread) {
    // exitCode, not exit(): stdout to a pipe is written asynchronously and exit() would cut the report short.
    main().then(
        (code) => {
            process.exitCode = code;
        },
        (err) => {
            console.error(err);
            process.exitCode = 1;
        },
    );
} else {
    workerMain();
}
