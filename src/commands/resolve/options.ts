import type { DnsTransportOptions, OutputOptions } from '../common/options.js';

/** resolve's flags, as commander hands them to the run function. */
export interface ResolveOptions extends DnsTransportOptions, OutputOptions {
    type?: string[];
    batch?: string;
    stub?: 'glibc' | 'musl';
    watch?: boolean;
}
