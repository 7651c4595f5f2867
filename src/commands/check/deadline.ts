// Apart from run.ts so that the command definition (built on every start) does not load the whole check.
/** Long enough for thousands of Services at the defaults, short enough for a CI job's own timeout to come later. */
export const DEFAULT_DEADLINE = '10m';
