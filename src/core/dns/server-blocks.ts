import type { DnsConfig, ServerBlock } from './dns-config.js';

/** Where the cluster DNS sends a query name. */
export type BlockRoute = { kind: 'kubernetes' } | { kind: 'other'; block: ServerBlock; zone: string } | { kind: 'none' };

/**
 * The server block that gets a query, as CoreDNS picks it (`core/dnsserver/server.go (*Server).ServeDNS`): among the
 * blocks on the listener, the one whose zone matches the most labels of the name (it tries `q[off:]` label by label
 * from the full name down), then the root block `.` as a last resort; with neither, the server answers REFUSED.
 * The `view` plugin (several blocks for one zone, picked by a filter) is not modelled: the first such block wins here.
 */
export function routeToBlock(config: DnsConfig, lowerName: string): BlockRoute {
    const blocks = config.serverBlocks;
    if (!blocks) return { kind: 'kubernetes' };
    const name = lowerName.replace(/\.$/, '');
    let best: { block: ServerBlock; zone: string } | null = null;
    for (const block of blocks) {
        for (const zone of block.zones) {
            if (zone === '.' || !(name === zone || name.endsWith(`.${zone}`))) continue;
            if (!best || labels(zone) > labels(best.zone)) best = { block, zone };
        }
    }
    best ??= firstRoot(blocks);
    if (!best) return { kind: 'none' };
    return best.block.kubernetes ? { kind: 'kubernetes' } : { kind: 'other', ...best };
}

function firstRoot(blocks: ServerBlock[]): { block: ServerBlock; zone: string } | null {
    const block = blocks.find((b) => b.zones.includes('.'));
    return block ? { block, zone: '.' } : null;
}

const labels = (zone: string) => zone.split('.').length;

/** Zones of the listener's blocks, for messages: `cluster.local, acme.local`. */
export function servedZones(config: DnsConfig): string[] {
    return [...new Set((config.serverBlocks ?? []).flatMap((b) => b.zones))];
}
