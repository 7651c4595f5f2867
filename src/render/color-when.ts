// Apart from style.ts (which loads chalk) so that the flag definitions, built on every start, do not load chalk.
/** --color's values; `--no-color` is `never` (commander hands it over as false). */
export const COLOR_WHEN = ['auto', 'always', 'never'] as const;
export type ColorWhen = (typeof COLOR_WHEN)[number];
