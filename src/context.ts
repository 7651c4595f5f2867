import type { Deps } from './deps.js';
import { ExitCode, worstExitCode } from './errors.js';

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
    /** A line for humans on stderr (never on stdout, which holds only data). */
    note(line: string): void {
        this.deps.stderr.write(line.endsWith('\n') ? line : line + '\n');
    }
    trace(line: string): void {
        if (this.verbose) this.note(`svcdig: ${line}`);
    }
}
