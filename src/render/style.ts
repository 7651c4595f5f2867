import { Chalk } from 'chalk';
import type { ColorWhen } from './color-when.js';
import { sgrToMarks, styledText } from './escape.js';

export { COLOR_WHEN, type ColorWhen } from './color-when.js';

/** Colours with a meaning; renderers get one of these instead of touching chalk's global state. */
export interface Styler {
    ok(text: string): string;
    bad(text: string): string;
    warn(text: string): string;
    dim(text: string): string;
    bold(text: string): string;
    enabled: boolean;
}

export type ColorLevel = 0 | 1 | 2 | 3;

/**
 * The colour policy, the one place it is decided (README: Colour), first rule that applies wins:
 * 1. `--color always|never` (`--no-color` = never);
 * 2. FORCE_COLOR, when set and not empty: `0`/`false` never, else colour (`2`/`3` ask for 256 colours/truecolor), as
 *    Node reads it (nodejs.org/api/cli.html#force_color1-2-3, where it wins over NO_COLOR); NO_COLOR, when not empty:
 *    never (no-color.org);
 * 3. TERM=dumb: never (a terminal that understands no escape sequences, such as Emacs' shell);
 * 4. colour when stdout is a terminal.
 * `--color always` takes FORCE_COLOR's depth when it names one. chalk's own detection is never used.
 */
export function colorLevel(args: { color: ColorWhen | false | undefined; env: Record<string, string | undefined>; isTTY: boolean }): ColorLevel {
    const force = forcedLevel(args.env.FORCE_COLOR);
    if (args.color === false || args.color === 'never') return 0;
    if (args.color === 'always') return force || 1;
    if (force !== undefined) return force;
    if (args.env.NO_COLOR) return 0;
    if (dumbTerminal(args.env)) return 0;
    return args.isTTY ? 1 : 0;
}

/**
 * Whether svcdig may move the cursor on a stream (explain's spinner on stderr, --watch's redraw on stdout): only on a
 * terminal, and not on TERM=dumb, which takes no escape sequences at all. NO_COLOR, FORCE_COLOR and --color speak of
 * colour only (no-color.org: "prevents the addition of ANSI color"), so they change nothing here (README: Colour).
 */
export function cursorControl(args: { env: Record<string, string | undefined>; isTTY: boolean }): boolean {
    return args.isTTY && !dumbTerminal(args.env);
}

/** TERM=dumb: a terminal that understands no escape sequences, such as Emacs' `M-x shell`. */
function dumbTerminal(env: Record<string, string | undefined>): boolean {
    return env.TERM === 'dumb';
}

/** FORCE_COLOR's level; undefined when it is unset or empty (then it says nothing). */
function forcedLevel(value: string | undefined): ColorLevel | undefined {
    if (value === undefined || value === '') return undefined;
    if (value === '0' || value === 'false') return 0;
    return value === '2' || value === '3' ? (Number(value) as 2 | 3) : 1;
}

export function makeStyler(level: ColorLevel): Styler {
    // No colour, no chalk: the build loads chalk on first use (scripts/build-plugins.mjs), and most runs have none.
    if (level === 0) return { ok: plain, bad: plain, warn: plain, dim: plain, bold: plain, enabled: false };
    const c = new Chalk({ level });
    // What is coloured is escaped first, so every sequence in chalk's output is chalk's: those travel as marks that no
    // data can fake, until the output is finished (render/escape.ts).
    const colour = (f: (t: string) => string) => (t: string) => sgrToMarks(f(styledText(t)));
    return {
        ok: colour(c.green),
        bad: colour(c.red),
        warn: colour(c.yellow),
        dim: colour(c.dim),
        bold: colour(c.bold),
        enabled: true,
    };
}

const plain = (t: string) => t;
