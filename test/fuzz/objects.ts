/**
 * The object fuzzer (issue 12): typed mutations of a valid cluster — wrong JSON types, nulls, huge and odd numbers,
 * deep nesting, hostile strings, dropped keys, repeated objects — written as the `-f` text a user or a broken
 * cluster would give (JSON, sometimes YAML) and run through the whole CLI in-process: the loader, the shape check
 * (src/core/object-shape.ts), the engine and the renderers of explain, check, resolve --expected-only and env.
 * A case fails when svcdig crashes (exit 70, "internal error", a stack trace) or answers with anything but a
 * documented exit code. Seeded: case i of seed s is always the same input.
 */
import { dump } from 'js-yaml';
import type { KubeObject } from '../../src/core/k8s.js';
import { runCli } from '../helpers/run-cli.js';
import { clusterObjects } from '../kit/live-cluster.js';
import { mulberry32, type Rng } from './prng.js';

type Json = unknown;

/** The reliability cluster plus the kinds it lacks (legacy Endpoints, a Deployment), so every kind is mutated. */
export function baseObjects(): KubeObject[] {
    return [
        ...clusterObjects(),
        {
            apiVersion: 'v1',
            kind: 'Endpoints',
            metadata: { name: 'legacy', namespace: 'dev' },
            subsets: [{ addresses: [{ ip: '10.244.3.3', hostname: 'l-0' }], notReadyAddresses: [{ ip: '10.244.3.4' }], ports: [{ name: 'http', port: 80 }] }],
        } as KubeObject,
        {
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name: 'legacy', namespace: 'dev' },
            spec: { clusterIP: 'None', ports: [{ port: 80, name: 'http' }] },
        } as KubeObject,
        {
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name: 'ext', namespace: 'dev' },
            spec: { type: 'ExternalName', externalName: 'example.com' },
        } as KubeObject,
        {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name: 'api', namespace: 'dev' },
            spec: {
                replicas: 1,
                selector: { matchLabels: { app: 'api' } },
                template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: 'x', ports: [{ containerPort: 8080 }] }] } },
            },
        } as KubeObject,
    ];
}

const HOSTILE_STRINGS = [
    '',
    ' ',
    'a.b',
    'api.dev',
    'UPPER',
    '-x-',
    '\u001b[31mred\u001b[0m',
    '\u009b31m',
    '\u0007bell',
    '\u0000nul',
    '\u202eevil',
    'fe80::1%eth0',
    '10.0.0.1%x',
    '1.2.3.4.5',
    '256.1.1.1',
    '::',
    '::ffff:10.0.0.1',
    'None',
    '*',
    '.',
    '..',
    '$(touch pwned)',
    '`id`',
    "x';touch pwned;'",
    'ÄÖ.ü',
    '0',
    '65536',
    'NaN',
    'x'.repeat(300),
    'y'.repeat(70_000),
    'a\nb',
];
const ODD_NUMBERS = [0, -1, 1.5, 65535, 65536, 2 ** 31, 2 ** 53 + 2, -(2 ** 53), 1e308, -1e308, Number.MIN_VALUE, NaN, Infinity, -Infinity];
const DEPTHS = [3, 50, 99, 100, 101, 1000, 5000];

/**
 * Nesting `depth` deep. Past what JSON.stringify itself can recurse through, a marker string that
 * generateObjectCase replaces by brackets in the text.
 */
function nested(depth: number, rng: Rng): Json {
    if (depth > 500) return `__DEEP_${depth}__`;
    let v: Json = rng.chance(0.5) ? [] : {};
    for (let i = 0; i < depth; i++) v = rng.chance(0.5) ? [v] : { k: v };
    return v;
}

/** A value of some other JSON type than usual. */
function wrongValue(rng: Rng): Json {
    switch (rng.int(8)) {
        case 0:
            return null;
        case 1:
            return rng.pick(ODD_NUMBERS);
        case 2:
            return rng.pick(HOSTILE_STRINGS);
        case 3:
            return rng.chance(0.5);
        case 4:
            return {};
        case 5:
            return [];
        case 6:
            return [null, rng.pick(ODD_NUMBERS), rng.pick(HOSTILE_STRINGS)];
        default:
            return nested(rng.pick(DEPTHS), rng);
    }
}

