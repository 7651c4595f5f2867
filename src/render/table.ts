import Table from 'cli-table3';
import { cellText, marksToSgr, SHOWN, sgrToMarks } from './escape.js';
import type { Styler } from './style.js';
import { wrapCell } from './wrap-cell.js';

/** A table column as data (kubectl's column definitions): priority 1 columns appear only with -o wide. */
/**
 * How an answer svcdig cannot predict is marked, in tables and in `-o dig`: a `forwarded` reply is decided upstream
 * (a name outside the cluster zones, fallthrough, the target of an ExternalName), so only the records it shows are
 * the cluster's, and its rcode is not judged.
 */
export const NOT_PREDICTED = 'not predicted (decided upstream)';

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
    top: '',
    'top-mid': '',
    'top-left': '',
    'top-right': '',
    bottom: '',
    'bottom-mid': '',
    'bottom-left': '',
    'bottom-right': '',
    left: '',
    'left-mid': '',
    mid: '',
    'mid-mid': '',
    right: '',
    'right-mid': '',
    middle: '   ',
};

const ANSI = /\u001b\[[0-9;]*m/g;
const visibleLength = (s: string) =>
    Math.max(
        0,
        ...s
            .replace(ANSI, '')
            .split('\n')
            .map((l) => l.length),
    );

/** kubectl-style borderless columns, three spaces apart, shrunk to fit the terminal width. */
export function renderTable<T>(columns: Column<T>[], rows: T[], opts: TableOptions): string {
    const cols = columns.filter((c) => opts.wide || (c.priority ?? 0) === 0);
    // Every cell is escaped here, whatever its column does: names and data never reach the terminal raw.
    // Colours are laid out as SGR (cli-table3 and visibleLength measure them so) and handed back as marks.
    const cells = rows.map((r) => cols.map((c) => marksToSgr(cellText(c.cell(r, opts.styler)))));
    return sgrToMarks(layOut(cols, cells, opts));
}

function layOut<T>(cols: Column<T>[], cells: string[][], opts: TableOptions): string {
    const head = opts.headers ? cols.map((c) => c.header) : [];
    const natural = cols.map((c, i) => Math.max(opts.headers ? c.header.length : 0, ...cells.map((row) => visibleLength(row[i] ?? ''))));
    const widths = fitWidths(natural, opts.width, BORDERLESS.middle.length);
    const fits = widths.every((w, i) => w >= natural[i]!);
    if (fits && [head, ...cells].every((row) => row.every(isPlain))) return plainColumns(head.length ? [head, ...cells] : cells, natural);
    if (cells.length === 0 && !opts.headers) return '';
    // cli-table3's layout is quadratic in the rows: long tables go through it in chunks with the widths fixed.
    const chunked = cells.length > CHUNK_ROWS;
    const colWidths = fits ? (chunked ? natural.map((w) => Math.max(1, w)) : undefined) : widths;
    // Cells too wide are wrapped here, colours kept whole (wrap-cell.ts); cli-table3 only lays the lines out.
    const wrap = (row: string[]) => (fits ? row : row.map((cell, c) => wrapCell(cell, widths[c]!)));
    const parts: string[] = [];
    for (let i = 0; i === 0 || i < cells.length; i += CHUNK_ROWS) {
        const table = new Table({
            head: i === 0 ? wrap(head) : [],
            chars: BORDERLESS,
            style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
            ...(colWidths ? { colWidths: [...colWidths] } : {}),
        });
        for (const row of cells.slice(i, i + CHUNK_ROWS)) table.push(wrap(row));
        const text = table.toString();
        if (text !== '') parts.push(text);
    }
    return (
        parts
            .join('\n')
            .split('\n')
            .map((l) => l.trimEnd())
            .join('\n') + '\n'
    );
}

const CHUNK_ROWS = 200;

/** What the escaper writes as it is (escape.ts SHOWN): one column each for cli-table3 too. */
const PLAIN = new RegExp(`^[${SHOWN}]*$`);
/** Plain once colours are stripped: one UTF-16 unit is one column, as cli-table3 (string-width) measures it. */
const isPlain = (s: string) => PLAIN.test(s.replace(ANSI, ''));

/**
 * What cli-table3 prints for these options when every cell is plain and fits (each column padded to its widest cell,
 * at least 1), without its layout pass, which is quadratic in the rows (4,000 rows took seconds).
 */
function plainColumns(rows: string[][], natural: number[]): string {
    const widths = natural.map((w) => Math.max(1, w));
    if (rows.length === 0) return '';
    return (
        rows
            .map((row) =>
                row
                    .map((c, i) => c + ' '.repeat(Math.max(0, widths[i]! - visibleLength(c))))
                    .join(BORDERLESS.middle)
                    .trimEnd(),
            )
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
