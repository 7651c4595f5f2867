import type { ConfigMap, Deployment, EndpointSlice, Endpoints, KubeObject, Namespace, Pod, Service, StatefulSet } from './k8s.js';
import { emptySnapshot, nsOf, type ClusterSnapshot } from './snapshot.js';
import { trimObject } from './trim-object.js';

/**
 * Sorts API objects into a snapshot by kind, each cut to the fields svcdig reads (trim-object.ts), as live objects
 * are: a snapshot from files holds what a live one holds, and a large dump's unread fields can be let go. Unknown
 * kinds are ignored.
 */
export function snapshotFromObjects(objects: KubeObject[], origin: string): ClusterSnapshot {
    const snap = emptySnapshot(origin);
    for (const given of objects) {
        const obj = trimObject(given) as KubeObject;
        switch (obj.kind) {
            case 'Namespace':
                snap.namespaces.push(obj as Namespace);
                break;
            case 'Service':
                snap.services.push(obj as Service);
                break;
            case 'EndpointSlice':
                snap.endpointSlices.push(obj as EndpointSlice);
                break;
            case 'Endpoints':
                snap.endpoints.push(obj as Endpoints);
                break;
            case 'Pod':
                snap.pods.push(obj as Pod);
                break;
            case 'StatefulSet':
                snap.statefulSets.push(obj as StatefulSet);
                break;
            case 'Deployment':
                snap.deployments.push(obj as Deployment);
                break;
            case 'ConfigMap':
                if (obj.metadata.name === 'coredns' && nsOf(obj) === 'kube-system') snap.corednsConfigMap = obj as ConfigMap;
                break;
            default:
                break;
        }
    }
    snap.namespacesKnown = snap.namespaces.length > 0;
    return snap;
}
