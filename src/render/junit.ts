import { atOrAbove, type CheckReport, type ServiceCheck } from '../core/check-report.js';
import type { CheckReportWriter } from './check-writer.js';
import { terminalText } from './escape.js';

/**
 * Text for an XML attribute or element. XML 1.0 cannot carry most control characters at all, and CI pages show the
 * text: data is escaped as everywhere (\xHH, escape.ts), the line breaks of svcdig's own multi-line text are kept.
 */
const esc = (s: string) => terminalText(s).replace(/\t/g, ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Where and when the JUnit file was made, which the Ant schema requires on each testsuite. */
export interface JunitContext {
    /** The machine svcdig ran on ('localhost' when unknown, as the Ant schema asks). */
    hostname: string;
}

/** Seconds with millisecond precision, as the `time` attributes (xs:decimal) take them. */
const seconds = (ms: number | undefined) => ((ms ?? 0) / 1000).toFixed(3);

/**
 * When the run started, as the Ant schema's ISO8601_DATETIME_PATTERN takes it: `2026-12-03T10:00:00`, no fraction and
 * no timezone (test/fixtures/junit/ant-junit.xsd); svcdig writes UTC.
 */
const antTimestamp = (iso: string) => new Date(iso).toISOString().slice(0, 19);

/**
 * The attributes both schemas know on a testsuite inside <testsuites> (test/fixtures/junit/ant-junit.xsd requires
 * name, timestamp, hostname, tests, failures, errors, time, package and id; jenkins-junit.xsd allows them all and
 * `skipped`, written only when some are, since the Ant schema has no such attribute).
 */
function suiteAttributes(a: { name: string; id: number; counts: Counts; timeMs: number; startedAt: string; hostname: string }): string {
    const skipped = a.counts.skipped ? ` skipped="${a.counts.skipped}"` : '';
    return `name="${esc(a.name)}" package="${esc(a.name)}" id="${a.id}" timestamp="${antTimestamp(a.startedAt)}" hostname="${esc(a.hostname)}" tests="${a.counts.tests}" failures="${a.counts.failures}" errors="${a.counts.errors}"${skipped} time="${seconds(a.timeMs)}"`;
}

/**
 * The root carries nothing: the Ant schema allows no attribute on <testsuites> (JUnitReport's bare aggregate) and
 * jenkins-junit.xsd allows but does not need them, so a bare root validates against both; the totals and times are on
 * each <testsuite>, where readers take them from.
 */
const TESTSUITES_TAG = '<testsuites>';
const JUNIT_HEAD = `<?xml version="1.0" encoding="UTF-8"?>\n${TESTSUITES_TAG}\n`;
const JUNIT_END = '</testsuites>\n';

interface Counts {
    tests: number;
    failures: number;
    errors: number;
    skipped: number;
}

/** A testsuite: <properties/> first, <system-out/> and <system-err/> last, as the Ant schema's sequence demands. */
function suite(attributes: string, cases: string[], out: string): string {
    return `  <testsuite ${attributes}>\n    <properties/>\n${cases.join('\n')}\n    <system-out>${out}</system-out>\n    <system-err/>\n  </testsuite>`;
}

/**
 * JUnit XML: one testsuite per Service, one testcase per record plus one for its findings. `time` is the measured
 * time of each record's DNS query (0 when none was asked), a testsuite's the sum of its testcases', the whole file's
 * the run's elapsed time (queries overlap, so that is less than the sum); `timestamp` is when the run started.
 */
export function renderJunit(report: CheckReport, ctx: JunitContext): string {
    const startedAt = report.timing?.startedAt ?? new Date(0).toISOString();
    const suites = report.services.map((svc, id) => serviceSuite(report, svc, id, startedAt, ctx));
    return `${JUNIT_HEAD}${suites.join('\n')}${objectNotesSuite(report.objectNotes, suites.length, startedAt, ctx)}\n${JUNIT_END}`;
}

/**
 * Objects of the input left out or merged (the run exits 2 for them): one errored testcase after the Services', so a
 * pipeline that reads only the JUnit file sees why, rather than a file where every test passed.
 */
function objectNotesSuite(notes: string[] | undefined, id: number, startedAt: string, ctx: JunitContext): string {
    if (!notes?.length) return '';
    const counts: Counts = { tests: 1, failures: 0, errors: 1, skipped: 0 };
    const attributes = suiteAttributes({ name: 'svcdig check', id, counts, timeMs: 0, startedAt, hostname: ctx.hostname });
    return `${id ? '\n' : ''}${suite(attributes, [objectNotesCase('svcdig check', notes)], '')}`;
}

/** The errored testcase "read objects" of `classname`, carrying every note. */
function objectNotesCase(classname: string, notes: string[]): string {
    const message = `${notes.length} object${notes.length === 1 ? '' : 's'} of the input left out or merged`;
    return `    <testcase classname="${esc(classname)}" name="read objects" time="0.000"><error message="${esc(message)}" type="input">${esc(notes.join('\n'))}</error></testcase>`;
}

/** A Service's testsuite, the `id`th of the file. */
function serviceSuite(report: Pick<CheckReport, 'failOn' | 'dns'>, svc: ServiceCheck, id: number, startedAt: string, ctx: JunitContext): string {
    const cls = `${svc.namespace}/${svc.name}`;
    const { cases, counts, timeMs, findingText } = serviceCases(report, svc, cls);
    return suite(suiteAttributes({ name: cls, id, counts, timeMs, startedAt, hostname: ctx.hostname }), cases, esc(findingText));
}

/**
 * The JUnit file written as the check goes, a testsuite per Service as it comes (what renderJunit prints of the whole
 * report): nothing in it depends on later Services, the totals being on each testsuite. `startedAt`: when the run started.
 */
export function junitWriter(
    head: Pick<CheckReport, 'failOn' | 'dns'>,
    ctx: JunitContext & { startedAt: string },
    write: (text: string) => void,
): CheckReportWriter {
    let id = 0;
    write(JUNIT_HEAD);
    return {
        service: (svc) => {
            write(`${id ? '\n' : ''}${serviceSuite(head, svc, id, ctx.startedAt, ctx)}`);
            id++;
        },
        end: (tail) => write(`${objectNotesSuite(tail.objectNotes, id, ctx.startedAt, ctx)}\n${JUNIT_END}`),
    };
}

/** One Service's testcases (a testcase per record, one for its findings) with their counts. */
function serviceCases(
    report: Pick<CheckReport, 'failOn' | 'dns'>,
    svc: ServiceCheck,
    cls: string,
): { cases: string[]; counts: Counts; timeMs: number; findingText: string } {
    const cases = svc.records.map((r) => {
        const open = `    <testcase classname="${esc(cls)}" name="${esc(`${r.type} ${r.name}`)}" time="${seconds(r.elapsedMs)}"`;
        if (r.verdict === 'mismatch') {
            const msg = r.differences
                .filter((d) => !d.noteOnly)
                .map((d) => d.message + (d.reason ? ` (${d.reason})` : ''))
                .join('; ');
            return `${open}><failure message="${esc(msg)}" type="mismatch">${esc(msg)}</failure></testcase>`;
        }
        if (r.verdict === 'not-checked') return `${open}><skipped message="${esc(r.error ?? 'not checked')}"/></testcase>`;
        if (r.verdict === 'error') return `${open}><error message="${esc(r.error ?? 'error')}" type="dns"/></testcase>`;
        if (r.verdict === 'not-queried')
            return `${open}><skipped message="${esc(`not queried: ${report.dns.notQueried ?? 'no DNS server asked'}`)}"/></testcase>`;
        return `${open}/>`;
    });
    const failing = svc.findings.filter((f) => atOrAbove(f.severity, report.failOn));
    const findingText = svc.findings.map((f) => `${f.severity} ${f.code}: ${f.message} (fix: ${f.fix})`).join('\n');
    // The findings are the suite's output (the Ant schema allows no <system-out> inside a testcase).
    cases.push(
        failing.length
            ? `    <testcase classname="${esc(cls)}" name="findings" time="0.000"><failure message="${esc(failing.map((f) => f.code).join(', '))}" type="findings">${esc(findingText)}</failure></testcase>`
            : `    <testcase classname="${esc(cls)}" name="findings" time="0.000"/>`,
    );
    const counts: Counts = {
        tests: cases.length,
        failures: svc.records.filter((r) => r.verdict === 'mismatch').length + (failing.length ? 1 : 0),
        errors: svc.records.filter((r) => r.verdict === 'error').length,
        skipped: svc.records.filter((r) => r.verdict === 'not-queried' || r.verdict === 'not-checked').length,
    };
    return { cases, counts, timeMs: svc.records.reduce((n, r) => n + (r.elapsedMs ?? 0), 0), findingText };
}

/**
 * JUnit for a check across kubeconfig contexts: one testsuite per context (named after it), holding every Service's
 * testcases (classname `context/namespace/service`); a context that could not be checked is one errored testcase.
 */
export function renderJunitContexts(
    contexts: ({ context: string } & ({ report: CheckReport } | { error: string }))[],
    ctx: JunitContext,
    timing: { startedAt: string; elapsedMs: number },
): string {
    const suites = contexts.map((c, id) => {
        const name = `context ${c.context}`;
        if ('error' in c) {
            const testcase = `    <testcase classname="${esc(c.context)}" name="check" time="0.000"><error message="${esc(c.error)}" type="context"/></testcase>`;
            const counts: Counts = { tests: 1, failures: 0, errors: 1, skipped: 0 };
            return suite(suiteAttributes({ name, id, counts, timeMs: 0, startedAt: timing.startedAt, hostname: ctx.hostname }), [testcase], '');
        }
        const all = c.report.services.map((svc) => serviceCases(c.report, svc, `${c.context}/${svc.namespace}/${svc.name}`));
        const notes = c.report.objectNotes ?? [];
        if (notes.length)
            all.push({ cases: [objectNotesCase(c.context, notes)], counts: { tests: 1, failures: 0, errors: 1, skipped: 0 }, timeMs: 0, findingText: '' });
        const counts: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
        for (const x of all) for (const k of ['tests', 'failures', 'errors', 'skipped'] as const) counts[k] += x.counts[k];
        const out = all
            .map((x) => x.findingText)
            .filter((t) => t)
            .join('\n');
        const startedAt = c.report.timing?.startedAt ?? timing.startedAt;
        const attributes = suiteAttributes({ name, id, counts, timeMs: c.report.timing?.elapsedMs ?? 0, startedAt, hostname: ctx.hostname });
        return suite(
            attributes,
            all.flatMap((x) => x.cases),
            esc(out),
        );
    });
    return `${JUNIT_HEAD}${suites.join('\n')}\n${JUNIT_END}`;
}

/**
 * JUnit for a check that could not run or finish (no Service selected, a namespace that does not exist, an API server
 * that stopped answering, …): one errored testcase, named by the step that failed, carrying the message, so a pipeline never reads a passing file with tests="0" (or an old one).
 */
export function renderJunitFailure(
    message: string,
    timing: { startedAt: string; elapsedMs: number },
    ctx: JunitContext,
    step: 'select Services' | 'check Services' = 'select Services',
): string {
    const testcase = `    <testcase classname="svcdig check" name="${step}" time="${seconds(timing.elapsedMs)}"><error message="${esc(message)}" type="check"/></testcase>`;
    const counts: Counts = { tests: 1, failures: 0, errors: 1, skipped: 0 };
    const attributes = suiteAttributes({ name: 'svcdig check', id: 0, counts, timeMs: timing.elapsedMs, startedAt: timing.startedAt, hostname: ctx.hostname });
    return `${JUNIT_HEAD}${suite(attributes, [testcase], '')}\n${JUNIT_END}`;
}
