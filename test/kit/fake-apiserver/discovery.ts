/**
 * Discovery documents: legacy (/api, /apis, /api/v1, /apis/G/V) and aggregated discovery (apidiscovery.k8s.io
 * v2 and v2beta1), chosen by the Accept header the way kube-apiserver negotiates it (KEP-3352, kubernetes/enhancements
 * keps/sig-api-machinery/3352-aggregated-discovery: kubectl 1.27 asks for v2beta1 only, later ones v2 first; the
 * Content-Type must name the version sent; test/adapters/kube/kubectl-honesty.test.ts checks each kubectl).
 */
import { groupVersion, VERBS, type ResourceInfo } from './resources.js';

export type DiscoveryFlavour = { aggregated: 'v2' | 'v2beta1' } | { aggregated: null };

/** The first Accept entry the server can serve, in the client's order. */
export function negotiateDiscovery(accept: string | undefined, aggregatedEnabled: boolean): DiscoveryFlavour {
    for (const raw of (accept ?? 'application/json').split(',')) {
        const parts = raw.split(';').map((p) => p.trim());
        const media = parts[0];
        const params = Object.fromEntries(parts.slice(1).map((p) => p.split('=').map((x) => x.trim()) as [string, string]));
        if (media !== 'application/json' && media !== '*/*') continue;
        if (params.g === 'apidiscovery.k8s.io' && params.as === 'APIGroupDiscoveryList') {
            if (aggregatedEnabled && (params.v === 'v2' || params.v === 'v2beta1')) return { aggregated: params.v };
            continue;
        }
        if (params.as) continue;
        return { aggregated: null };
    }
    return { aggregated: null };
}

export function aggregatedContentType(v: 'v2' | 'v2beta1'): string {
    return `application/json;g=apidiscovery.k8s.io;v=${v};as=APIGroupDiscoveryList`;
}

function groupsOf(resources: ResourceInfo[]): Map<string, ResourceInfo[]> {
    const m = new Map<string, ResourceInfo[]>();
    for (const r of resources) {
        if (!r.group) continue;
        const list = m.get(r.group) ?? [];
        list.push(r);
        m.set(r.group, list);
    }
    return m;
}

function aggregatedResource(r: ResourceInfo) {
    return {
        resource: r.plural,
        responseKind: { group: r.group, version: r.version, kind: r.kind },
        scope: r.namespaced ? 'Namespaced' : 'Cluster',
        singularResource: r.singular,
        verbs: VERBS,
        ...(r.shortNames ? { shortNames: r.shortNames } : {}),
        ...(r.categories ? { categories: r.categories } : {}),
    };
}

/** /api (core) or /apis (named groups) as APIGroupDiscoveryList. */
export function aggregatedDiscovery(resources: ResourceInfo[], which: 'core' | 'groups', v: 'v2' | 'v2beta1'): unknown {
    const items =
        which === 'core'
            ? [
                  {
                      metadata: { creationTimestamp: null },
                      versions: [{ version: 'v1', resources: resources.filter((r) => !r.group).map(aggregatedResource), freshness: 'Current' }],
                  },
              ]
            : [...groupsOf(resources)].map(([group, rs]) => ({
                  metadata: { name: group, creationTimestamp: null },
                  versions: [{ version: rs[0]!.version, resources: rs.map(aggregatedResource), freshness: 'Current' }],
              }));
    return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${v}`, metadata: {}, items };
}

export function legacyApiVersions(serverAddress: string): unknown {
    return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

export function legacyGroupList(resources: ResourceInfo[]): unknown {
    return {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: [...groupsOf(resources)].map(([name, rs]) => {
            const gv = { groupVersion: groupVersion(rs[0]!), version: rs[0]!.version };
            return { name, versions: [gv], preferredVersion: gv };
        }),
    };
}

/** APIResourceList for one group version, or undefined when it is not served. */
export function legacyResourceList(resources: ResourceInfo[], gv: string): unknown {
    const rs = resources.filter((r) => groupVersion(r) === gv);
    if (!rs.length) return undefined;
    return {
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: gv,
        resources: rs.map((r) => ({
            name: r.plural,
            singularName: r.singular,
            namespaced: r.namespaced,
            kind: r.kind,
            verbs: VERBS,
            ...(r.shortNames ? { shortNames: r.shortNames } : {}),
            ...(r.categories ? { categories: r.categories } : {}),
        })),
    };
}
