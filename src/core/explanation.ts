/** The shape of `explain`'s report (README: `explain -o json`), for the command, the printers and the finding rules. */
import type { ApiVersion } from './api-version.js';
import type { Reply } from './dns/reply.js';
import type { EnvVariable } from './envvars.js';
import type { Finding } from './findings/finding.js';

export interface PortExplanation {
    name: string | null;
    protocol: string;
    port: number;
    targetPort: number | string;
    nodePort?: number;
    appProtocol?: string;
    /** `_name._proto.<svc>…` when the port has a name (SRV), else null. */
    srvName: string | null;
    perPod: { pod: string; port: number | null; container?: string; declared?: boolean; reason?: string }[];
}

export interface PodExplanation {
    name: string;
    phase: string;
    ready: boolean;
    notReadyReason?: string;
    ips: string[];
    node?: string;
    hostname?: string;
    subdomain?: string;
    createdAt?: string;
    terminating: boolean;
    endpoint: { included: boolean; reason: string; ready?: boolean; serving?: boolean; terminating?: boolean; hostname?: string };
}

export interface EndpointExplanation {
    slice: string;
    addressType: string;
    addresses: string[];
    /** The name CoreDNS gives it under the Service (hostname, pod name with endpoint_pod_names, or dashed IP). */
    dnsName: string | null;
    ready: boolean | null;
    serving: boolean | null;
    terminating: boolean | null;
    pod?: string;
    node?: string;
    inDns: boolean;
    why: string;
}

export interface DnsNameExplanation {
    name: string;
    type: string;
    reply: Reply;
}

export interface ServiceExplanation {
    apiVersion: ApiVersion;
    kind: 'ServiceExplanation';
    service: {
        namespace: string;
        name: string;
        type: string;
        headless: boolean;
        clusterIPs: string[];
        ipFamilies: string[];
        ipFamilyPolicy: string | null;
        externalName: string | null;
        selector: Record<string, string> | null;
        publishNotReadyAddresses: boolean;
        sessionAffinity: string;
        createdAt: string | null;
    };
    ports: PortExplanation[];
    pods: PodExplanation[];
    selectorNearMisses: { pod: string; label: string; want: string; have: string | null }[];
    endpoints: EndpointExplanation[];
    dns: DnsNameExplanation[];
    env: EnvVariable[];
    findings: Finding[];
    notes: string[];
}
