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

/** A label value or a label key's name part (apimachinery IsQualifiedName, IsValidLabelValue): at most 63, alphanumeric at both ends. */
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** A label key: an optional DNS-1123 subdomain prefix and "/", then a name part (apimachinery IsQualifiedName). */
export function invalidLabelKeyReason(key: string): string | null {
    const slash = key.lastIndexOf('/');
    const [prefix, name] = slash === -1 ? [null, key] : [key.slice(0, slash), key.slice(slash + 1)];
    if (prefix !== null && (prefix.length > 253 || !prefix.split('.').every((l) => DNS1123_LABEL.test(l))))
        return 'has a prefix that is not a DNS-1123 subdomain (lower-case, at most 253 characters)';
    if (name.length > 63) return 'has a name part longer than 63 characters';
    if (!LABEL_NAME.test(name)) return 'must be letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
    return null;
}

/** A label value: empty, or at most 63 characters of the key's name-part alphabet (apimachinery IsValidLabelValue). */
export function invalidLabelValueReason(value: string): string | null {
    if (value.length > 63) return 'is longer than 63 characters';
    if (value !== '' && !LABEL_NAME.test(value)) return 'must be letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
    return null;
}

/** A pod name: a DNS-1123 subdomain (apimachinery ValidatePodName, NameIsDNSSubdomain), at most 253 characters. */
export function invalidPodNameReason(name: string): string | null {
    if (name.length > 253) return 'must be no more than 253 characters';
    if (!name.split('.').every((label) => DNS1123_LABEL.test(label)))
        return 'must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit';
    return null;
}

/**
 * Query names: at most 255 octets on the wire, labels 1–63 octets, ASCII. A name typed with other characters is
 * refused rather than sent as UTF-8 bytes: Kubernetes names are ASCII (DNS-1123/1035 labels), and an
 * internationalized name is asked in its ASCII (punycode, xn--) form (RFC 5890/5891), which dig's +idnin computes.
 */
export function invalidQueryNameReason(name: string): string | null {
    const n = name.endsWith('.') ? name.slice(0, -1) : name;
    if (n.length === 0) return 'is empty';
    if (/[^\u0000-\u007f]/.test(n)) return 'holds non-ASCII characters: DNS names are ASCII (an internationalized name is asked in its xn-- form)';
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
