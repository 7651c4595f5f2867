import Table from 'cli-table3';
import type { Styler } from './style.js';

/** A table column as data (kubectl's column definitions): priority 1 columns appear only with -o wide. */
export interface Column<T> {
    header: string;
    cell(row: T, styler: Styler): string;
    priority?: 0 | 1;
}

export interface TableOptions {
    wide: boolean;
    headers: boolean;
    styler: Styler;
    /** Terminal width to fit; undefined = no limit (not a TTY). */
    width?: number;
}

const BORDERLESS = {
    top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
    bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
    left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '',
    middle: '   ',
};

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
const visibleLength = (s: string) => Math.max(0, ...s.replace(ANSI, '').split('\n').map((l) => l.length));

/** kubectl-style borderless columns, three spaces apart, shrunk to fit the terminal width. */
export function renderTable<T>(columns: Column<T>[], rows: T[], opts: TableOptions): string {
    const cols = columns.filter((c) => opts.wide || (c.priority ?? 0) === 0);
    const cells = rows.map((r) => cols.map((c) => c.cell(r, opts.styler)));
    const head = opts.headers ? cols.map((c) => c.header) : [];
    const natural = cols.map((c, i) => Math.max(opts.headers ? c.header.length : 0, ...cells.map((row) => visibleLength(row[i] ?? ''))));
    const widths = fitWidths(natural, opts.width, BORDERLESS.middle.length);
    const fits = widths.every((w, i) => w >= natural[i]!);
    const table = new Table({
        head,
        chars: BORDERLESS,
        style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
        ...(fits ? {} : { colWidths: widths, wordWrap: true, wrapOnWordBoundary: false }),
    });
    for (const row of cells) table.push(row);
    if (cells.length === 0 && !opts.headers) return '';
    return (
        table
            .toString()
            .split('\n')
            .map((l) => l.replace(/\s+$/, ''))
            .join('\n') + '\n'
    );
}

/** Shrinks the widest columns until the total fits `width` (columns keep at least 8 characters). */
export function fitWidths(natural: number[], width: number | undefined, gap: number): number[] {
    const widths = [...natural];
    if (!width) return widths;
    const total = () => widths.reduce((a, b) => a + b, 0) + gap * (widths.length - 1);
    for (let guard = 0; guard < 10_000 && total() > width; guard++) {
        let widest = 0;
        widths.forEach((w, i) => {
            if (w > widths[widest]!) widest = i;
        });
        if (widths[widest]! <= 8) break;
        widths[widest]!--;
    }
    return widths;
}
