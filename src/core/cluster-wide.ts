/**
 * What `check -A` needs to know about the whole cluster while it holds one namespace at a time: gathered in one
 * pass over every pod and EndpointSlice, page by page, keeping only what later namespaces cannot supply:
 * - pods: the highest ndots (NDOTS_COST is about every client), the pods that predate default/kubernetes (whose
 *   variables every pod gets), and the pods whose hostname/subdomain names no Service (POD_SUBDOMAIN_NO_SERVICE);
 * - EndpointSlices: the addresses that are endpoints in more than one namespace, whose PTR names one target per
 *   owning Service wherever it lives (coredns/coredns plugin/kubernetes/reverse.go), so the slices holding them are
 *   added to every namespace's snapshot.
 * Everything else a Service's explanation reads is in its own namespace, or in the Services, Namespaces and
 * StatefulSets, which are read whole (they are a small part of a cluster).
 */
import type { Finding } from './findings/finding.js';
import { clusterFindings } from './findings/catalogue.js';
import { startedAt } from './findings/rules/env.js';
import { highestNdots, ndotsOrDefault } from './findings/rules/ndots.js';
import type { DnsConfig } from './dns/dns-config.js';
import type { EndpointSlice, Endpoints, Pod, Service } from './k8s.js';
import { nsOf, SERVICE_NAME_LABEL, type ClusterSnapshot, type ClusterWideFacts, type MissingFact } from './snapshot.js';
import { serviceNamed } from './snapshot-lookups.js';
import { AddressTable } from './address-table.js';

/** What `check -A` holds of the whole cluster while it goes namespace by namespace (live: adapters/kube/namespace-reader.ts; files: adapters/files/file-objects.ts). */
export interface ClusterScope {
    /** Every Service, Namespace and StatefulSet, kube-system/coredns and kube-system's CoreDNS pods; no other pod or slice. */
    base: ClusterSnapshot;
    pods: PodScan;
    /** EndpointSlices, from any namespace, holding an address that is an endpoint in more than one namespace. */
    sharedSlices: EndpointSlice[];
}

/** One namespace's pods and EndpointSlices, and what could not be read of them. */
export interface NamespaceObjects {
    pods: Pod[];
    endpointSlices: EndpointSlice[];
    /** Legacy Endpoints (files; a live cluster that serves EndpointSlices is read without them). */
    endpoints?: Endpoints[];
    missing: MissingFact[];
}

export class PodScan {
    private highest = -1;
    private early: Pod[] = [];
    private subdomainless: Pod[] = [];
    private readonly apiServiceCreated: number;

    /** `base`: the snapshot with every Service and StatefulSet. */
    constructor(private readonly base: ClusterSnapshot) {
        const created = serviceNamed(base, 'default', 'kubernetes')?.metadata.creationTimestamp;
        this.apiServiceCreated = created ? Date.parse(created) : NaN;
    }

    add(pods: Pod[]): void {
        this.highest = highestNdots(pods, this.highest);
        for (const pod of pods) {
            const at = startedAt(pod);
            if (at && Date.parse(at) < this.apiServiceCreated) this.early.push(pod);
            const { hostname, subdomain } = pod.spec;
            if (hostname && subdomain && !serviceNamed(this.base, nsOf(pod), subdomain)) this.subdomainless.push(pod);
        }
    }

    /** The list restarted (410): forget what the first attempt gave. */
    reset(): void {
        this.highest = -1;
        this.early = [];
        this.subdomainless = [];
    }

    facts(): ClusterWideFacts {
        return { ndots: ndotsOrDefault(this.highest), podsBeforeApiService: this.early };
    }

    /**
     * The cluster findings (core/findings/catalogue.ts clusterFindings) of the whole cluster: its rules see every
     * StatefulSet and Service, and of the pods those that name a subdomain without a Service, the only ones a rule
     * about pods can report.
     */
    clusterFindings(config: DnsConfig): Finding[] {
        return clusterFindings({ ...this.base, pods: this.subdomainless }, config);
    }
}

/** Addresses of labelled EndpointSlices that appear in more than one namespace. */
export class SharedEndpointIps {
    /** Each address → the first namespace it was seen in (compact: one entry per endpoint address of the cluster). */
    private readonly firstNamespace = new AddressTable();
    private readonly namespaceIds = new Map<string, number>();
    readonly shared = new Set<string>();

    add(slices: EndpointSlice[]): void {
        for (const slice of slices) {
            if (!slice.metadata.labels?.[SERVICE_NAME_LABEL]) continue;
            const ns = nsOf(slice);
            let id = this.namespaceIds.get(ns);
            if (id === undefined) this.namespaceIds.set(ns, (id = this.namespaceIds.size));
            for (const ep of slice.endpoints ?? []) {
                for (const ip of ep.addresses) {
                    const first = this.firstNamespace.get(ip);
                    if (first === undefined) this.firstNamespace.set(ip, id);
                    else if (first !== id) this.shared.add(ip);
                }
            }
        }
    }

    reset(): void {
        this.firstNamespace.clear();
        this.namespaceIds.clear();
        this.shared.clear();
    }

    /** The slices among `slices` that hold a shared address. */
    holders(slices: EndpointSlice[]): EndpointSlice[] {
        return slices.filter(
            (s) => !!s.metadata.labels?.[SERVICE_NAME_LABEL] && (s.endpoints ?? []).some((e) => e.addresses.some((ip) => this.shared.has(ip))),
        );
    }
}

/**
 * True when an ExternalName Service names an endpoint under a Service of another namespace
 * (`<ep>.<svc>.<other-ns>.svc.<zone>`): its findings read that namespace's EndpointSlices
 * (findings/rules/external-name.ts), so such a cluster is read whole.
 */
export function readsOtherNamespaces(services: Service[]): boolean {
    return services.some((s) => {
        if (s.spec.type !== 'ExternalName' || !s.spec.externalName) return false;
        const labels = s.spec.externalName.toLowerCase().replace(/\.$/, '').split('.');
        return labels.some((l, i) => l === 'svc' && i >= 2 && labels[i - 1] !== nsOf(s));
    });
}
