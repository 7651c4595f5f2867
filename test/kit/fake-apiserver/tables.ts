/**
 * meta.k8s.io/v1 Table responses, the server-side printing `kubectl get` asks for
 * (https://kubernetes.io/docs/reference/using-api/api-concepts/#receiving-resources-as-tables; checked against real
 * kubectl by test/adapters/kube/kubectl-honesty.test.ts). Columns and cells follow kube-apiserver's printers for
 * Services, Pods, EndpointSlices, Endpoints and Namespaces; other kinds get NAME and AGE. Columns with priority 1
 * appear only with `-o wide`.
 */
import type { EndpointSlice, Endpoints, KubeObject, Pod, Service } from '../../../src/core/k8s.js';

export interface ColumnDefinition {
    name: string;
    type: string;
    format: string;
    description: string;
    priority: number;
}

const col = (name: string, type: string, description: string, priority = 0, format = ''): ColumnDefinition => ({ name, type, format, description, priority });
const NAME = col('Name', 'string', 'Name must be unique within a namespace.', 0, 'name');
const AGE = col('Age', 'string', 'CreationTimestamp is a timestamp representing the server time when this object was created.');

type Printer = { columns: ColumnDefinition[]; cells: (o: KubeObject, now: Date) => (string | number)[] };

const PRINTERS: Record<string, Printer> = {
    Service: {
        columns: [
            NAME,
            col('Type', 'string', 'type determines how the Service is exposed.'),
            col('Cluster-IP', 'string', 'clusterIP is the IP address of the service.'),
            col('External-IP', 'string', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic.'),
            col('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
            AGE,
            col('Selector', 'string', 'Route service traffic to pods with label keys and values matching this selector.', 1),
        ],
        cells: (o, now) => {
            const s = o as Service;
            return [
                s.metadata.name,
                s.spec.type ?? 'ClusterIP',
                s.spec.clusterIP || '<none>',
                serviceExternalIP(s),
                servicePorts(s),
                age(s, now),
                labelsText(s.spec.selector),
            ];
        },
    },
    Pod: {
        columns: [
            NAME,
            col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
            col('Status', 'string', 'The aggregate status of the containers in this pod.'),
            col(
                'Restarts',
                'string',
                'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
            ),
            AGE,
            col('IP', 'string', 'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', 1),
            col('Node', 'string', 'Name of the Node where this pod is running.', 1),
            col('Nominated Node', 'string', 'nominatedNodeName is set only when this pod preempts other pods on the node.', 1),
            col('Readiness Gates', 'string', 'If specified, all readiness gates will be evaluated for pod readiness.', 1),
        ],
        cells: (o, now) => {
            const p = o as Pod & { spec: { readinessGates?: { conditionType: string }[] }; status?: { nominatedNodeName?: string; reason?: string } };
            const statuses = p.status?.containerStatuses ?? [];
            const ready = statuses.filter((c) => c.ready).length;
            const restarts = statuses.reduce((n, c) => n + (c.restartCount ?? 0), 0);
            const gates = p.spec.readinessGates ?? [];
            const gatesText = gates.length
                ? `${gates.filter((g) => p.status?.conditions?.some((c) => c.type === g.conditionType && c.status === 'True')).length}/${gates.length}`
                : '<none>';
            return [
                p.metadata.name,
                `${ready}/${p.spec.containers.length}`,
                podStatus(p),
                String(restarts),
                age(p, now),
                p.status?.podIP || '<none>',
                p.spec.nodeName || '<none>',
                p.status?.nominatedNodeName || '<none>',
                gatesText,
            ];
        },
    },
    EndpointSlice: {
        columns: [
            NAME,
            col('AddressType', 'string', 'addressType specifies the type of address carried by this EndpointSlice.'),
            col('Ports', 'string', 'ports specifies the list of network ports exposed by each endpoint in this slice.'),
            col('Endpoints', 'string', 'endpoints is a list of unique endpoints in this slice.'),
            AGE,
        ],
        cells: (o, now) => {
            const s = o as EndpointSlice;
            const ports = (s.ports ?? []).map((p) => (p.port === null || p.port === undefined ? '<unset>' : String(p.port)));
            const addrs = (s.endpoints ?? []).flatMap((e) => e.addresses);
            return [s.metadata.name, s.addressType, ports.length ? ports.join(',') : '<unset>', addrs.length ? firstN(addrs, 3) : '<unset>', age(s, now)];
        },
    },
    Endpoints: {
        columns: [NAME, col('Endpoints', 'string', 'Endpoints is the list of endpoints.'), AGE],
        cells: (o, now) => {
            const e = o as Endpoints;
            const list = (e.subsets ?? []).flatMap((ss) => {
                const ports = ss.ports?.length ? ss.ports : [undefined];
                return (ss.addresses ?? []).flatMap((a) => ports.map((p) => (p ? `${a.ip}:${p.port}` : a.ip)));
            });
            return [e.metadata.name, list.length ? firstN(list, 3) : '<none>', age(e, now)];
        },
    },
    Namespace: {
        columns: [NAME, col('Status', 'string', 'The status of the namespace'), AGE],
        cells: (o, now) => [o.metadata.name, (o as { status?: { phase?: string } }).status?.phase ?? '', age(o, now)],
    },
};

const DEFAULT_PRINTER: Printer = { columns: [NAME, AGE], cells: (o, now) => [o.metadata.name, age(o, now)] };

/** The Table for a list (or one object), rows carrying PartialObjectMetadata as the API's default includeObject. */
export function toTable(kind: string, items: KubeObject[], listMeta: Record<string, unknown>, now = new Date()): unknown {
    const printer = PRINTERS[kind] ?? DEFAULT_PRINTER;
    return {
        kind: 'Table',
        apiVersion: 'meta.k8s.io/v1',
        metadata: listMeta,
        columnDefinitions: printer.columns,
        rows: items.map((o) => ({
            cells: printer.cells(o, now),
            object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
        })),
    };
}

function firstN(list: string[], n: number): string {
    return list.length > n ? `${list.slice(0, n).join(',')} + ${list.length - n} more...` : list.join(',');
}

function labelsText(labels: Record<string, string> | undefined): string {
    const keys = Object.keys(labels ?? {}).sort();
    return keys.length ? keys.map((k) => `${k}=${labels![k]}`).join(',') : '<none>';
}

function serviceExternalIP(s: Service): string {
    const ext = s.spec.externalIPs ?? [];
    switch (s.spec.type ?? 'ClusterIP') {
        case 'ClusterIP':
        case 'NodePort':
            return ext.length ? ext.join(',') : '<none>';
        case 'LoadBalancer': {
            const lb = (s.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || '').filter((x) => x);
            const all = [...lb, ...ext];
            return all.length ? all.join(',') : '<pending>';
        }
        case 'ExternalName':
            return s.spec.externalName ?? '';
        default:
            return '<unknown>';
    }
}

function servicePorts(s: Service): string {
    const ports = s.spec.ports ?? [];
    if (!ports.length) return '<none>';
    return ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',');
}

function podStatus(p: Pod & { status?: { reason?: string } }): string {
    let reason = p.status?.reason || p.status?.phase || 'Unknown';
    for (const c of p.status?.containerStatuses ?? []) {
        if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
        else if (c.state?.terminated?.reason) reason = c.state.terminated.reason;
    }
    if (p.metadata.deletionTimestamp) reason = 'Terminating';
    return reason;
}

function age(o: KubeObject, now: Date): string {
    const ts = o.metadata.creationTimestamp;
    if (!ts) return '<unknown>';
    return humanDuration((now.getTime() - Date.parse(ts)) / 1000);
}

/** apimachinery's duration.HumanDuration: the two most significant units, coarser as the age grows. */
export function humanDuration(seconds: number): string {
    if (seconds < -1) return '<invalid>';
    if (seconds < 0) return '0s';
    const s = Math.floor(seconds);
    if (s < 60 * 2) return `${s}s`;
    const minutes = Math.floor(s / 60);
    if (minutes < 10) return s % 60 === 0 ? `${minutes}m` : `${minutes}m${s % 60}s`;
    if (minutes < 60 * 3) return `${minutes}m`;
    const hours = Math.floor(minutes / 60);
    if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
    if (hours < 48) return `${hours}h`;
    if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
    if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
    if (hours < 24 * 365 * 8) {
        const dy = Math.floor(hours / 24) % 365;
        return dy === 0 ? `${Math.floor(hours / 24 / 365)}y` : `${Math.floor(hours / 24 / 365)}y${dy}d`;
    }
    return `${Math.floor(hours / 24 / 365)}y`;
}
