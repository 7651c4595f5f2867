/**
 * A check report written as it goes: the head first, then each Service in report order, then the tail. Formats whose
 * bytes do not depend on what comes later (JSON, JUnit) write each Service as it comes; the others keep only what
 * their end needs (the table a row of counts per Service, its width depending on every row) or, for YAML, whose
 * quoting of the whole document depends on every value (structured.ts), the Services themselves.
 */
import { assembleReport, type CheckHead, type CheckReport, type CheckTail, type ServiceCheck } from '../core/check-report.js';
import type { PrintOptions } from './print-options.js';

export interface CheckReportWriter {
    /** The next Service of the report. */
    service(s: ServiceCheck): void;
    /** The rest of the report, once every Service has been given. */
    end(tail: CheckTail): void;
}

/** A writer of one format: `write` takes each piece of text as it is ready. */
export type CheckWriterOf = (head: CheckHead, o: PrintOptions, write: (text: string) => void) => CheckReportWriter;

/** A format printed whole: the Services are held and the report printed once complete. */
export function holdingWriter(print: (report: CheckReport, o: PrintOptions) => string): CheckWriterOf {
    return (head, o, write) => {
        const services: ServiceCheck[] = [];
        return {
            service: (s) => void services.push(s),
            end: (tail) => write(print(assembleReport(head, services, tail), o)),
        };
    };
}
