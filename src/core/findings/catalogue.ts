import type { DnsConfig } from '../dns/dns-config.js';
import type { ClusterSnapshot } from '../snapshot.js';
import type { Finding } from './finding.js';
import type { ClusterFindingRule, FindingInput, FindingRule } from './rule.js';
export type { ClusterFindingInput, ClusterFindingRule, FindingInput, FindingRule } from './rule.js';
import { sortFindings } from './finding.js';
import { ENDPOINT_RULES } from './rules/endpoints.js';
import { ENV_RULES } from './rules/env.js';
import { EXTERNAL_NAME_RULES } from './rules/external-name.js';
import { NDOTS_RULES } from './rules/ndots.js';
import { PORT_RULES } from './rules/ports.js';
import { READINESS_RULES } from './rules/readiness.js';
import { SRV_RULES } from './rules/srv.js';
import { STATEFULSET_CLUSTER_RULES, STATEFULSET_RULES } from './rules/statefulset.js';

/** Every per-Service rule, in the order they are documented. */
export const FINDING_RULES: FindingRule[] = [
    ...READINESS_RULES,
    ...PORT_RULES,
    ...SRV_RULES,
    ...STATEFULSET_RULES,
    ...ENDPOINT_RULES,
    ...EXTERNAL_NAME_RULES,
    ...ENV_RULES,
    ...NDOTS_RULES,
];

/** Snapshot-wide rules, evaluated once by `check` (not per Service). */
export const CLUSTER_FINDING_RULES: ClusterFindingRule[] = [...STATEFULSET_CLUSTER_RULES];

export function evaluateFindings(input: FindingInput): Finding[] {
    return FINDING_RULES.flatMap((rule) => rule.check(input));
}

/**
 * Findings about the snapshot as a whole that no Service's explanation can carry: StatefulSets whose serviceName
 * names a missing Service, pods whose subdomain names no Service. Sorted like explain's findings.
 */
export function clusterFindings(snapshot: ClusterSnapshot, config: DnsConfig): Finding[] {
    return sortFindings(CLUSTER_FINDING_RULES.flatMap((rule) => rule.check({ snapshot, config })));
}

export interface CatalogueEntry {
    code: string;
    severity: Finding['severity'];
    summary: string;
    /** 'service': evaluated by explain and check per Service; 'cluster': by check once per snapshot. */
    scope: 'service' | 'cluster';
}

/** The whole catalogue, for the README and `--help`: per-Service rules then snapshot-wide ones. */
export const FINDING_CATALOGUE: CatalogueEntry[] = [
    ...FINDING_RULES.map((r) => ({ code: r.code, severity: r.severity, summary: r.summary, scope: 'service' as const })),
    ...CLUSTER_FINDING_RULES.map((r) => ({ code: r.code, severity: r.severity, summary: r.summary, scope: 'cluster' as const })),
];
