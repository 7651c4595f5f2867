/**
 * The restarted `check` runs under a heap cap (bin/svcdig.js: --max-old-space-size=1000, which halves its peak memory).
 * Files are read an item at a time and held packed, far below it; a file of another shape is parsed whole, and one
 * whose whole parse would not fit under the cap would end the run with V8's "heap out of memory" abort. Before such a
 * parse the run ends with RESTART_UNCAPPED instead, which tells bin/svcdig.js (which set `SVCDIG_HEAP_CAP`, and only
 * then is this code used) to start it again without the cap, as every run of files was before the cap. Nothing has
 * been written to stdout yet: the report starts after the read.
 */

/** sysexits' EX_TEMPFAIL ("try again"), seen only by bin/svcdig.js: the documented exit codes are in src/errors.ts. */
export const RESTART_UNCAPPED = 75;

/** Heap per character of text a whole parse takes: JSON.parse ~2-3× (measured), js-yaml ~20× (yaml-list.ts). */
const HEAP_PER_CHAR = { json: 3, yaml: 20 };

/**
 * Before the whole parse of `text` (a regular file, which the next run can read again): when the run is under
 * bin/svcdig.js's cap and the parse would not fit in what is left of the heap, the run ends to be restarted without
 * the cap. Otherwise nothing happens.
 */
export function restartUncappedIfTooBig(text: string, env: Record<string, string | undefined>): void {
    if (env.SVCDIG_HEAP_CAP === undefined) return;
    const perChar = /^\s*[{[]/.test(text) ? HEAP_PER_CHAR.json : HEAP_PER_CHAR.yaml;
    // (the limit counts the young generation's three semi-spaces too: 24 MB under bin/svcdig.js's --max-semi-space-size=8)
    // node:v8 loaded only here: every -f command (explain -f's cold start) comes through this module
    const heap = process.getBuiltinModule('node:v8').getHeapStatistics();
    if (text.length * perChar < heap.heap_size_limit - heap.used_heap_size) return;
    process.exit(RESTART_UNCAPPED);
}
