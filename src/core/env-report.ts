import type { ApiVersion } from './api-version.js';
import type { EnvReportData } from './envvars.js';

export interface EnvComparison {
    /** Variables as the running container has them (names of secrets' values are never read). */
    status: 'compared' | 'unavailable';
    reason?: string;
    missing: { name: string; expected: string | null; why: string }[];
    stale: { name: string; expected: string | null; actual: string; why: string }[];
    extra: { name: string; actual: string; why: string }[];
    overridden: { name: string; actual: string; why: string }[];
}

export interface EnvReport extends EnvReportData {
    apiVersion: ApiVersion;
    kind: 'EnvReport';
    comparison?: EnvComparison;
}
