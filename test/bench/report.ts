/** The bench's result rows: printed as a table and written as JSON (bench-results/bench.json). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Row {
    figure: string;
    /** Measured value of svcdig, with its unit. */
    measured: string;
    /** The same-run baseline it is compared with ('' when the target is absolute). */
    baseline: string;
    /** measured / baseline (or the figure itself when there is no baseline). */
    ratio: number | null;
    target: string;
    pass: boolean | null;
}

const fmt = (n: number | null) => (n === null ? '-' : n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

export function ratioRow(figure: string, measured: number, baseline: number, unit: string, op: '<=' | '>=', limit: number): Row {
    const ratio = measured / baseline;
    return {
        figure,
        measured: `${fmt(measured)} ${unit}`,
        baseline: `${fmt(baseline)} ${unit}`,
        ratio,
        target: `${op === '<=' ? '≤' : '≥'} ${limit}×`,
        pass: op === '<=' ? ratio <= limit : ratio >= limit,
    };
}

export function absoluteRow(figure: string, measured: number, unit: string, limit: number | null): Row {
    return {
        figure,
        measured: `${fmt(measured)} ${unit}`,
        baseline: '',
        ratio: null,
        target: limit === null ? '(reported)' : `≤ ${limit} ${unit}`,
        pass: limit === null ? null : measured <= limit,
    };
}

export function printTable(rows: Row[]): string {
    const head = ['figure', 'measured', 'baseline', 'ratio', 'target', 'result'];
    const cells = rows.map((r) => [
        r.figure,
        r.measured,
        r.baseline || '-',
        r.ratio === null ? '-' : `${fmt(r.ratio)}×`,
        r.target,
        r.pass === null ? '-' : r.pass ? 'pass' : 'MISS',
    ]);
    const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
    const line = (c: string[]) =>
        c
            .map((s, i) => s.padEnd(widths[i]!))
            .join('  ')
            .trimEnd();
    return [line(head), ...cells.map(line)].join('\n');
}

export function writeJson(path: string, data: unknown): void {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify(data, null, 2) + '\n');
}
