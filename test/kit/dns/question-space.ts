/**
 * Every question a user can ask svcdig about one cluster, for the self-consistency test: each name the engine knows
 * (Service, headless, per-endpoint and StatefulSet names, dashed-IP pod names, `_port._proto` and bare SRV, PTR of
 * cluster IPs and endpoints, ExternalName, namespace-only and apex names) plus names that do not exist, typed
 * absolute and relative (as a pod in one namespace or another would type them).
 */
import { dashedIpName, ipToReverseName, searchCandidates, serviceDnsNames, type DnsIndex, type ResolvConf } from '../../../src/core/dns/index.js';
import { podIPs } from '../../../src/core/pods.js';
import { nsOf, type ClusterSnapshot } from '../../../src/core/snapshot.js';

export const ALL_TYPES = ['A', 'AAAA', 'SRV', 'PTR', 'CNAME', 'TXT', 'NS', 'SOA', 'ANY'] as const;
/** Types asked through the search list (each such query walks several candidates). */
export const RELATIVE_TYPES = ['A', 'AAAA', 'SRV', 'TXT'] as const;

export interface KnownName {
    /** Absolute, lower case, no trailing dot. */
    fqdn: string;
    /** The namespace the name lives in (for relative forms), if any. */
    namespace?: string;
}

/** Absolute names the cluster's DNS knows about, and names that do not exist. Deduplicated, in a stable order. */
export function knownNames(snapshot: ClusterSnapshot, index: DnsIndex): KnownName[] {
    const zone = index.primaryZone;
    const out = new Map<string, KnownName>();
    const add = (fqdn: string, namespace?: string) => {
        const k = fqdn.toLowerCase();
        if (!out.has(k)) out.set(k, { fqdn: k, ...(namespace ? { namespace } : {}) });
    };
    const namespaces = [...new Set(snapshot.services.map(nsOf))].sort();
    for (const svc of snapshot.services) {
        const ns = nsOf(svc);
        for (const n of serviceDnsNames(index, ns, svc.metadata.name))
            add(n.name, n.name.includes('.in-addr.arpa') || n.name.includes('.ip6.arpa') ? undefined : ns);
        // names that do not exist, next to ones that do
        add(`nosuch-${svc.metadata.name}.${ns}.svc.${zone}`, ns);
        add(`web-999.${svc.metadata.name}.${ns}.svc.${zone}`, ns);
        add(`_nosuch._tcp.${svc.metadata.name}.${ns}.svc.${zone}`, ns);
        for (const ip of svc.spec.clusterIPs ?? []) if (ip !== 'None') add(ipToReverseName(ip));
    }
    for (const pod of snapshot.pods) {
        const ns = nsOf(pod);
        for (const ip of podIPs(pod)) {
            add(`${dashedIpName(ip)}.${ns}.pod.${zone}`, ns);
            add(ipToReverseName(ip));
        }
    }
    for (const ns of namespaces) {
        add(`${ns}.svc.${zone}`, ns);
        add(`${ns}.pod.${zone}`, ns);
    }
    for (const n of [
        zone,
        `svc.${zone}`,
        `pod.${zone}`,
        `dns-version.${zone}`,
        `nosuch.${zone}`,
        `nosuch-ns.svc.${zone}`,
        'x.nosuch.example',
        ipToReverseName('10.255.255.254'),
    ])
        add(n);
    return [...out.values()];
}

/** The relative forms of a name a pod in `from` could type: cut before `.svc.<zone>`/`.pod.<zone>` and the namespace. */
export function relativeForms(name: KnownName, zone: string, from: string): string[] {
    const forms: string[] = [];
    for (const tree of ['svc', 'pod']) {
        const tail = `.${tree}.${zone}`;
        if (!name.fqdn.endsWith(tail) || !name.namespace) continue;
        const inTree = name.fqdn.slice(0, -tail.length); // x.ns
        forms.push(inTree, `${inTree}.${tree}`);
        const nsTail = `.${name.namespace}`;
        if (tree === 'svc' && from === name.namespace && inTree.endsWith(nsTail) && inTree.length > nsTail.length) forms.push(inTree.slice(0, -nsTail.length));
    }
    return forms;
}

export interface Question {
    name: string;
    type: string;
}

/** Queries as `--batch` lines. */
export function batchText(questions: Question[]): string {
    return questions.map((q) => `${q.name} ${q.type}`).join('\n') + '\n';
}

/** The candidates a relative question walks (the same function svcdig uses to build the search list). */
export function candidatesOf(q: Question, resolv: ResolvConf, stub: 'glibc' | 'musl'): string[] {
    return searchCandidates(q.name, resolv, stub).map((c) => c.toLowerCase());
}
