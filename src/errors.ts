import { redactUserInfo } from './core/redact.js';

/**
 * Exit codes, declared once. A finding is not a failure: 1 means svcdig ran and found something wrong
 * (a DNS mismatch or an error-level finding); 2 and above mean it could not do its job.
 * When several apply, the highest wins.
 */
export const ExitCode = {
    ok: 0,
    findings: 1,
    usage: 2,
    config: 3,
    notFound: 4,
    unreachable: 5,
    internal: 70,
    /** sysexits' EX_IOERR: the output could not be written (disk full, a closed or read-only descriptor). */
    output: 74,
    /** Ended at a prompt (Ctrl-C, Ctrl-D): 128 + SIGINT, what shells report for a Ctrl-C. */
    interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export const EXIT_CODE_HELP = `Exit status:
  0   ran; nothing at or above --fail-on (default: error)
  1   ran; findings: DNS actual differs from expected, or an error-level finding
  2   usage or bad input: unknown flag, invalid name, malformed file, objects left out
      for their shape (from files or the API; the rest was used)
  3   kubeconfig, authentication or permission problem (no kubeconfig, unknown context, 401, 403)
  4   Service, pod or namespace not found; check that selects no Service
  5   API server or DNS server unreachable or timed out, or its answer was not an API
      answer (HTML, cut-short JSON, 3xx, 400, 422, a body over 128 MiB); check --deadline passed
  70  internal error (a bug in svcdig; rerun with --debug for a stack trace)
  74  the output could not be written (disk full, closed descriptor; not a closed pipe)
  130 ended at a prompt with Ctrl-C or Ctrl-D`;

export type ErrorKind = 'usage' | 'config' | 'notFound' | 'unreachable' | 'internal' | 'output';

const codeForKind: Record<ErrorKind, ExitCode> = {
    usage: ExitCode.usage,
    config: ExitCode.config,
    notFound: ExitCode.notFound,
    unreachable: ExitCode.unreachable,
    internal: ExitCode.internal,
    output: ExitCode.output,
};

/**
 * An error meant for the user: one line, optionally with a hint; never shown with a stack unless --debug. URL
 * user-info is redacted from both (core/redact.ts): a message may quote a URL svcdig did not write.
 */
export class SvcdigError extends Error {
    readonly kind: ErrorKind;
    readonly hint?: string;
    constructor(kind: ErrorKind, message: string, options?: { hint?: string; cause?: unknown }) {
        super(redactUserInfo(message), options?.cause !== undefined ? { cause: options.cause } : undefined);
        this.name = 'SvcdigError';
        this.kind = kind;
        if (options?.hint) this.hint = redactUserInfo(options.hint);
    }
    get exitCode(): ExitCode {
        return codeForKind[this.kind];
    }
}

/** The person ended a prompt (Ctrl-C, Ctrl-D): not a failure to explain, so nothing is printed. */
export class Interrupted extends Error {
    constructor() {
        super('interrupted at a prompt');
        this.name = 'Interrupted';
    }
}

export const usageError = (message: string, hint?: string) => new SvcdigError('usage', message, hint ? { hint } : undefined);

/** The highest of several exit codes (a usage error beats a finding, and so on). */
export function worstExitCode(...codes: ExitCode[]): ExitCode {
    return codes.reduce<ExitCode>((a, b) => (b > a ? b : a), ExitCode.ok);
}
