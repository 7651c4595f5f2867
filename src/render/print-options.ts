import type { Styler } from './style.js';

/**
 * How a printer lays a report out, decided by the command from its flags and the terminal (commands/common/print.ts):
 * printers see these plain options, never the command's flags or the run context.
 */
export interface PrintOptions {
    /** The -o value (a key of the printer registry, render/registry.ts). */
    format: string;
    headers: boolean;
    styler: Styler;
    /** The terminal's width when output goes to one; tables and prose fit it. */
    width: number | undefined;
    /** check --quiet: the summary line only (table and wide; the command refuses it with other formats). */
    summaryOnly?: boolean;
}

/** The table options of a human format: `wide` shows the columns of priority 1 too. */
export function tableOptions(o: PrintOptions): { wide: boolean; headers: boolean; styler: Styler; width: number | undefined } {
    return { wide: o.format === 'wide', headers: o.headers, styler: o.styler, width: o.width };
}
