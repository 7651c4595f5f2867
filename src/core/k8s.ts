/**
 * The subset of Kubernetes API object shapes svcdig reads, as plain JSON (what `kubectl get -o json`
 * prints and what the API server sends). Timestamps stay strings. Every field is optional where the
 * API allows it to be absent, so objects from files and from the live API have one shape.
 */

export interface ObjectMeta {
    name: string;
    namespace?: string;
    uid?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    resourceVersion?: string;
    generateName?: string;
    ownerReferences?: { kind: string; name: string; uid?: string; apiVersion?: string; controller?: boolean }[];
}

export interface KubeObject {
    apiVersion?: string;
    kind?: string;
    metadata: ObjectMeta;
}

export interface ServicePort {
    name?: string;
    protocol?: 'TCP' | 'UDP' | 'SCTP' | string;
    port: number;
    targetPort?: number | string;
    nodePort?: number;
    appProtocol?: string;
}

export interface Service extends KubeObject {
    spec: {
        type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName' | string;
        clusterIP?: string;
        clusterIPs?: string[];
        ipFamilies?: ('IPv4' | 'IPv6' | string)[];
        ipFamilyPolicy?: string;
        ports?: ServicePort[];
        selector?: Record<string, string>;
        externalName?: string;
        externalIPs?: string[];
        publishNotReadyAddresses?: boolean;
        sessionAffinity?: string;
        sessionAffinityConfig?: { clientIP?: { timeoutSeconds?: number } };
        externalTrafficPolicy?: string;
        internalTrafficPolicy?: string;
        trafficDistribution?: string;
    };
    status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

export interface EndpointConditions {
    ready?: boolean | null;
    serving?: boolean | null;
    terminating?: boolean | null;
}

export interface EndpointSliceEndpoint {
    addresses: string[];
    conditions?: EndpointConditions;
    hostname?: string;
    nodeName?: string;
    zone?: string;
    targetRef?: { kind?: string; name?: string; namespace?: string; uid?: string };
}

export interface EndpointPort {
    name?: string | null;
    port?: number | null;
    protocol?: string | null;
    appProtocol?: string;
}

export interface EndpointSlice extends KubeObject {
    addressType: 'IPv4' | 'IPv6' | 'FQDN' | string;
    endpoints?: EndpointSliceEndpoint[] | null;
    ports?: EndpointPort[] | null;
}

export interface EndpointAddress {
    ip: string;
    hostname?: string;
    nodeName?: string;
    targetRef?: { kind?: string; name?: string; namespace?: string; uid?: string };
}

/** Legacy core/v1 Endpoints. */
export interface Endpoints extends KubeObject {
    subsets?: {
        addresses?: EndpointAddress[];
        notReadyAddresses?: EndpointAddress[];
        ports?: { name?: string; port: number; protocol?: string; appProtocol?: string }[];
    }[];
}

export interface ContainerPort {
    name?: string;
    containerPort: number;
    protocol?: string;
    hostPort?: number;
}

export interface EnvVar {
    name: string;
    value?: string;
    valueFrom?: {
        secretKeyRef?: { name: string; key: string; optional?: boolean };
        configMapKeyRef?: { name: string; key: string; optional?: boolean };
        fieldRef?: { fieldPath: string; apiVersion?: string };
        resourceFieldRef?: { resource: string; containerName?: string };
    };
}

export interface Container {
    name: string;
    image?: string;
    ports?: ContainerPort[];
    env?: EnvVar[];
    envFrom?: { prefix?: string; configMapRef?: { name: string }; secretRef?: { name: string } }[];
    restartPolicy?: string;
}

export interface PodCondition {
    type: string;
    status: 'True' | 'False' | 'Unknown' | string;
    reason?: string;
    message?: string;
    lastTransitionTime?: string;
}

export interface Pod extends KubeObject {
    spec: {
        containers: Container[];
        initContainers?: Container[];
        hostname?: string;
        subdomain?: string;
        nodeName?: string;
        hostNetwork?: boolean;
        dnsPolicy?: string;
        dnsConfig?: { nameservers?: string[]; searches?: string[]; options?: { name: string; value?: string }[] };
        enableServiceLinks?: boolean;
        setHostnameAsFQDN?: boolean;
    };
    status?: {
        phase?: string;
        podIP?: string;
        podIPs?: { ip: string }[];
        hostIP?: string;
        startTime?: string;
        conditions?: PodCondition[];
        containerStatuses?: {
            name: string;
            ready?: boolean;
            restartCount?: number;
            state?: { running?: { startedAt?: string }; waiting?: { reason?: string }; terminated?: { reason?: string } };
        }[];
    };
}

export interface StatefulSet extends KubeObject {
    spec: {
        serviceName?: string;
        replicas?: number;
        selector?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] };
        template?: { metadata?: { labels?: Record<string, string> }; spec?: Pod['spec'] };
        podManagementPolicy?: string;
    };
    status?: { replicas?: number; readyReplicas?: number };
}

export interface Deployment extends KubeObject {
    spec: {
        replicas?: number;
        selector?: { matchLabels?: Record<string, string> };
        template?: { metadata?: { labels?: Record<string, string> }; spec?: Pod['spec'] };
    };
}

export interface Namespace extends KubeObject {
    status?: { phase?: string };
}

export interface ConfigMap extends KubeObject {
    data?: Record<string, string>;
}
