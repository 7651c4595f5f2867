import { isIP } from 'node:net';
import { usageError } from '../../errors.js';
import { serverFromTyped } from '../../core/shell/line.js';

export type { DnsServerAddress } from '../../core/dns/exchange.js';
import type { DnsServerAddress } from '../../core/dns/exchange.js';

const HOSTNAME = /^(?=.{1,253}\.?$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

function parsePort(text: string, whole: string): number {
    const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
    if (!(port >= 1 && port <= 65535)) throw usageError(`invalid DNS server "${whole}": the port must be a number from 1 to 65535`);
    return port;
}

/**
 * A DNS server from `HOST`, `HOST:PORT`, `[IPv6]`, `[IPv6]:PORT`, a bare IPv6 address, or BIND's and nslookup's
 * `HOST#PORT` (the form dig's `;; SERVER:` line prints); the port defaults to 53. HOST is an IP address or a host
 * name (looked up when queried).
 */
export function parseServerAddress(text: string): DnsServerAddress {
    const t = serverFromTyped(text.trim());
    if (!t) throw usageError('invalid DNS server "": give an address such as 10.96.0.10 or 127.0.0.1:5353');
    const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(t);
    if (bracketed) {
        const host = bracketed[1] ?? '';
        if (isIP(host) !== 6) throw usageError(`invalid DNS server "${text}": [${host}] is not an IPv6 address`);
        return { host, port: bracketed[2] === undefined ? 53 : parsePort(bracketed[2], text) };
    }
    if (isIP(t) === 6) return { host: t, port: 53 };
    const colon = t.lastIndexOf(':');
    const host = colon === -1 ? t : t.slice(0, colon);
    const port = colon === -1 ? 53 : parsePort(t.slice(colon + 1), text);
    if (host.includes(':')) throw usageError(`invalid DNS server "${text}": write an IPv6 address with a port as [ADDRESS]:PORT`);
    // RFC 1123 §2.1: a host name never has the dotted-decimal form, so 999.1.1.1 is a mistyped address, not a name
    if (isIP(host) === 0 && /^[\d.]+$/.test(host)) throw usageError(`invalid DNS server "${text}": "${host}" is not a valid IPv4 address`);
    if (isIP(host) === 0 && !HOSTNAME.test(host)) {
        throw usageError(`invalid DNS server "${text}": "${host}" is neither an IP address nor a host name`);
    }
    return { host, port };
}

/** `127.0.0.1:5353`, `[::1]:53`: the form used in messages. */
export function formatServerAddress(server: DnsServerAddress): string {
    return server.host.includes(':') ? `[${server.host}]:${server.port}` : `${server.host}:${server.port}`;
}
