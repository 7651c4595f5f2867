import { Chalk } from 'chalk';
import { sgrToMarks, styledText } from './escape.js';

/** Colours with a meaning; renderers get one of these instead of touching chalk's global state. */
export interface Styler {
    ok(text: string): string;
    bad(text: string): string;
    warn(text: string): string;
    dim(text: string): string;
    bold(text: string): string;
    enabled: boolean;
}

/**
 * Colour policy, decided once: --no-color > NO_COLOR > FORCE_COLOR > stdout is a TTY.
 * (chalk itself does not read NO_COLOR.)
 */
export function colorLevel(args: { colorFlag: boolean | undefined; env: Record<string, string | undefined>; isTTY: boolean }): 0 | 1 | 2 | 3 {
    if (args.colorFlag === false) return 0;
    if (args.env.NO_COLOR !== undefined && args.env.NO_COLOR !== '') return 0;
    const force = args.env.FORCE_COLOR;
    if (force !== undefined) {
        if (force === '0' || force === 'false') return 0;
        const n = Number(force);
        return n === 2 || n === 3 ? n : 1;
    }
    return args.isTTY ? 1 : 0;
}

export function makeStyler(level: 0 | 1 | 2 | 3): Styler {
    const c = new Chalk({ level });
    // What is coloured is escaped first, so every sequence in chalk's output is chalk's: those travel as marks that no
    // data can fake, until the output is finished (render/escape.ts).
    const colour = (f: (t: string) => string) => (level > 0 ? (t: string) => sgrToMarks(f(styledText(t))) : (t: string) => t);
    return {
        ok: colour(c.green),
        bad: colour(c.red),
        warn: colour(c.yellow),
        dim: colour(c.dim),
        bold: colour(c.bold),
        enabled: level > 0,
    };
}
