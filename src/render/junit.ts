import { atOrAbove, type CheckReport } from '../core/check-report.js';
import { terminalText } from './escape.js';

/**
 * Text for an XML attribute or element. XML 1.0 cannot carry most control characters at all, and CI pages show the
 * text: data is escaped as everywhere (\DDD, escape.ts), the line breaks of svcdig's own multi-line text are kept.
 */
const esc = (s: string) => terminalText(s).replace(/\t/g, ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** JUnit XML: one testsuite per Service, one testcase per record plus one for its findings. */
export function renderJunit(report: CheckReport): string {
    const suites = report.services.map((svc) => {
        const cls = `${svc.namespace}/${svc.name}`;
        const cases = svc.records.map((r) => {
            const label = `${r.type} ${r.name}`;
            if (r.verdict === 'mismatch') {
                const msg = r.differences.filter((d) => !d.noteOnly).map((d) => d.message + (d.reason ? ` (${d.reason})` : '')).join('; ');
                return `    <testcase classname="${esc(cls)}" name="${esc(label)}"><failure message="${esc(msg)}" type="mismatch">${esc(msg)}</failure></testcase>`;
            }
            if (r.verdict === 'not-checked') return `    <testcase classname="${esc(cls)}" name="${esc(label)}"><skipped message="${esc(r.error ?? 'not checked')}"/></testcase>`;
            if (r.verdict === 'error') return `    <testcase classname="${esc(cls)}" name="${esc(label)}"><error message="${esc(r.error ?? 'error')}" type="dns"/></testcase>`;
            if (r.verdict === 'not-queried') return `    <testcase classname="${esc(cls)}" name="${esc(label)}"><skipped message="${esc(`not queried: ${report.dns.notQueried ?? 'no DNS server asked'}`)}"/></testcase>`;
            return `    <testcase classname="${esc(cls)}" name="${esc(label)}"/>`;
        });
        const failing = svc.findings.filter((f) => atOrAbove(f.severity, report.failOn));
        const findingText = svc.findings.map((f) => `${f.severity} ${f.code}: ${f.message} (fix: ${f.fix})`).join('\n');
        cases.push(
            failing.length
                ? `    <testcase classname="${esc(cls)}" name="findings"><failure message="${esc(failing.map((f) => f.code).join(', '))}" type="findings">${esc(findingText)}</failure></testcase>`
                : `    <testcase classname="${esc(cls)}" name="findings">${findingText ? `<system-out>${esc(findingText)}</system-out>` : ''}</testcase>`,
        );
        const failures = svc.records.filter((r) => r.verdict === 'mismatch').length + (failing.length ? 1 : 0);
        const errors = svc.records.filter((r) => r.verdict === 'error').length;
        const skipped = svc.records.filter((r) => r.verdict === 'not-queried' || r.verdict === 'not-checked').length;
        return `  <testsuite name="${esc(cls)}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="${skipped}">\n${cases.join('\n')}\n  </testsuite>`;
    });
    const tests = report.services.reduce((n, s) => n + s.records.length + 1, 0);
    const failures = report.services.reduce((n, s) => n + s.records.filter((r) => r.verdict === 'mismatch').length + (s.findings.some((f) => atOrAbove(f.severity, report.failOn)) ? 1 : 0), 0);
    const errors = report.services.reduce((n, s) => n + s.records.filter((r) => r.verdict === 'error').length, 0);
    const skipped = report.summary.notQueried + report.summary.notChecked;
    return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="svcdig check" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}">\n${suites.join('\n')}\n</testsuites>\n`;
}

/**
 * JUnit for a check that could not run (no Service selected, a namespace that does not exist, …): one errored
 * testcase carrying the message, so a pipeline never reads a passing file with tests="0" (or an old one).
 */
export function renderJunitFailure(message: string): string {
    const testcase = `    <testcase classname="svcdig check" name="select Services"><error message="${esc(message)}" type="check"/></testcase>`;
    return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="svcdig check" tests="1" failures="0" errors="1" skipped="0">\n  <testsuite name="svcdig check" tests="1" failures="0" errors="1" skipped="0">\n${testcase}\n  </testsuite>\n</testsuites>\n`;
}
