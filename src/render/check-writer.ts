/**
 * A check report written as it goes: the head first, then each Service in report order, then the tail. Formats whose
 * bytes do not depend on what comes later (JSON, YAML, JUnit) write each Service as it comes; the others keep only
 * what their end needs (the table a row of counts per Service, its width depending on every row).
 */
import type { CheckHead, CheckTail, ServiceCheck } from '../core/check-report.js';
import type { PrintOptions } from './print-options.js';

export interface CheckReportWriter {
    /** The next Service of the report. */
    service(s: ServiceCheck): void;
    /** The rest of the report, once every Service has been given. */
    end(tail: CheckTail): void;
}

/** A writer of one format: `write` takes each piece of text as it is ready. */
export type CheckWriterOf = (head: CheckHead, o: PrintOptions, write: (text: string) => void) => CheckReportWriter;
