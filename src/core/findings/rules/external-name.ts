/**
 * Findings about ExternalName Services: what CoreDNS makes of the externalName value (kubernetes/dns
 * docs/specification.md §2.5; coredns/coredns plugin/kubernetes/kubernetes.go `findServices`).
 */
import type { ClusterSnapshot } from '../../snapshot.js';
import { effectiveEndpointSlices, namespaceExists, nsOf, SERVICE_NAME_LABEL } from '../../snapshot.js';
import type { DnsConfig } from '../../dns/dns-config.js';
import { serviceNamed } from '../../snapshot-lookups.js';
import { endpointHostname } from '../../dns/names.js';
import type { FindingRule } from '../rule.js';
import { defineRule, ref, servicesUnknown } from './util.js';

function isIPv4(s: string): boolean {
    const parts = s.split('.');
    return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/**
 * An externalName that is an IPv4 address. The API accepts it (digits make a valid DNS-1123 subdomain), but
 * CoreDNS adds only CNAME-type hosts and answers NXDOMAIN; maintainers call it working as intended
 * (test/core/dns-rules.test.ts case 26; coredns/coredns#2324, #2807, #2164). With a trailing dot
 * the value is a CNAME to a numeric name that no resolver will find either.
 */
export const externalNameIsIp = defineRule({
    code: 'EXTERNALNAME_IS_IP',
    severity: 'error',
    summary: 'An ExternalName Service points at an IP address: CoreDNS answers NXDOMAIN for it.',
    check: ({ explanation: x }) => {
        if (x.service.type !== 'ExternalName' || !x.service.externalName) return [];
        const raw = x.service.externalName;
        const trailing = raw.endsWith('.');
        const value = trailing ? raw.slice(0, -1) : raw;
        if (!isIPv4(value)) return [];
        const ns = x.service.namespace;
        return [
            {
                message: trailing
                    ? `ExternalName Service ${ns}/${x.service.name} points at "${raw}": CoreDNS answers a CNAME to a numeric name that does not resolve`
                    : `ExternalName Service ${ns}/${x.service.name} points at the IP ${value}: CoreDNS answers NXDOMAIN (ExternalName must be a host name)`,
                fix: `use a Service without a selector (drop type ExternalName) plus an EndpointSlice labelled kubernetes.io/service-name: ${x.service.name} with address ${value}`,
                objects: [ref('Service', ns, x.service.name)],
            },
        ];
    },
});

/**
 * Why an in-zone name does not exist in the cluster DNS, or null when it does (or svcdig cannot tell). Follows
 * the query grammar (coredns/coredns plugin/kubernetes/parse.go `parseRequest`): `<svc>.<ns>.svc`,
 * `<ep>.<svc>.<ns>.svc`, `<port>.<proto>.<svc>.<ns>.svc`, `…pod`; anything else under the zone is NXDOMAIN.
 */
function missingInCluster(snapshot: ClusterSnapshot, config: DnsConfig, labels: string[]): string | null {
    const kind = labels.at(-1);
    if (labels.length === 0) return null;
    if (kind === 'pod') return config.podsMode === 'disabled' ? 'pod records are disabled in the Corefile (pods disabled)' : null;
    if (kind !== 'svc') return `"${labels.join('.')}" is not a svc or pod name`;
    if (labels.length < 3) return null;
    if (labels.length > 5) return 'the name has too many labels for the svc grammar';
    const ns = labels.at(-2)!;
    const svcName = labels.at(-3)!;
    if (config.namespaces.length > 0 && !config.namespaces.includes(ns)) return `namespace ${ns} is not exposed by the Corefile (namespaces option)`;
    if (!namespaceExists(snapshot, ns)) return `namespace ${ns} does not exist`;
    if (servicesUnknown(snapshot, ns)) return null;
    const svc = serviceNamed(snapshot, ns, svcName);
    if (!svc) return `no Service ${svcName} exists in ${ns}`;
    if (labels.length === 4) {
        const ep = labels[0]!;
        const names = new Set<string>();
        for (const slice of effectiveEndpointSlices(snapshot)) {
            if (nsOf(slice) !== ns || slice.metadata.labels?.[SERVICE_NAME_LABEL] !== svcName) continue;
            for (const e of slice.endpoints ?? []) {
                if (e.conditions?.ready === false) continue;
                for (const a of e.addresses) names.add(endpointHostname(e, config, a));
            }
        }
        if (!names.has(ep)) return `Service ${ns}/${svcName} has no ready endpoint named ${ep}`;
    }
    return null;
}

/**
 * An externalName inside a cluster zone whose target does not exist: CoreDNS resolves in-zone targets itself and
 * the client gets the CNAME with no address (NODATA, coredns/coredns#6088; test/core/dns-rules.test.ts case 27).
 */
export const externalNameInClusterMissing = defineRule({
    code: 'EXTERNALNAME_IN_CLUSTER_MISSING',
    severity: 'error',
    summary: 'An ExternalName Service points at a name inside the cluster domain that does not exist: clients get a CNAME and no address (NODATA).',
    check: ({ snapshot, config, explanation: x }) => {
        if (x.service.type !== 'ExternalName' || !x.service.externalName) return [];
        const target = x.service.externalName.toLowerCase().replace(/\.$/, '');
        const zone = config.zones.find((z) => target === z || target.endsWith(`.${z}`));
        if (!zone) return [];
        const labels = target === zone ? [] : target.slice(0, -(zone.length + 1)).split('.');
        const why = missingInCluster(snapshot, config, labels);
        if (!why) return [];
        const ns = x.service.namespace;
        return [
            {
                message: `ExternalName Service ${ns}/${x.service.name} points at ${target}, inside the cluster zone ${zone}, but ${why}: clients get a CNAME and no address (NODATA)`,
                fix: `create the target or correct externalName (in-cluster names are <service>.<namespace>.svc.${zone})`,
                objects: [ref('Service', ns, x.service.name)],
            },
        ];
    },
});

export const EXTERNAL_NAME_RULES: FindingRule[] = [externalNameIsIp, externalNameInClusterMissing];
