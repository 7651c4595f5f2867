import type { Service } from '../k8s.js';
import { nsOf } from '../snapshot.js';
import { isExternalName, isHeadless, namespaceExposed, serviceClusterIps, svcKey, type DnsIndex, type DnsSlice } from './dns-index.js';
import { ipFamily } from './ip.js';
import { dashedIpName, isReverseName } from './names.js';

/**
 * The kubernetes plugin's backend: `Records`, `findServices`, `findPods` and `parseRequest` (coredns/coredns
 * plugin/kubernetes/kubernetes.go, parse.go). It turns a name into "services" (msg.Service: a host that is an IP or a
 * CNAME target, a port, and the key naming the record) or a name error. Record building (A/AAAA/SRV…) is in answers.ts.
 */

/**
 * One backend entry (coredns/coredns plugin/etcd/msg/service.go `Service`). `labels` + the query-case zone form the
 * SRV/NS target name.
 */
export interface BackendEntry {
    host: string;
    port: number;
    ttl: number;
    labels: string[];
}

export interface BackendResult {
    entries: BackendEntry[];
    /**
     * A name error (NXDOMAIN unless fallthrough): errNoItems, errNsNotExposed or errInvalidRequest (kubernetes.go
     * `IsNameError`).
     */
    nameError: boolean;
    because: string[];
}

/** What parseRequest reads from a name (coredns/coredns plugin/kubernetes/parse.go). */
export interface ParsedName {
    podOrSvc: '' | 'svc' | 'pod';
    namespace: string;
    service: string;
    endpoint: string;
    port: string;
    protocol: string;
}

export interface LookupZone {
    /** The matched zone, lower case. */
    zone: string;
    /** The zone as spelled in the query (CoreDNS keeps the query's case for the zone). */
    zoneQ: string;
}

const ok = (entries: BackendEntry[], because: string[]): BackendResult => ({ entries, nameError: false, because });
const nxdomain = (because: string[]): BackendResult => ({ entries: [], nameError: true, because });

const stripUnderscore = (s: string) => (s.startsWith('_') ? s.slice(1) : s);

/**
 * `parseRequest` (plugin/kubernetes/parse.go): the labels left of the zone, read right to left. `null` =
 * errInvalidRequest, with the reason.
 */
export function parseRequest(lowerName: string, zone: string): { parsed: ParsedName } | { invalid: string } {
    const base = lowerName === zone ? '' : lowerName.slice(0, lowerName.length - zone.length - 1);
    const empty: ParsedName = { podOrSvc: '', namespace: '', service: '', endpoint: '', port: '', protocol: '' };
    if (base === '' || base === 'svc' || base === 'pod') return { parsed: empty };
    const segs = base.split('.');
    let last = segs.length - 1;
    const kind = segs[last]!;
    if (kind !== 'svc' && kind !== 'pod') {
        return {
            invalid: `"${kind}" is neither svc nor pod: names in ${zone} are <service>.<namespace>.svc.${zone} or <ip-with-dashes>.<namespace>.pod.${zone}`,
        };
    }
    const r: ParsedName = { ...empty, podOrSvc: kind };
    if (--last < 0) return { parsed: r };
    r.namespace = segs[last]!;
    if (--last < 0) return { parsed: r };
    r.service = segs[last]!;
    if (--last < 0) return { parsed: r };
    if (last === 0) {
        r.endpoint = segs[0]!;
    } else if (last === 1) {
        r.protocol = stripUnderscore(segs[1]!);
        r.port = stripUnderscore(segs[0]!);
    } else {
        return {
            invalid: `${last + 1} labels (${segs.slice(0, last + 1).join('.')}) in front of the Service name: CoreDNS reads at most <endpoint> or <port>.<protocol> there`,
        };
    }
    return { parsed: r };
}

const match = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const matchPortAndProtocol = (qPort: string, port: string, qProto: string, proto: string) =>
    (qPort === '' || match(qPort, port)) && (qProto === '' || match(qProto, proto));

