import type { Deps } from './deps.js';
import { ExitCode, worstExitCode } from './errors.js';
import { printable, withLongWordsShortened } from './render/escape.js';

/** Per-run state shared by the commands: the injected world and the exit code being built up. */
export class RunContext {
    exitCode: ExitCode = ExitCode.ok;
    debug = false;
    verbose = false;
    constructor(readonly deps: Deps) {}
    /** Raises the exit code (the highest code wins). */
    raise(code: ExitCode): void {
        this.exitCode = worstExitCode(this.exitCode, code);
    }
    /**
     * One line for humans on stderr (never on stdout, which holds only data). Errors, hints, notes and traces all come
     * here and often quote names and data: escaped always (render/escape.ts), a line break or tab inside included, so
     * no name can start a line of its own; a word too long for a screen shown by its ends.
     */
    note(line: string): void {
        this.deps.stderr.write(printable(withLongWordsShortened(line.replace(/\n$/, ''))) + '\n');
    }
    /** Several lines at once (a --debug stack trace), each escaped as `note` does. */
    noteLines(text: string): void {
        for (const line of text.replace(/\n$/, '').split('\n')) this.note(line);
    }
    trace(line: string): void {
        if (this.verbose) this.note(`svcdig: ${line}`);
    }
}
