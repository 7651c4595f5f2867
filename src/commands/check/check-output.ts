/**
 * Where a check's report goes as the check runs: stdout in the -o format and the --junit file, each written Service
 * by Service (render/check-writer.ts) and let go, so memory holds what the end of each format needs rather than every
 * record of the cluster. Rounds of --wait and the contexts of a multi-context check hold their reports (HeldReport):
 * only the last round is printed, and contexts print one after another.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { assembleReport, type CheckHead, type CheckReport, type CheckTail, type ServiceCheck } from '../../core/check-report.js';
import type { RunContext } from '../../context.js';
import type { CheckReportWriter } from '../../render/check-writer.js';
import { junitWriter, type JunitContext } from '../../render/junit.js';
import { CHECK_WRITERS } from '../../render/registry.js';
import { SvcdigError } from '../../errors.js';
import type { OutputOptions } from '../common/options.js';
import { printOptions } from '../common/print.js';

/** Where the Services of one check go: the report's head first, then each Service in report order. */
export interface ReportSink {
    begin(head: CheckHead): void;
    service(s: ServiceCheck): void;
}

/** A report held whole. */
export class HeldReport implements ReportSink {
    private head: CheckHead | undefined;
    private services: ServiceCheck[] = [];

    begin(head: CheckHead): void {
        this.head = head;
        this.services = [];
    }

    service(s: ServiceCheck): void {
        this.services.push(s);
    }

    /** The held report given to another sink. */
    replay(to: ReportSink): void {
        to.begin(this.head!);
        for (const s of this.services) to.service(s);
    }

    report(tail: Omit<CheckTail, 'causes'>): CheckReport {
        return assembleReport(this.head!, this.services, tail);
    }
}

/** Text written in pieces of about this size: one write per Service would be thousands of small writes. */
const CHUNK = 1 << 16;

/** A writer that gathers small pieces into chunks; `flush` writes what is left. */
function chunked(write: (text: string) => void): { write(text: string): void; flush(): void } {
    let pending: string[] = [];
    let size = 0;
    const flush = () => {
        if (pending.length) write(pending.join(''));
        pending = [];
        size = 0;
    };
    return {
        write(text) {
            pending.push(text);
            size += text.length;
            if (size >= CHUNK) flush();
        },
        flush,
    };
}

/** stdout in the -o format and, with --junit, the JUnit file: both written as the check goes. */
export class CheckOutput implements ReportSink {
    private writers: { writer: CheckReportWriter; out: ReturnType<typeof chunked> }[] = [];
    private junitFd: number | undefined;
    /** The error of the JUnit file's first failed write. */
    private junitFailed: unknown;

    constructor(
        private readonly opts: OutputOptions & { quiet?: boolean; junit?: string },
        private readonly ctx: RunContext,
        private readonly junit: JunitContext & { startedAt: string },
    ) {}

    begin(head: CheckHead): void {
        const stdout = chunked((t) => this.ctx.deps.stdout.write(t));
        const format = this.opts.output as keyof typeof CHECK_WRITERS;
        this.writers.push({ writer: CHECK_WRITERS[format](head, printOptions(this.opts, format, this.ctx), stdout.write), out: stdout });
        if (!this.opts.junit) return;
        const path = this.opts.junit;
        let fd: number;
        try {
            fd = this.junitFd = openSync(path, 'w');
        } catch (err) {
            throw this.cannotWrite(err);
        }
        // A write that fails (a full disk: the path was checked before the run) stops the file, not the check: stdout
        // is written whole, and the run then ends with the write error (exit 74).
        const file = chunked((t) => {
            if (this.junitFailed) return;
            try {
                writeSync(fd, t);
            } catch (err) {
                this.junitFailed = err;
            }
        });
        this.writers.push({ writer: junitWriter(head, this.junit, file.write), out: file });
    }

    service(s: ServiceCheck): void {
        for (const { writer } of this.writers) writer.service(s);
    }

    /** True once the Services to check were selected and the report begun. */
    get begun(): boolean {
        return this.writers.length > 0;
    }

    /** The end of every format, and the JUnit file closed. */
    end(tail: CheckTail): void {
        for (const { writer, out } of this.writers) {
            writer.end(tail);
            out.flush();
        }
        this.close();
        if (this.junitFailed !== undefined) throw this.cannotWrite(this.junitFailed);
    }

    /** The check failed: the JUnit file is closed (and then replaced by the failure's, run.ts). */
    close(): void {
        if (this.junitFd !== undefined) closeSync(this.junitFd);
        this.junitFd = undefined;
    }

    private cannotWrite(err: unknown): SvcdigError {
        return junitWriteFailed(this.opts.junit!, err);
    }
}

/** The JUnit file could not be written although its path was checked before the run (a full disk): exit 74. */
export function junitWriteFailed(path: string, err: unknown): SvcdigError {
    return new SvcdigError('output', `--junit ${path}: cannot write (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
}
