/** What a finding rule is and sees; the rules live in rules/, the list of them in catalogue.ts. */
import type { DnsConfig } from '../dns/dns-config.js';
import type { ServiceExplanation } from '../explanation.js';
import type { Service } from '../k8s.js';
import type { ClusterSnapshot } from '../snapshot.js';
import type { Finding } from './finding.js';

/** What a finding rule sees: the snapshot, the DNS config, the Service and its computed explanation. */
export interface FindingInput {
    snapshot: ClusterSnapshot;
    config: DnsConfig;
    service: Service;
    explanation: ServiceExplanation;
}

export interface FindingRule {
    code: string;
    severity: Finding['severity'];
    /** One sentence: what the rule looks for (README catalogue). */
    summary: string;
    check(input: FindingInput): Finding[];
}

/** What a snapshot-wide rule sees: objects that no single Service explains (StatefulSets, pods). */
export interface ClusterFindingInput {
    snapshot: ClusterSnapshot;
    config: DnsConfig;
}

/** A rule about the snapshot as a whole, for `check` (e.g. a StatefulSet whose serviceName names no Service). */
export interface ClusterFindingRule {
    code: string;
    severity: Finding['severity'];
    summary: string;
    check(input: ClusterFindingInput): Finding[];
}
