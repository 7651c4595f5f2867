import { type ApiVersion } from './api-version.js';
import { compareNormalized, normalizeReply, type Difference } from './compare.js';
import type { Reply } from './dns/reply.js';
import type { FailOn } from './fail-on.js';
import { severityRank, type Finding, type Severity } from './findings/finding.js';

export { FAIL_ON_LEVELS, type FailOn } from './fail-on.js';

export interface RecordCheck {
    name: string;
    type: string;
    /**
     * not-queried: no DNS server was asked (--expected-only, or files without --server); never counted as ok.
     * not-checked: the run's --deadline passed before this record's query was answered (`error` says so).
     */
    verdict: 'match' | 'mismatch' | 'not-queried' | 'error' | 'not-checked';
    /** Left out of matching and not-queried records when the output shows only verdicts (table, wide): `withoutReplies`. */
    expected?: Reply;
    actual?: Reply | null;
    differences: Difference[];
    error?: string;
    /** How long this record's DNS query took, measured by the command (absent when none was asked). */
    elapsedMs?: number;
    /** --server given more than once (each mode): every server's verdict (core/each-server-check.ts). */
    servers?: ServerVerdict[];
}

export interface ServerVerdict {
    server: string;
    verdict: RecordCheck['verdict'];
    error?: string;
}

/** A matching (or not-queried) record as the table and JUnit show it: verdict and notes, no replies (bounded memory). */
export function withoutReplies(r: RecordCheck): RecordCheck {
    return {
        name: r.name,
        type: r.type,
        verdict: r.verdict,
        differences: r.differences,
        ...(r.elapsedMs === undefined ? {} : { elapsedMs: r.elapsedMs }),
        ...(r.servers ? { servers: r.servers } : {}),
    };
}

export interface ServiceCheck {
    namespace: string;
    name: string;
    type: string;
    records: RecordCheck[];
    findings: Finding[];
    /** Would this Service fail the check at the chosen --fail-on? */
    failed: boolean;
}

export interface CheckReport {
    apiVersion: ApiVersion;
    kind: 'CheckReport';
    source: string;
    failOn: FailOn;
    /** notQueried: why no DNS server was asked ("--expected-only", "files without --server"); absent when one was. */
    /** serverMode: several --server, each asked (`each`) or the next only when one fails (`failover`). */
    dns: { via: string | null; notes: string[]; notQueried?: string; serverMode?: 'each' | 'failover' };
    services: ServiceCheck[];
    /** Findings about the cluster rather than one Service (StatefulSets pointing at missing Services, ...). */
    clusterFindings: Finding[];
    /** recordsOk counts matches only; notQueried the records no DNS server was asked about; notChecked those --deadline cut off. */
    summary: {
        services: number;
        failed: number;
        records: number;
        recordsOk: number;
        notQueried: number;
        notChecked: number;
        errors: number;
        warnings: number;
        infos: number;
        mismatches: number;
        /** Records whose query failed (verdict `error`): DNS errors, counted apart from the error findings (`errors`). */
        dnsErrors: number;
    };
    /** Set when --deadline passed before every record was checked: the limit, and how far the run got. */
    deadline?: { limit: string; checked: number; records: number };
    errors: { message: string }[];
    /**
     * Objects of the files or API lists left out (malformed) or merged (defined twice), one note each as stderr says
     * them (core/object-shape.ts); present only when there are some, which also makes the exit code 2.
     */
    objectNotes?: string[];
    /** When the run started (ISO 8601) and how long it took, --wait rounds included: measured by the command. */
    timing?: { startedAt: string; elapsedMs: number };
}

export function recordCheck(name: string, type: string, expected: Reply, actual: Reply | null, error?: string): RecordCheck {
    return recordCheckOfNormalized(name, type, normalizeReply(expected), actual, error);
}

