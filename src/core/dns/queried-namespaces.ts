import type { DnsConfig } from './dns-config.js';
import { inZone, isReverseName, trimDot } from './names.js';
import { parseRequest } from './records.js';

/**
 * The namespaces whose Services, EndpointSlices and Pods decide the answers to these names, so a live `resolve`
 * reads those namespaces instead of the whole cluster. `all` when an answer can come from anywhere: a reverse (PTR)
 * name, since any Service or endpoint may own the address. Names outside the cluster zones need none (CoreDNS
 * forwards them); zone apex names (NS, SOA) need only kube-system, which every read includes.
 */
export function queriedNamespaces(names: string[], config: Pick<DnsConfig, 'zones'>): Set<string> | 'all' {
    const out = new Set<string>();
    for (const raw of names) {
        const name = trimDot(raw).toLowerCase();
        if (isReverseName(name)) return 'all';
        const zone = config.zones.filter((z) => inZone(name, z)).sort((a, b) => b.length - a.length)[0];
        if (zone === undefined) continue;
        const req = parseRequest(name, zone);
        if ('parsed' in req && req.parsed.namespace) out.add(req.parsed.namespace);
    }
    return out;
}
