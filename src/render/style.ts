import { Chalk } from 'chalk';

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
    return {
        ok: (t) => c.green(t),
        bad: (t) => c.red(t),
        warn: (t) => c.yellow(t),
        dim: (t) => c.dim(t),
        bold: (t) => c.bold(t),
        enabled: level > 0,
    };
}

