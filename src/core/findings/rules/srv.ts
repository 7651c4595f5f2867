/**
 * Findings about SRV records and headless-only settings: unnamed ports, port names that do not make good SRV
 * labels, headless Services without ports or with session affinity.
 */
import { effectiveEndpointSlices, nsOf, SERVICE_NAME_LABEL } from '../../snapshot.js';
import type { FindingRule } from '../rule.js';
import { defineRule, primaryZone, ref } from './util.js';

/**
 * Ports without a name get no `_<port>._<proto>` SRV record: the Kubernetes DNS spec (kubernetes/dns
 * docs/specification.md §2.3.2/§2.4.2) says "Unnamed ports do not have an SRV record"; CoreDNS lists them only under
 * its bare-name SRV extension (coredns/coredns plugin/kubernetes/kubernetes.go `findServices`;
 * kubernetes/kubernetes#50083). The API requires names on multi-port Services, so this is mostly the single unnamed
 * port.
 */
export const unnamedPortsNoSrv = defineRule({
    code: 'UNNAMED_PORTS_NO_SRV',
    severity: 'info',
    summary: "A Service port has no name, so it has no _port._proto SRV record (only CoreDNS's bare-name SRV lists it).",
    check: (input) => {
        const x = input.explanation;
        if (x.service.type === 'ExternalName') return [];
        const unnamed = x.ports.filter((p) => !p.name);
        if (unnamed.length === 0) return [];
        const ns = x.service.namespace;
        const fqdn = `${x.service.name}.${ns}.svc.${primaryZone(input)}`;
        const list = unnamed.map((p) => `${p.port}/${p.protocol}`).join(', ');
        return [
            {
                message: `Service ${ns}/${x.service.name} port ${list} ${unnamed.length === 1 ? 'has' : 'have'} no name: no _<name>._${(unnamed[0]?.protocol ?? 'tcp').toLowerCase()}.${fqdn} SRV record; only CoreDNS's SRV query on ${fqdn} lists ${unnamed.length === 1 ? 'it' : 'them'}`,
                fix: 'give the port a name (for example name: http) if clients discover it by SRV',
                objects: [ref('Service', ns, x.service.name)],
            },
        ];
    },
});

/**
 * RFC 6335 service name = the API's IANA_SVC_NAME (kubernetes/apimachinery pkg/util/validation/validation.go
 * `IsValidPortName`).
 */
function ianaServiceNameProblem(name: string): string | null {
    if (name.length > 15) return `is ${name.length} characters (an RFC 6335 service name has at most 15)`;
    if (!/[a-z]/.test(name)) return 'has no letter (an RFC 6335 service name needs one)';
    if (name.includes('--')) return 'contains "--" (not allowed in an RFC 6335 service name)';
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) return 'is not lower-case letters, digits and single inner hyphens';
    return null;
}

/**
 * Service port names are DNS-1123 labels (up to 63 characters, may be all digits), not IANA_SVC_NAMEs
 * (kubernetes/kubernetes pkg/apis/core/validation/validation.go). The SRV owner label is `_<name>`, one octet longer: a
 * 63-character name makes a 64-octet label no query can carry (RFC 1035 §2.3.4: labels are 63 octets or less). Names
 * that are valid labels but not RFC 6335 service names (over 15 characters, no letter, "--") are answered by CoreDNS,
 * but the same string is rejected as a targetPort or containerPort name and by SRV client libraries that validate
 * service names.
 */
export const portNameNotSrvLabel = defineRule({
    code: 'PORT_NAME_NOT_SRV_LABEL',
    severity: 'warning',
    summary: 'A port name is not a valid RFC 6335 service name (over 15 characters, no letter, "--") or is too long for an SRV label.',
    check: ({ explanation: x }) => {
        if (x.service.type === 'ExternalName') return [];
        const ns = x.service.namespace;
        return x.ports.flatMap((p) => {
            if (!p.name) return [];
            const problem =
                p.name.length + 1 > 63
                    ? `makes the SRV label "_${p.name}" ${p.name.length + 1} octets, over the 63 a DNS label allows: its _${p.name.slice(0, 8)}…._${p.protocol.toLowerCase()} name cannot be queried`
                    : ianaServiceNameProblem(p.name);
            if (!problem) return [];
            return [
                {
                    message: `Service ${ns}/${x.service.name} port name "${p.name}" (${p.port}/${p.protocol}) ${problem}`,
                    fix: 'rename the port to at most 15 lower-case letters, digits and single hyphens with at least one letter (for example http-metrics), and update SRV clients',
                    objects: [ref('Service', ns, x.service.name)],
                },
            ];
        });
    },
});

/**
 * A headless Service without ports gets no SRV record at all. CoreDNS still answers its A/AAAA (a port-less
 * slice gets the sentinel port −1, coredns/coredns plugin/kubernetes/object/endpoint.go), but kube-dns gave nothing and
 * port-based tools have nothing to use (kubernetes/kubernetes#32766; kubernetes/dns#174). A selector-less Service whose
 * hand-made slices carry ports does get SRV records from the slices (CoreDNS reads the slices' ports), so it is not
 * flagged.
 */
export const headlessNoPorts = defineRule({
    code: 'HEADLESS_NO_PORTS',
    severity: 'warning',
    summary: 'A headless Service has no ports: no SRV records, and older DNS servers and port-forward tools give nothing.',
    check: ({ snapshot, explanation: x }) => {
        if (!x.service.headless || x.ports.length > 0) return [];
        const ns = x.service.namespace;
        if (!x.service.selector) {
            const slicePorts = effectiveEndpointSlices(snapshot)
                .filter((s) => nsOf(s) === ns && s.metadata.labels?.[SERVICE_NAME_LABEL] === x.service.name)
                .flatMap((s) => s.ports ?? []);
            if (slicePorts.length > 0) return [];
        }
        return [
            {
                message: `headless Service ${ns}/${x.service.name} has no ports: no SRV records; CoreDNS still answers A/AAAA, older kube-dns answered nothing`,
                fix: 'add the port(s) the pods serve to spec.ports, with names, so SRV records exist',
                objects: [ref('Service', ns, x.service.name)],
            },
        ];
    },
});

/**
 * sessionAffinity: ClientIP is implemented by kube-proxy on the Service's virtual IP; a headless Service has no
 * virtual IP and is not proxied, so clients talk to pod IPs from DNS directly and the setting does nothing
 * (https://kubernetes.io/docs/concepts/services-networking/service/#headless-services; the name answers pod IPs,
 * kubernetes/dns docs/specification.md §2.4.1). Inference.
 */
export const headlessSessionAffinity = defineRule({
    code: 'HEADLESS_SESSION_AFFINITY',
    severity: 'warning',
    summary: 'A headless Service sets sessionAffinity: ClientIP, which has no effect without a ClusterIP.',
    check: ({ explanation: x }) => {
        if (!x.service.headless || x.service.sessionAffinity !== 'ClientIP') return [];
        const ns = x.service.namespace;
        return [
            {
                message: `headless Service ${ns}/${x.service.name} sets sessionAffinity: ClientIP, which has no effect: there is no ClusterIP for kube-proxy to pin, clients connect to pod IPs from DNS`,
                fix: 'remove sessionAffinity, or give the Service a ClusterIP if sticky connections are needed (or make the client stick to one DNS answer)',
                objects: [ref('Service', ns, x.service.name)],
            },
        ];
    },
});

export const SRV_RULES: FindingRule[] = [unnamedPortsNoSrv, portNameNotSrvLabel, headlessNoPorts, headlessSessionAffinity];
