/**
 * Runs the finding rules over clusters from test/kit/cluster-builder.ts the way `svcdig explain` and `svcdig check`
 * do (explainService, clusterFindings), and picks findings out of the result.
 */
import { dnsConfigFor } from '../../../src/core/dns/corefile.js';
import { kubeadmDefaultDnsConfig, type DnsConfig } from '../../../src/core/dns/dns-config.js';
import { buildDnsIndex } from '../../../src/core/dns/index.js';
import { explainService, type ServiceExplanation } from '../../../src/core/explain.js';
import { clusterFindings } from '../../../src/core/findings/catalogue.js';
import type { Finding } from '../../../src/core/findings/finding.js';
import type { KubeObject } from '../../../src/core/k8s.js';
import { nsOf, type ClusterSnapshot } from '../../../src/core/snapshot.js';
import { backed, NS, pod, service, snapshotOf, statefulSet, statefulSetPods } from '../../kit/cluster-builder.js';

/**
 * The healthy baseline: ClusterIP Service `web` (named port http → targetPort http) over two Ready pods, and a
 * StatefulSet `db` governed by headless Service `db` (named port sql) with two Ready pods. Nothing in it is
 * wrong; the only information it gives is NDOTS_COST (ndots:5 is kubelet's default).
 */
export function healthyObjects(): KubeObject[] {
    const web = service('web', { selector: { app: 'web' } });
    const db = service('db', { clusterIP: 'None', ports: [{ name: 'sql', port: 5432, targetPort: 5432 }], selector: { app: 'db' } });
    const sts = statefulSet('db', 'db', { app: 'db' });
    return [...backed(web, [pod('web-a'), pod('web-b')]), sts, ...backed(db, statefulSetPods(sts, 2))];
}

/** What `svcdig explain <name>` computes for Service `name` (in NS unless `ns`), with kubeadm's defaults unless `config`. */
export function explain(objects: KubeObject[] | ClusterSnapshot, name: string, o: { ns?: string; config?: DnsConfig } = {}): ServiceExplanation {
    const snapshot = Array.isArray(objects) ? snapshotOf(objects) : objects;
    const config = o.config ?? kubeadmDefaultDnsConfig();
    const ns = o.ns ?? NS;
    const svc = snapshot.services.find((s) => nsOf(s) === ns && s.metadata.name === name);
    if (!svc) throw new Error(`fixture has no Service ${ns}/${name}`);
    return explainService(snapshot, buildDnsIndex(snapshot, config), config, svc);
}

/** The cluster-wide findings `svcdig check` reports. */
export function cluster(objects: KubeObject[], config: DnsConfig = kubeadmDefaultDnsConfig()): Finding[] {
    return clusterFindings(snapshotOf(objects), config);
}

/** The DNS config a scenario's own Corefile gives. */
export function scenarioConfig(snapshot: ClusterSnapshot): DnsConfig {
    return dnsConfigFor(snapshot.corednsConfigMap?.data?.Corefile);
}

export function withCode(findings: Finding[], code: string): Finding[] {
    return findings.filter((f) => f.code === code);
}

/** The single finding of `code`; fails the test when there is none or more than one. */
export function only(findings: Finding[], code: string): Finding {
    const hits = withCode(findings, code);
    if (hits.length !== 1) throw new Error(`expected exactly one ${code}, got ${hits.length}: ${JSON.stringify(findings.map((f) => f.code))}`);
    return hits[0]!;
}
