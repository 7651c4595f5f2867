import type { ResolveReport, ResolveResult } from './resolve-report.js';

/** The parts of a DNS exchange that change with every ask (the adapter's DnsExchange has them). */
interface ExchangeNoise {
    rttMs: number;
    id: number;
    server: { host: string; port: number };
}

/**
 * A port after an IP address ("127.0.0.1:43761", "[::1]:5353"), written as "*": the demo's responder and a
 * port-forward listen on a new port each round, and error messages name it.
 */
const steadyPorts = (text: string) => text.replace(/(\d|\]):\d{1,5}\b/g, '$1:*');

/**
 * The report as --watch compares rounds: without what differs from one ask to the next when nothing else changed —
 * round-trip times, query IDs and the port a reply comes from. Copies (rendered like the real report, line for line);
 * `exchanges` is keyed by the copied results.
 */
export function withoutQueryNoise<X extends ExchangeNoise>(
    report: ResolveReport,
    exchanges: Map<ResolveResult, X>,
): { report: ResolveReport; exchanges: Map<ResolveResult, X> } {
    const steadyExchanges = new Map<ResolveResult, X>();
    const results = report.results.map((r) => {
        const copy: ResolveResult = {
            ...r,
            ...(r.rttMs !== undefined ? { rttMs: 0 } : {}),
            ...(r.server !== undefined ? { server: steadyPorts(r.server) } : {}),
            ...(r.error !== undefined ? { error: steadyPorts(r.error) } : {}),
            ...(r.replicas ? { replicas: r.replicas.map((a) => (a.error === undefined ? a : { ...a, error: steadyPorts(a.error) })) } : {}),
        };
        const ex = exchanges.get(r);
        if (ex) steadyExchanges.set(copy, { ...ex, rttMs: 0, id: 0, server: { ...ex.server, port: 0 } });
        return copy;
    });
    return {
        report: {
            ...report,
            dns: { ...report.dns, ...(report.dns.server !== undefined ? { server: steadyPorts(report.dns.server) } : {}) },
            results,
            errors: report.errors.map((e) => ({ ...e, message: steadyPorts(e.message), ...(e.server !== undefined ? { server: steadyPorts(e.server) } : {}) })),
        },
        exchanges: steadyExchanges,
    };
}
