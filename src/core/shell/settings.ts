import type { StubFlavour } from '../dns/resolv-conf.js';

export type Via = 'auto' | 'direct' | 'port-forward';

/** What a session line is answered with; `set`, `server`, `ns` and the other setting verbs change it. */
export interface SessionSettings {
    namespace: string;
    /** The record type of the next names (nslookup's querytype). */
    type: string;
    stub: StubFlavour;
    asPod: string | null;
    via: Via;
    expectedOnly: boolean;
    /** HOST[:PORT] asked instead of the cluster DNS; null = the cluster DNS (or the demo's responder). */
    server: string | null;
    /** nslookup's port: the port of a server given without one. */
    port: number | null;
    /** nslookup's vc: TCP. */
    vc: boolean;
    /** As typed (a duration or seconds); null = svcdig's default (2s). */
    timeout: string | null;
    retry: number | null;
    debug: boolean;
    /** The search list instead of the pod's; null = the pod's. */
    search: string[] | null;
    ndots: number | null;
}

/** A setting verb's effect: only the settings it changes. */
export type SettingChange = Partial<SessionSettings>;

/**
 * `set all`: nslookup's "Set options:" block, then svcdig's own settings. `ownPort` names a default server that keeps
 * its own port (the demo's responder), which `set port=` does not change: port is then said as what it applies to.
 */
export function describeSettings(s: SessionSettings, server: string, transport: { tcpOnly?: boolean; ownPort?: string } = {}): string {
    const on = (flag: boolean, word: string) => (flag ? word : `no${word}`);
    // nslookup's vc is what is asked for; a transport that carries TCP only (a port-forward) uses TCP whatever it says.
    const vc = transport.tcpOnly ? `vc (${on(s.vc, 'vc')} set; the port-forward carries TCP only)` : on(s.vc, 'vc');
    return [
        `Default server: ${server}`,
        '',
        'Set options:',
        `  ${vc}\t\t${on(s.debug, 'debug')}`,
        `  timeout = ${s.timeout ?? '2s'}\tretry = ${s.retry ?? 1}\tport = ${portShown(s.port, transport.ownPort)}\tndots = ${s.ndots ?? "the pod's (5)"}`,
        `  querytype = ${s.type} (PTR for an address)`,
        `  srchlist = ${s.search === null ? "the pod's" : s.search.length ? s.search.join('/') : 'none (nosearch)'}`,
        'svcdig:',
        `  namespace = ${s.namespace}\tstub = ${s.stub}\tas-pod = ${s.asPod ?? 'off'}`,
        `  via = ${s.via}\texpected-only = ${s.expectedOnly ? 'on' : 'off'}`,
        '',
    ].join('\n');
}

function portShown(port: number | null, ownPort: string | undefined): string {
    if (ownPort === undefined) return String(port ?? 53);
    return port === null ? `${ownPort}'s own` : `${port} (for a server named with server; ${ownPort} keeps its own)`;
}