/** `Records`: parse, then namespace exposure, then pods or services. */
export function records(index: DnsIndex, lowerName: string, z: LookupZone): BackendResult {
    const p = parseRequest(lowerName, z.zone);
    if ('invalid' in p) return nxdomain([p.invalid]);
    const r = p.parsed;
    if (r.podOrSvc === '') return ok([], [`${lowerName} is an existing, empty name of the zone (no records of its own)`]);
    if (isReverseName(lowerName)) return nxdomain([`${lowerName} is a reverse name: only PTR lookups are answered there`]);
    if (!namespaceExposed(index, r.namespace)) return nxdomain([namespaceMissing(index, r.namespace)]);
    return r.podOrSvc === 'pod' ? findPods(index, r, z) : findServices(index, r, z);
}

function namespaceMissing(index: DnsIndex, ns: string): string {
    if (index.config.namespaces.length > 0 && !index.config.namespaces.includes(ns)) {
        return `namespace ${ns} is not in the Corefile's namespaces list (${index.config.namespaces.join(' ')}), so its names do not exist`;
    }
    return `namespace ${ns} does not exist`;
}

/**
 * `findPods` (coredns/coredns plugin/kubernetes/kubernetes.go; the `pods` option in its README): pod records by pods
 * mode.
 */
function findPods(index: DnsIndex, r: ParsedName, z: LookupZone): BackendResult {
    const mode = index.config.podsMode;
    if (mode === 'disabled') return nxdomain(['pod records are off (pods disabled, the plugin default), so *.pod names do not exist']);
    if (r.service === '') return ok([], [`namespace ${r.namespace} exists: ${r.namespace}.pod.${z.zone} is an empty name (NODATA)`]);
    const label = r.service;
    const ip = label.split('-').length - 1 === 3 && !label.includes('--') ? label.replaceAll('-', '.') : label.replaceAll('-', ':');
    const labels = [label, r.namespace, 'pod'];
    if (mode === 'insecure') {
        if (ipFamily(ip) === 0) return nxdomain([`${label} is not an IP address written with dashes, so the pod name does not exist`]);
        return ok(
            [{ host: ip, port: 0, ttl: index.config.ttl, labels }],
            [`pods insecure: any IP-shaped name in an existing namespace answers with that IP (${ip}); no pod is checked`],
        );
    }
    const pods = (index.podsByIp.get(ip) ?? []).filter((p) => match(nsOf(p), r.namespace));
    if (pods.length === 0) {
        return nxdomain([
            `pods verified: no live pod in namespace ${r.namespace} has status.podIP ${ip} (only primary pod IPs of pods not being deleted count)`,
        ]);
    }
    return ok(
        pods.map(() => ({ host: ip, port: 0, ttl: index.config.ttl, labels })),
        [`pods verified: pod ${pods.map((p) => p.metadata.name).join(', ')} in ${r.namespace} has IP ${ip}`],
    );
}

/**
 * Ready addresses of a Service's slices (CoreDNS reads every slice with its service-name label,
 * plugin/kubernetes/object/endpoint.go).
 */
function slicesOf(index: DnsIndex, svc: Service): DnsSlice[] {
    return index.slices.get(svcKey(nsOf(svc), svc.metadata.name)) ?? [];
}

function readyCount(slices: DnsSlice[]): number {
    return slices.reduce((n, s) => n + s.ready.length, 0);
}

function leftOutReasons(slices: DnsSlice[], limit = 6): string[] {
    const out = slices.flatMap((s) => s.endpoints.filter((e) => !e.inDns).map((e) => e.why));
    return out.length > limit ? [...out.slice(0, limit), `… and ${out.length - limit} more endpoints left out`] : out;
}

function portList(svcPorts: { name: string; protocol: string; port: number }[]): string {
    const named = svcPorts.filter((p) => p.port !== -1);
    if (named.length === 0) return 'it has no ports';
    return `its ports are ${named.map((p) => `${p.name || '(unnamed)'}/${(p.protocol || '?').toLowerCase()} ${p.port}`).join(', ')}`;
}

