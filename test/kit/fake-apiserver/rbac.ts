/**
 * RBAC for the fake API server: the rules a set of Role/ClusterRole objects grant a subject through its
 * RoleBindings/ClusterRoleBindings (parsed from manifests such as deploy/rbac.yaml), and the authorizer the server
 * asks for every resource request. As the real RBAC authorizer: additive rules only, `*` wildcards, resourceNames
 * limit get (and the streaming creates) to named objects and never allow list/watch, a RoleBinding grants a
 * ClusterRole's or Role's rules in its own namespace only, and subresources are "pods/exec", "pods/portforward".
 * Non-resource requests (discovery, /version, /healthz) are allowed, as system:discovery allows them to everyone.
 */
export interface PolicyRule {
    apiGroups: string[];
    resources: string[];
    verbs: string[];
    resourceNames?: string[];
}

/** A rule as granted: everywhere (ClusterRoleBinding) or in one namespace (RoleBinding). */
export interface GrantedRule extends PolicyRule {
    /** undefined = cluster-wide. */
    namespace?: string;
    /** Where it came from, for messages: "ClusterRole/svcdig-read". */
    from: string;
}

export interface Subject {
    kind: 'ServiceAccount' | 'User' | 'Group';
    name: string;
    namespace?: string;
}

/** What the server checks: group '' = core; resource "pods" or "pods/exec"; namespace null = cluster scope. */
export interface Access {
    verb: string;
    group: string;
    resource: string;
    namespace: string | null;
    name?: string;
}

type Manifest = {
    kind?: string;
    metadata?: { name?: string; namespace?: string };
    rules?: PolicyRule[];
    roleRef?: { kind: string; name: string };
    subjects?: Subject[];
};

/** The rules bound to `subject` by the bindings among `docs` (other kinds are ignored). */
export function grantedRules(docs: unknown[], subject: Subject): GrantedRule[] {
    const ms = docs.filter((d): d is Manifest => typeof d === 'object' && d !== null);
    const role = (kind: string, name: string, ns?: string) =>
        ms.find((m) => m.kind === kind && m.metadata?.name === name && (kind === 'ClusterRole' || m.metadata?.namespace === ns));
    const bound = (b: Manifest) =>
        (b.subjects ?? []).some(
            (s) =>
                s.kind === subject.kind &&
                s.name === subject.name &&
                (s.kind !== 'ServiceAccount' || (s.namespace ?? b.metadata?.namespace) === subject.namespace),
        );
    const out: GrantedRule[] = [];
    for (const b of ms.filter((m) => (m.kind === 'ClusterRoleBinding' || m.kind === 'RoleBinding') && bound(m))) {
        const ref = b.roleRef!;
        const ns = b.kind === 'RoleBinding' ? b.metadata?.namespace : undefined;
        if (b.kind === 'ClusterRoleBinding' && ref.kind !== 'ClusterRole') throw new Error(`ClusterRoleBinding ${b.metadata?.name} refers to a ${ref.kind}`);
        const r = role(ref.kind, ref.name, ns);
        if (!r) throw new Error(`${b.kind} ${b.metadata?.name} refers to ${ref.kind} ${ref.name}, which is not in the manifests`);
        for (const rule of r.rules ?? []) out.push({ ...rule, ...(ns !== undefined ? { namespace: ns } : {}), from: `${ref.kind}/${ref.name}` });
    }
    return out;
}

const has = (list: string[] | undefined, v: string) => (list ?? []).includes('*') || (list ?? []).includes(v);

export function ruleAllows(rule: GrantedRule, a: Access): boolean {
    if (rule.namespace !== undefined && rule.namespace !== a.namespace) return false;
    if (!has(rule.apiGroups, a.group) || !has(rule.resources, a.resource) || !has(rule.verbs, a.verb)) return false;
    if (rule.resourceNames && rule.resourceNames.length > 0)
        return a.name !== undefined && rule.resourceNames.includes(a.name) && a.verb !== 'list' && a.verb !== 'watch';
    return true;
}

export function allows(rules: GrantedRule[], a: Access): boolean {
    return rules.some((r) => ruleAllows(r, a));
}
