/**
 * What the end of a check report needs of its Services (the summary, why Services failed, the distinct DNS errors, how
 * many still differ), counted as each Service is written, so that a report written as it goes can let every Service
 * go once it is out (commands/check/check-output.ts).
 */
import { atOrAbove, type CheckReport, type FailOn, type FailureCauses, type ServiceCheck } from './check-report.js';
import type { Finding, Severity } from './findings/finding.js';

export class CheckTally {
    private services = 0;
    private failed = 0;
    private records = 0;
    private recordsOk = 0;
    private notQueried = 0;
    private notChecked = 0;
    private mismatches = 0;
    private dnsErrors = 0;
    private readonly findings: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
    private readonly errorMessages = new Set<string>();
    readonly causes: FailureCauses = { dnsErrors: 0, differences: 0, findings: 0 };
    /** Services with a record that differs or whose query failed: what check --wait waits on. */
    pending = 0;

    constructor(private readonly failOn: FailOn) {}

    add(s: ServiceCheck): void {
        this.services++;
        let errors = 0;
        let mismatches = 0;
        for (const r of s.records) {
            this.records++;
            if (r.verdict === 'match') this.recordsOk++;
            else if (r.verdict === 'not-queried') this.notQueried++;
            else if (r.verdict === 'not-checked') this.notChecked++;
            else if (r.verdict === 'mismatch') mismatches++;
            else if (r.verdict === 'error') {
                errors++;
                this.errorMessages.add(r.error!);
            }
        }
        this.mismatches += mismatches;
        this.dnsErrors += errors;
        for (const f of s.findings) this.findings[f.severity]++;
        if (errors || mismatches) this.pending++;
        if (!s.failed) return;
        this.failed++;
        if (errors) this.causes.dnsErrors++;
        if (mismatches) this.causes.differences++;
        if (s.findings.some((f) => atOrAbove(f.severity, this.failOn))) this.causes.findings++;
    }

    /** The report's summary: these Services' counts, the findings counted with the cluster's. */
    summary(clusterFindings: Finding[]): CheckReport['summary'] {
        const count = (sev: Severity) => this.findings[sev] + clusterFindings.filter((f) => f.severity === sev).length;
        return {
            services: this.services,
            failed: this.failed,
            records: this.records,
            recordsOk: this.recordsOk,
            notQueried: this.notQueried,
            errors: count('error'),
            warnings: count('warning'),
            infos: count('info'),
            mismatches: this.mismatches,
            notChecked: this.notChecked,
            dnsErrors: this.dnsErrors,
        };
    }

    /** Each DNS error once, in the order first seen. */
    errors(): { message: string }[] {
        return [...this.errorMessages].map((message) => ({ message }));
    }
}

/** The failure causes of a whole report. */
export function failureCauses(report: Pick<CheckReport, 'services' | 'failOn'>): FailureCauses {
    const tally = new CheckTally(report.failOn);
    for (const s of report.services) tally.add(s);
    return tally.causes;
}
