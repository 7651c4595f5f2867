import { SvcdigError } from '../../errors.js';

/** Why a query produced no usable reply. */
export type DnsFailureReason = 'timeout' | 'refused' | 'malformed' | 'closed' | 'network' | 'aborted';

export interface DnsServerFailure {
    server: string;
    reason: DnsFailureReason;
    message: string;
}

/**
 * No usable reply from any server asked. Always exit 5 (kind 'unreachable'): the DNS server did not answer, refused
 * the connection, or answered with bytes that are not a DNS message. `reason` is the last server's failure.
 */
export class DnsQueryError extends SvcdigError {
    readonly reason: DnsFailureReason;
    readonly failures: DnsServerFailure[];
    constructor(failures: DnsServerFailure[], options?: { hint?: string; cause?: unknown }) {
        const last = failures[failures.length - 1];
        const message =
            failures.length <= 1
                ? (last?.message ?? 'no DNS server to ask')
                : `no usable reply from any DNS server: ${failures.map((f) => f.message).join('; ')}`;
        super('unreachable', message, options);
        this.name = 'DnsQueryError';
        this.reason = last?.reason ?? 'network';
        this.failures = failures;
    }
}

/** One server's failure inside a query; turned into a DnsQueryError when no server is left to ask. */
export class ServerFailure extends Error {
    readonly reason: DnsFailureReason;
    constructor(reason: DnsFailureReason, message: string) {
        super(message);
        this.reason = reason;
    }
}
