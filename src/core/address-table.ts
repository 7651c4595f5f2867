/**
 * A map from an address to a small number, for every endpoint address of a cluster (200,000 at 20,000 Services): IPv4
 * addresses as 32-bit keys in an open-addressing table of typed arrays (8 bytes a slot, half full at most), others in a
 * Map. A Map of address strings costs ~60 bytes an entry, held through the whole scan of a large cluster's pods
 * (core/cluster-wide.ts SharedEndpointIps), where it was most of the memory that grew with the cluster.
 */

/** A dotted-quad IPv4 address as an unsigned 32-bit number, or null (IPv6, another spelling, or not an address). */
export function ipv4Number(ip: string): number | null {
    const parts = ip.split('.');
    if (parts.length !== 4) return null;
    let n = 0;
    for (const p of parts) {
        // one spelling per address (no leading zero), so that the table tells apart what a Map of strings would
        if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return null;
        n = n * 256 + Number(p);
    }
    return n;
}

export class AddressTable {
    private keys = new Uint32Array(1024);
    /** value + 1 per slot (0: empty), so that every IPv4 address, 0.0.0.0 too, can be a key. */
    private values = new Int32Array(1024);
    private count = 0;
    private readonly others = new Map<string, number>();

    get(ip: string): number | undefined {
        const n = ipv4Number(ip);
        if (n === null) return this.others.get(ip);
        const slot = this.slotOf(n);
        return this.values[slot] ? this.values[slot]! - 1 : undefined;
    }

    set(ip: string, value: number): void {
        const n = ipv4Number(ip);
        if (n === null) {
            this.others.set(ip, value);
            return;
        }
        let slot = this.slotOf(n);
        if (!this.values[slot]) {
            if (2 * (this.count + 1) > this.keys.length) {
                this.grow();
                slot = this.slotOf(n);
            }
            this.count++;
            this.keys[slot] = n;
        }
        this.values[slot] = value + 1;
    }

    clear(): void {
        this.keys = new Uint32Array(1024);
        this.values = new Int32Array(1024);
        this.count = 0;
        this.others.clear();
    }

    /** The slot holding `n`, or the empty slot where it goes (linear probing; the table is never full). */
    private slotOf(n: number): number {
        const mask = this.keys.length - 1;
        // Knuth's multiplicative hash: consecutive addresses (pod CIDRs) spread over the table
        for (let slot = (Math.imul(n, 0x9e3779b1) >>> 0) & mask; ; slot = (slot + 1) & mask) {
            if (!this.values[slot] || this.keys[slot] === n) return slot;
        }
    }

    private grow(): void {
        const { keys, values } = this;
        this.keys = new Uint32Array(keys.length * 2);
        this.values = new Int32Array(values.length * 2);
        for (let i = 0; i < keys.length; i++) {
            if (!values[i]) continue;
            const slot = this.slotOf(keys[i]!);
            this.keys[slot] = keys[i]!;
            this.values[slot] = values[i]!;
        }
    }
}