/** recordCheck for an expected reply normalizeReply already made (check's come so from explainService). */
export function recordCheckOfNormalized(name: string, type: string, exp: Reply, actual: Reply | null, error?: string): RecordCheck {
    if (error) return { name, type, verdict: 'error', expected: exp, actual: null, differences: [], error };
    if (!actual) return { name, type, verdict: 'not-queried', expected: exp, actual: null, differences: [] };
    const act = normalizeReply(actual);
    const cmp = compareNormalized(exp, act);
    return { name, type, verdict: cmp.verdict, expected: exp, actual: act, differences: cmp.differences };
}

/** Why check asks no DNS server: --expected-only, or files read without --server (the "lint manifests" use). */
export function notQueriedWhy(opts: { expectedOnly?: boolean }): string {
    return opts.expectedOnly ? '--expected-only' : 'files without --server';
}

/** How to have the records queried, for the summary line. */
export function howToQuery(why: string): string {
    return why === '--expected-only'
        ? 'drop --expected-only to query them (reading files, add --server HOST[:PORT] too)'
        : 'to query them, add --server HOST[:PORT] (a DNS server for the cluster zone) or read a live cluster (a kubeconfig context) instead of files';
}

/** A record the run had no time left for (check --deadline): no verdict, and not a DNS error either. */
export function notChecked(name: string, type: string, why: string): RecordCheck {
    return { name, type, verdict: 'not-checked', differences: [], error: `not checked: ${why}` };
}

/** Does a finding of this severity fail the run at --fail-on `failOn`? */
export const atOrAbove = (sev: Severity, failOn: FailOn) => failOn !== 'never' && severityRank[sev] >= severityRank[failOn];

/** A Service fails when a record mismatches or errs, or a finding is at or above --fail-on (never: nothing fails). */
export function serviceFails(records: RecordCheck[], findings: Finding[], failOn: CheckReport['failOn']): boolean {
    if (failOn === 'never') return false;
    return records.some((r) => r.verdict === 'mismatch' || r.verdict === 'error') || findings.some((f) => atOrAbove(f.severity, failOn));
}

/**
 * Why the failed Services failed, counted by cause (a Service may have several): a record whose query failed (DNS
 * error), a record that differs, a finding at or above --fail-on. The summary says these, never --fail-on alone, which
 * judges findings only.
 */
export interface FailureCauses {
    dnsErrors: number;
    differences: number;
    findings: number;
}

/** What a report says before its Services: all of it is known before the first Service is checked. */
export type CheckHead = Pick<CheckReport, 'apiVersion' | 'kind' | 'source' | 'failOn' | 'dns' | 'clusterFindings'>;

/** What a report says after its Services, known once every one is checked; `causes` for the summary line. */
export type CheckTail = Pick<CheckReport, 'summary' | 'errors' | 'objectNotes' | 'deadline' | 'timing'> & { causes: FailureCauses };

/** The report's fields before `services`, in the JSON contract's order (README: JSON contract). */
export function reportBefore(head: CheckHead): Pick<CheckReport, 'apiVersion' | 'kind' | 'source' | 'failOn' | 'dns'> {
    return { apiVersion: head.apiVersion, kind: head.kind, source: head.source, failOn: head.failOn, dns: head.dns };
}

/** The report's fields after `services`, in the JSON contract's order (objectNotes, deadline, timing only when there are). */
export function reportAfter(
    head: CheckHead,
    tail: Omit<CheckTail, 'causes'>,
): Pick<CheckReport, 'clusterFindings' | 'summary' | 'errors' | 'objectNotes' | 'deadline' | 'timing'> {
    return {
        clusterFindings: head.clusterFindings,
        summary: tail.summary,
        errors: tail.errors,
        ...(tail.objectNotes?.length ? { objectNotes: tail.objectNotes } : {}),
        ...(tail.deadline ? { deadline: tail.deadline } : {}),
        ...(tail.timing ? { timing: tail.timing } : {}),
    };
}

/** The whole report from its parts. */
export function assembleReport(head: CheckHead, services: ServiceCheck[], tail: Omit<CheckTail, 'causes'>): CheckReport {
    return { ...reportBefore(head), services, ...reportAfter(head, tail) };
}
