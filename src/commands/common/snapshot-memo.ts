/**
 * The DNS index and the address owners of a snapshot, built once per snapshot: a command run builds each once anyway,
 * and svcdig shell answers line after line from one cached snapshot (replaced, never changed, when the API reports a
 * change), where rebuilding them was most of a line's time on a cluster of thousands of pods.
 */
import { buildDnsIndex, type DnsIndex } from '../../core/dns/index.js';
import type { DnsConfig } from '../../core/dns/dns-config.js';
import { addressOwners, type AddressOwners } from '../../core/difference-reasons.js';
import type { ClusterSnapshot } from '../../core/snapshot.js';

const indexes = new WeakMap<ClusterSnapshot, WeakMap<DnsConfig, DnsIndex>>();
const owners = new WeakMap<ClusterSnapshot, AddressOwners>();

/** buildDnsIndex for the cluster DNS path (a pod asking other nameservers gets its own index each time). */
export function dnsIndexOf(snapshot: ClusterSnapshot, config: DnsConfig): DnsIndex {
    let byConfig = indexes.get(snapshot);
    if (!byConfig) indexes.set(snapshot, (byConfig = new WeakMap()));
    let index = byConfig.get(config);
    if (!index) byConfig.set(config, (index = buildDnsIndex(snapshot, config)));
    return index;
}

export function addressOwnersOf(snapshot: ClusterSnapshot): AddressOwners {
    let found = owners.get(snapshot);
    if (!found) owners.set(snapshot, (found = addressOwners(snapshot)));
    return found;
}
