import { compareText } from '../order.js';
/** A thing svcdig found wrong or worth knowing about a Service, with a stable code scripts can grep. */
export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
    code: string;
    severity: Severity;
    /** One line naming the objects. */
    message: string;
    /** How to fix it. */
    fix: string;
    /** Objects involved, as kind/namespace/name. */
    objects?: string[];
}

export const severityRank: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export function sortFindings(findings: Finding[]): Finding[] {
    return [...findings].sort(
        (a, b) => severityRank[b.severity] - severityRank[a.severity] || compareText(a.code, b.code) || compareText(a.message, b.message),
    );
}