/**
 * `findServices` (coredns/coredns plugin/kubernetes/kubernetes.go): ExternalName, headless/endpoint and ClusterIP
 * branches, with the `ignore empty_service` and `noendpoints` options (plugin/kubernetes/README.md).
 */
function findServices(index: DnsIndex, r: ParsedName, z: LookupZone): BackendResult {
    if (r.service === '') return ok([], [`namespace ${r.namespace} exists: ${r.namespace}.svc.${z.zone} is an empty name (NODATA)`]);
    const list = index.services.get(svcKey(r.namespace, r.service)) ?? [];
    if (list.length === 0) {
        const elsewhere = (index.serviceNamespaces.get(r.service) ?? []).filter((n) => n !== r.namespace);
        const hint = elsewhere.length > 0 ? ` (a Service ${r.service} exists in namespace ${elsewhere.slice(0, 3).join(', ')})` : '';
        return nxdomain([`no Service ${r.service} in namespace ${r.namespace}${hint}`]);
    }
    const entries: BackendEntry[] = [];
    const because: string[] = [];
    let found = false;
    for (const svc of list) {
        const slices = slicesOf(index, svc);
        const external = isExternalName(svc);
        const headless = isHeadless(svc);
        if (index.config.ignoreEmptyService && !external && !headless && readyCount(slices) === 0) {
            because.push(`ignore empty_service: ${svc.metadata.name} has no ready endpoints, so CoreDNS hides it (NXDOMAIN)`);
            continue;
        }
        const branch = external
            ? externalNameEntries(index, svc, r)
            : headless || r.endpoint
              ? endpointEntries(index, svc, r, slices, headless)
              : clusterIpEntries(index, svc, r);
        entries.push(...branch.entries);
        because.push(...branch.because);
        found ||= branch.found;
    }
    return found ? ok(entries, because) : nxdomain(because);
}

type Branch = { found: boolean; entries: BackendEntry[]; because: string[] };

/** An ExternalName Service: a CNAME to its target, unless the target is an IP or missing (then nothing). */
function externalNameEntries(index: DnsIndex, svc: Service, r: ParsedName): Branch {
    const name = svc.metadata.name;
    if (r.endpoint || r.port || r.protocol)
        return { found: false, entries: [], because: [`${name} is an ExternalName Service: it has no endpoint or port names under it`] };
    const target = svc.spec.externalName ?? '';
    // Go's net.ParseIP decides: `1.2.3.4` is an IP (no CNAME), `1.2.3.4.` with its dot is a name
    if (ipFamily(target) !== 0 || target === '') {
        const why =
            target === ''
                ? `${name} is an ExternalName Service without externalName`
                : `externalName ${target} looks like an IP address: CoreDNS only serves names as CNAME targets, so ${name} does not exist (coredns#2324)`;
        return { found: false, entries: [], because: [why] };
    }
    const entry = { host: target, port: 0, ttl: index.config.ttl, labels: [name, nsOf(svc), 'svc'] };
    return { found: true, entries: [entry], because: [`${name} is an ExternalName Service: its name is a CNAME to ${target.replace(/\.$/, '')}`] };
}

/** A headless Service, or an endpoint name under any Service: one entry per ready address and matching port. */
function endpointEntries(index: DnsIndex, svc: Service, r: ParsedName, slices: DnsSlice[], headless: boolean): Branch {
    const entries: BackendEntry[] = [];
    for (const slice of slices) {
        for (const addr of slice.ready) {
            if (r.endpoint && !match(r.endpoint, addr.host)) continue;
            for (const p of slice.ports) {
                if (!matchPortAndProtocol(r.port, p.name, r.protocol, p.protocol)) continue;
                entries.push({ host: addr.ip, port: p.port, ttl: index.config.ttl, labels: [addr.host, svc.metadata.name, nsOf(svc), 'svc'] });
            }
        }
    }
    return { found: entries.length > 0, entries, because: describeEndpointLookup(index, svc, r, slices, headless, entries.length) };
}

