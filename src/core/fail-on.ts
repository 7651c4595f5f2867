// A module of its own (no imports) so that `check`'s command definition, built on every start, stays light.
/** check --fail-on: the least severe finding that fails the run, or never (nothing fails it). */
export const FAIL_ON_LEVELS = ['error', 'warning', 'info', 'never'] as const;
export type FailOn = (typeof FAIL_ON_LEVELS)[number];