/** Every container (object or array) inside `root` with the key or index of one of its entries. */
function slots(root: Json): { parent: Record<string, Json> | Json[]; key: string | number }[] {
    const out: { parent: Record<string, Json> | Json[]; key: string | number }[] = [];
    const stack: Json[] = [root];
    while (stack.length) {
        const v = stack.pop();
        if (Array.isArray(v)) {
            v.forEach((c, i) => {
                out.push({ parent: v, key: i });
                stack.push(c);
            });
        } else if (v !== null && typeof v === 'object') {
            for (const [k, c] of Object.entries(v)) {
                out.push({ parent: v as Record<string, Json>, key: k });
                stack.push(c);
            }
        }
    }
    return out;
}

const valueAt = (x: { parent: Record<string, Json> | Json[]; key: string | number }): Json => (x.parent as Record<string | number, Json>)[x.key];

/** One typed mutation of `items` (in place); its name for the recipe. */
function mutate(items: Json[], rng: Rng): string {
    const target = rng.int(items.length);
    const all = slots(items[target]);
    const kind = rng.int(10);
    if (kind === 0) {
        // The same object again (the same file twice), or a changed copy under the same name.
        const copy = structuredClone(items[target]);
        if (rng.chance(0.5)) {
            const s = slots(copy);
            if (s.length) {
                const { parent, key } = rng.pick(s);
                (parent as Record<string | number, Json>)[key] = rng.pick(HOSTILE_STRINGS);
            }
        }
        items.push(copy);
        return `repeat item ${target}`;
    }
    if (kind === 1) {
        items.splice(rng.int(items.length + 1), 0, wrongValue(rng));
        return 'insert a non-object item';
    }
    if (all.length === 0) {
        items[target] = wrongValue(rng);
        return `replace item ${target}`;
    }
    // Odd numbers and hostile strings go mostly where a number or a string was: values of the right type reach the
    // engine (past the shape check), which is where they can still do harm.
    const sameType = kind === 3 ? all.filter((x) => typeof valueAt(x) === 'number') : kind === 4 ? all.filter((x) => typeof valueAt(x) === 'string') : [];
    const { parent, key } = sameType.length && rng.chance(0.8) ? rng.pick(sameType) : rng.pick(all);
    const at = `item ${target} .${String(key)}`;
    const p = parent as Record<string | number, Json>;
    switch (kind) {
        case 2:
            p[key] = null;
            return `${at} = null`;
        case 3:
            p[key] = rng.pick(ODD_NUMBERS);
            return `${at} = odd number`;
        case 4:
            p[key] = rng.pick(HOSTILE_STRINGS);
            return `${at} = hostile string`;
        case 5:
            p[key] = nested(rng.pick(DEPTHS), rng);
            return `${at} = deep nesting`;
        case 6:
            if (Array.isArray(parent)) parent.splice(Number(key), 0, null);
            else delete p[key];
            return `${at} null inserted / key dropped`;
        default:
            p[key] = wrongValue(rng);
            return `${at} = wrong type`;
    }
}

/** Commands a case runs (one each, by index), each over the mutated objects on stdin. */
const COMMANDS: string[][] = [
    ['check', '-A', '--expected-only'],
    ['check', '-A', '--expected-only', '-o', 'json'],
    ['explain', 'web', '-n', 'dev'],
    ['explain', 'api', '-n', 'dev', '-o', 'yaml'],
    ['resolve', 'web-0.web', '-n', 'dev', '--expected-only'],
    ['resolve', 'api', '-t', 'SRV', '-n', 'dev', '--expected-only'],
    ['resolve', '10.96.5.5', '-t', 'PTR', '--expected-only'],
    ['env', '-n', 'dev'],
    ['env', '-n', 'dev', '-o', 'shell'],
    ['env', '--pod', 'web-0', '-n', 'dev'],
];

