/**
 * A generated cluster (120 Services, 7 namespaces) where one address is an endpoint in two namespaces (ns-001 and
 * ns-004): its PTR names both Services, so a check that goes namespace by namespace must still bring them together.
 * Returns copies the caller may change, and the EndpointSlices for further edits.
 */
import { generateCluster } from '../kit/generate-cluster.js';
import type { KubeObject } from '../../src/core/k8s.js';

export type SliceObject = KubeObject & { endpoints?: { addresses: string[]; conditions?: { ready?: boolean } }[] };

export function sharedAddressCluster(): { objects: KubeObject[]; slices: SliceObject[]; namespaces: number } {
    const generated = generateCluster({ services: 120, pods: 1200, namespaces: 7 });
    const objects: KubeObject[] = generated.objects.map((o) => structuredClone(o));
    const slices = objects.filter((o): o is SliceObject => o.kind === 'EndpointSlice' && !!(o as SliceObject).endpoints?.length);
    const a = slices.find((s) => s.metadata.namespace === 'ns-001')!;
    const b = slices.find((s) => s.metadata.namespace === 'ns-004')!;
    b.endpoints!.push({ addresses: [a.endpoints![0]!.addresses[0]!], conditions: { ready: true } });
    return { objects, slices, namespaces: generated.counts.namespaces };
}
