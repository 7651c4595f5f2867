/**
 * The -o values of each command's report, in the order help lists them. A small module of its own so that defining
 * the commands (and printing --help) loads no printer; render/registry.ts maps each value to its printer, and its
 * type demands exactly these keys.
 */
export const FORMATS = {
    resolve: ['table', 'wide', 'json', 'yaml', 'dig', 'short'],
    explain: ['describe', 'table', 'wide', 'json', 'yaml'],
    env: ['table', 'dotenv', 'shell', 'json', 'yaml'],
    check: ['table', 'wide', 'json', 'yaml', 'github'],
} as const;

export type ReportKind = keyof typeof FORMATS;
export type FormatOf<K extends ReportKind> = (typeof FORMATS)[K][number];

/** The -o values a command offers. */
export function formatsOf(kind: ReportKind): string[] {
    return [...FORMATS[kind]];
}