export interface ObjectCase {
    index: number;
    recipe: string[];
    argv: string[];
    text: string;
}

export function generateObjectCase(seed: number, index: number, base: KubeObject[] = baseObjects()): ObjectCase {
    const rng = mulberry32((seed * 0x9e3779b1 + index) >>> 0);
    const items = structuredClone(base) as Json[];
    const recipe: string[] = [];
    for (let n = rng.range(1, 3); n > 0; n--) recipe.push(mutate(items, rng));
    const list = { apiVersion: 'v1', kind: 'List', items };
    let text: string;
    // YAML keeps what JSON cannot say (NaN, ±Infinity as .nan/.inf); dump may refuse some values: then JSON.
    try {
        text = rng.chance(0.1) ? dump(list, { noRefs: true, lineWidth: -1 }) : JSON.stringify(list);
    } catch {
        text = JSON.stringify(list);
    }
    text = text.replace(/"?__DEEP_(\d+)__"?/g, (_m, d: string) => '['.repeat(Number(d)) + ']'.repeat(Number(d)));
    return { index, recipe, argv: [...COMMANDS[index % COMMANDS.length]!, '-f', '-'], text };
}

export interface ObjectOutcome {
    code: number;
    ms: number;
    /** Why the case failed, or undefined. */
    failure?: string;
}

/** Exit codes a command may end with on hostile files: 0/1 answered, 2 bad input, 4 not found. */
const DOCUMENTED = new Set([0, 1, 2, 4]);
const CRASH = /internal error|Maximum call stack|\n\s+at \S+ \(/;
/** A case this slow is a failure too: every input here is under 200 kB, so only super-linear work takes seconds. */
export const SLOW_MS = 10_000;

export async function runObjectCase(c: ObjectCase): Promise<ObjectOutcome> {
    const t0 = performance.now();
    let code: number;
    let stderr: string;
    try {
        const r = await runCli(c.argv, { stdin: c.text });
        code = r.code;
        stderr = r.stderr;
    } catch (e) {
        return { code: -1, ms: performance.now() - t0, failure: `threw out of main(): ${String((e as Error)?.stack ?? e).slice(0, 400)}` };
    }
    const ms = performance.now() - t0;
    if (code === 70 || CRASH.test(stderr)) return { code, ms, failure: `crash (exit ${code}): ${stderr.slice(0, 400)}` };
    if (!DOCUMENTED.has(code)) return { code, ms, failure: `exit ${code}: ${stderr.slice(0, 400)}` };
    if (ms > SLOW_MS) return { code, ms, failure: `slow: ${Math.round(ms)} ms (limit ${SLOW_MS} ms)` };
    return { code, ms };
}

export interface ObjectFuzzStats {
    cases: number;
    byCode: Map<number, number>;
    failures: { index: number; recipe: string[]; argv: string[]; message: string }[];
    slowestMs: number;
    slowestIndex: number;
    elapsedMs: number;
}

/** Cases [start, start + count) of `seed`; `onProgress` after each. */
export async function fuzzObjects(seed: number, start: number, count: number, onProgress?: (i: number) => void): Promise<ObjectFuzzStats> {
    const base = baseObjects();
    const stats: ObjectFuzzStats = { cases: 0, byCode: new Map(), failures: [], slowestMs: 0, slowestIndex: -1, elapsedMs: 0 };
    const t0 = performance.now();
    for (let i = start; i < start + count; i++) {
        const c = generateObjectCase(seed, i, base);
        const r = await runObjectCase(c);
        stats.cases++;
        stats.byCode.set(r.code, (stats.byCode.get(r.code) ?? 0) + 1);
        if (r.ms > stats.slowestMs) {
            stats.slowestMs = r.ms;
            stats.slowestIndex = i;
        }
        if (r.failure) stats.failures.push({ index: i, recipe: c.recipe, argv: c.argv, message: r.failure });
        onProgress?.(i);
    }
    stats.elapsedMs = performance.now() - t0;
    return stats;
}
