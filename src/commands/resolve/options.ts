import type { openDnsTransport } from '../common/dns-transport.js';
import type { DnsTransportOptions, OutputOptions } from '../common/options.js';

/** resolve's flags, as commander hands them to the run function. */
export interface ResolveOptions extends DnsTransportOptions, OutputOptions {
    type?: string[];
    /** dig's -x: addresses whose PTR is asked. */
    x?: string[];
    batch?: string;
    stub?: 'glibc' | 'musl';
    watch?: boolean;
    /** svcdig shell's `set search=` and `set ndots=`: replace the pod's search list and ndots. */
    search?: string[];
    ndots?: number;
    /** svcdig shell's Ctrl-C: aborts the query in flight. */
    signal?: AbortSignal;
    /** svcdig shell's transport kept across lines, in place of opening one per run. */
    openTransport?: typeof openDnsTransport;
}
