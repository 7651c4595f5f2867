/**
 * The Services of a check on their way to the report, in report order, each with its differences explained first
 * (core/difference-reasons.ts). Most differences are explained by the Service's own replies; an address missing or
 * unexpected is explained by who owns it, which on a live `check -A` takes one more pass over the cluster's pods
 * (check-groups.ts ownersOf). A Service that needs one waits, and every Service after it too (the report keeps its
 * order), until HOLD_RECORDS records wait or the check ends: then one pass looks up every address they name. So a
 * DNS that answers as expected costs no pass and holds nothing, and one that answers wrongly everywhere costs one pass
 * per HOLD_RECORDS records, never more memory than those.
 */
import type { ServiceCheck } from '../../core/check-report.js';
import { explainDifferences, noOwners, ownerAddress, type AddressOwners } from '../../core/difference-reasons.js';

/** The records held at most while waiting for the owners of their addresses (about 130 bytes each in a table run). */
export const HOLD_RECORDS = 20_000;

export class ExplainedServices {
    private held: ServiceCheck[] = [];
    private heldRecords = 0;

    constructor(
        private readonly out: (s: ServiceCheck) => void,
        private readonly owners: (ips: Set<string>) => Promise<AddressOwners>,
        private readonly now: () => Date,
        private readonly holdRecords = HOLD_RECORDS,
    ) {}

    /** The next Services of the report, in order. */
    async add(checks: ServiceCheck[]): Promise<void> {
        for (const c of checks) {
            if (this.held.length === 0 && addresses(c).size === 0) {
                this.explain(c, noOwners());
                continue;
            }
            this.held.push(c);
            this.heldRecords += c.records.length;
        }
        if (this.heldRecords >= this.holdRecords) await this.finish();
    }

    /** Every Service still held, explained and passed on. */
    async finish(): Promise<void> {
        if (this.held.length === 0) return;
        const ips = new Set<string>();
        for (const c of this.held) for (const ip of addresses(c)) ips.add(ip);
        const owners = await this.owners(ips);
        const held = this.held;
        this.held = [];
        this.heldRecords = 0;
        for (const c of held) this.explain(c, owners);
    }

    private explain(c: ServiceCheck, owners: AddressOwners): void {
        for (const r of c.records) explainDifferences(r.differences, () => r, owners, this.now());
        this.out(c);
    }
}

/** The addresses whose owners explain a Service's differences: usually none. */
function addresses(c: ServiceCheck): Set<string> {
    const ips = new Set<string>();
    for (const r of c.records)
        for (const d of r.differences) {
            const ip = ownerAddress(d);
            if (ip) ips.add(ip);
        }
    return ips;
}
