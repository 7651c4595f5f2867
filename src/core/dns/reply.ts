/** The DNS reply model shared by the expectation engine, the resolver and the renderers (JSON contract REPLY/RR). */

export type Rcode = 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED' | 'FORMERR' | 'NOTIMP' | string;

export interface SrvData {
    priority: number;
    weight: number;
    port: number;
    target: string;
}

export interface SoaData {
    mname: string;
    rname: string;
    serial: number;
    refresh: number;
    retry: number;
    expire: number;
    minimum: number;
}

export type RRData = string | SrvData | SoaData | string[];

/** One resource record. `name` is a fqdn without the trailing dot; names in data likewise. */
export interface RR {
    name: string;
    type: string;
    ttl: number;
    data: RRData;
}

export interface Reply {
    rcode: Rcode;
    answers: RR[];
    additionals: RR[];
    /** Authority section (the SOA of a negative answer). Not compared. */
    authority?: RR[];
    /** Short reasons in plain words. */
    because: string[];
    /** AA flag (the kubernetes plugin always sets it). */
    authoritative?: boolean;
    /**
     * The answer does not come from the cluster state alone: the kubernetes plugin passes the name to the next
     * plugin (fallthrough, out of its zones, or an ExternalName target that is chased upstream).
     */
    forwarded?: boolean;
}

/** A record as one line of text: `name TYPE data`. */
export function recordText(rr: Pick<RR, 'name' | 'type' | 'data'>): string {
    return `${rr.name} ${rr.type} ${rdataText(rr)}`;
}

/** Canonical text form of an RR's data, for comparison and tables. */
export function rdataText(rr: Pick<RR, 'data'>): string {
    const d = rr.data;
    if (typeof d === 'string') return d;
    if (Array.isArray(d)) return d.map((s) => JSON.stringify(s)).join(' ');
    if ('target' in d) return `${d.priority} ${d.weight} ${d.port} ${d.target}`;
    return `${d.mname} ${d.rname} ${d.serial} ${d.refresh} ${d.retry} ${d.expire} ${d.minimum}`;
}
