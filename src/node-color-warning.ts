/**
 * Loaded before anything else (bin/svcdig.js, src/sea-entry.ts). Node warns "The 'NO_COLOR' env is ignored due to
 * the 'FORCE_COLOR' env being set" (or 'NODE_DISABLE_COLORS') the first time its own colour detection runs
 * (nodejs/node lib/internal/tty.js getColorDepth, reached while svcdig's modules load) with FORCE_COLOR set next to
 * one of them: two lines pointing at `node --trace-warnings` on every run, even with `-o json`. svcdig decides between
 * those variables itself (src/render/style.ts colorLevel; README: Colour), so this warning, and only it, is dropped.
 * The environment is left as it is: svcdig's colour policy and the programs it starts (credential plugins) read it.
 */
const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;

process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (isNodeColorWarning(warning)) return;
    emitWarning(warning, ...rest);
}) as typeof process.emitWarning;

function isNodeColorWarning(warning: string | Error): boolean {
    const text = typeof warning === 'string' ? warning : warning.message;
    return /^The '(NO_COLOR|NODE_DISABLE_COLORS)('.*)?' env is ignored due to the 'FORCE_COLOR' env being set\.$/.test(text);
}

export {};
