/**
 * The DNS expectation engine: the exact reply CoreDNS's kubernetes plugin gives for a name and type, computed from a
 * ClusterSnapshot and the DnsConfig (after coredns/coredns plugin/kubernetes/ and the Kubernetes DNS spec,
 * kubernetes/dns docs/specification.md), plus the pod resolver side (resolv.conf, search list, stub picking).
 */
export { assignedClusterIPs, buildDnsIndex, isHeadless, isExternalName, namespaceExposed, readyEndpointsOf, serviceClusterIps } from './dns-index.js';
export type { DnsEndpoint, DnsIndex, DnsPort, DnsSlice, EndpointIpOwner, ServiceEndpoints } from './dns-index.js';
export { expectedReply } from './expected-reply.js';
export { podDnsPath } from './pod-nameservers.js';
export type { PodDnsPath } from './pod-nameservers.js';
export { DNS_SCHEMA_VERSION, SOA_SERIAL_PLACEHOLDER, nsAddresses } from './answers.js';
export { canonicalIp, ipFamily, isLoopbackIp, parseIp } from './ip.js';
export { dashedIpName, endpointHostname, ipToReverseName, reverseNameToIp, trimDot } from './names.js';
export { parseRequest } from './records.js';
export { queriedNamespaces } from './queried-namespaces.js';
export type { ParsedName } from './records.js';
export { isRootSearchEntry, MAX_NAMESERVERS, ndotsOf, resolvConfForPod, searchCandidates } from './resolv-conf.js';
export type { ResolvConf, StubFlavour } from './resolv-conf.js';
export { expectedEndGiven, expectedLookup, pickAnswer, queriesOfWalk, StubWalk } from './stub-resolver.js';
export type { CandidateResult, PickedAnswer } from './stub-resolver.js';
export { serviceDnsNames } from './service-dns-names.js';
export type { ServiceDnsName } from './service-dns-names.js';