/** A ClusterIP (or NodePort, LoadBalancer) Service: its cluster IPs, for each port that matches. */
function clusterIpEntries(index: DnsIndex, svc: Service, r: ParsedName): Branch {
    const name = svc.metadata.name;
    const ports = (svc.spec.ports ?? []).map((p) => ({ name: p.name ?? '', protocol: p.protocol ?? 'TCP', port: p.port }));
    const svcPorts = ports.length > 0 ? ports : [{ name: '', protocol: '', port: -1 }];
    const ips = serviceClusterIps(svc);
    const entries: BackendEntry[] = [];
    let portHit = false;
    for (const p of svcPorts) {
        if (!matchPortAndProtocol(r.port, p.name, r.protocol, p.protocol)) continue;
        portHit = true;
        for (const ip of ips) entries.push({ host: ip, port: p.port, ttl: index.config.ttl, labels: [name, nsOf(svc), 'svc'] });
    }
    const because = !portHit
        ? `Service ${name} has no port named ${r.port || '*'} with protocol ${r.protocol || '*'} (${portList(svcPorts)})`
        : r.port || r.protocol
          ? `${name} has a port ${r.port} with protocol ${r.protocol}: answered with the cluster IP`
          : `${name} is a ${svc.spec.type ?? 'ClusterIP'} Service: its name answers with its cluster IP(s) ${ips.join(', ')}, whatever its endpoints`;
    return { found: portHit, entries, because: [because] };
}

function describeEndpointLookup(index: DnsIndex, svc: Service, r: ParsedName, slices: DnsSlice[], headless: boolean, added: number): string[] {
    const name = svc.metadata.name;
    const out: string[] = [];
    const ready = readyCount(slices);
    if (index.config.noEndpoints) {
        out.push(
            `the Corefile's noendpoints option stops CoreDNS from watching EndpointSlices, so ${r.endpoint ? 'endpoint names' : `headless ${name}`} cannot be answered`,
        );
        return out;
    }
    if (r.endpoint) {
        if (added > 0) {
            out.push(`${r.endpoint} is a ready endpoint of ${name}${headless ? '' : ` (endpoint names also work under ClusterIP Services in CoreDNS)`}`);
            return out;
        }
        const all = slices.flatMap((s) => s.endpoints);
        const sameName = all.filter((e) => !e.inDns && e.names.some((n) => match(n, r.endpoint)));
        const hasHostname = all.find((e) => e.hostname && e.addresses.some((a) => match(dashedIpName(a), r.endpoint)));
        const readyNamed = all.some((e) => e.inDns && e.names.some((n) => match(n, r.endpoint)));
        if (sameName.length > 0) out.push(...sameName.map((e) => e.why));
        else if (hasHostname) out.push(`${hasHostname.addresses.join(', ')} is published under its hostname ${hasHostname.hostname}, not under its dashed IP`);
        else if (!readyNamed) out.push(`Service ${name} has no endpoint named ${r.endpoint}${ready === 0 ? ' (it has no ready endpoints)' : ''}`);
        if (readyNamed && (r.port || r.protocol))
            out.push(`endpoint ${r.endpoint} of ${name} has no port named ${r.port || '*'} with protocol ${r.protocol || '*'}`);
        return out;
    }
    if (ready === 0) {
        out.push(`${name} is headless and has no ready endpoints, so the name does not exist (NXDOMAIN)`);
        if (slices.length === 0) out.push(`no EndpointSlice carries the label kubernetes.io/service-name=${name} in ${nsOf(svc)}`);
        out.push(...leftOutReasons(slices));
        return out;
    }
    if (added === 0) {
        const ports = slices.flatMap((s) => s.ports);
        out.push(`headless ${name} has no endpoint port named ${r.port || '*'} with protocol ${r.protocol || '*'} (${portList(ports)})`);
        return out;
    }
    out.push(`${name} is headless: one record per ready endpoint address (${ready} ready)`);
    out.push(...leftOutReasons(slices));
    return out;
}
