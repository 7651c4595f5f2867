import type { DnsTransportOptions, OutputOptions } from '../common/options.js';

/** svcdig shell's flags: resolve's (the session's first settings), without the per-run ones (--watch, --batch, --all-replicas). */
export interface ShellOptions extends DnsTransportOptions, OutputOptions {
    type?: string;
    stub?: 'glibc' | 'musl';
}
