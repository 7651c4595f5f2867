/**
 * Validation of names the user types, by the API server's own rules (apimachinery validation.go):
 * namespaces are DNS-1123 labels; Service names DNS-1035 labels (DNS-1123 labels with RelaxedServiceNameValidation).
 */
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function invalidNamespaceReason(name: string): string | null {
    if (name.length > 63) return 'must be no more than 63 characters';
    if (!DNS1123_LABEL.test(name)) return 'must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit';
    return null;
}

export function invalidServiceNameReason(name: string): string | null {
    if (name.length > 63) return 'must be no more than 63 characters';
    if (!DNS1123_LABEL.test(name)) return 'must be a DNS label: lower-case letters, digits and "-", starting with a letter and ending with a letter or digit';
    return null;
}

/** Pod names are DNS-1123 subdomains (apimachinery validation.go, ValidatePodName → NameIsDNSSubdomain). */
export function invalidPodNameReason(name: string): string | null {
    if (name.length > 253) return 'must be no more than 253 characters';
    if (!name.split('.').every((label) => DNS1123_LABEL.test(label)))
        return 'must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit';
    return null;
}

/** Query names: at most 255 octets on the wire, labels 1–63 octets. */
export function invalidQueryNameReason(name: string): string | null {
    const n = name.endsWith('.') ? name.slice(0, -1) : name;
    if (n.length === 0) return 'is empty';
    if (n.length > 253) return 'is longer than 253 characters';
    for (const label of n.split('.')) {
        if (label.length === 0) return 'has an empty label (two dots in a row)';
        if (label.length > 63) return `has a label longer than 63 characters ("${label.slice(0, 20)}…")`;
        if (/[\s\u0000-\u001f]/.test(label)) return 'contains white space or control characters';
    }
    return null;
}

/**
 * A cluster domain (`--zone`), by kubelet's rule for --cluster-domain: a DNS-1123 subdomain (lower-case labels of
 * letters, digits and "-", dot-separated, at most 253 characters); one trailing dot is allowed, case is ignored.
 */
export function invalidZoneReason(zone: string): string | null {
    const why = invalidQueryNameReason(zone);
    if (why) return why;
    const bad = zone
        .replace(/\.$/, '')
        .toLowerCase()
        .split('.')
        .find((label) => label.length > 63 || !DNS1123_LABEL.test(label));
    return bad === undefined ? null : `label "${bad}" is not a DNS-1123 label: letters, digits and "-", starting and ending with a letter or digit`;
}
