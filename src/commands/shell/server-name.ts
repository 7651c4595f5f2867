/**
 * `server NAME` (and `NAME SERVER`) as nslookup reads a server's name: through the server the session asks. For a
 * cluster name that answer is what the session's cache holds: the kubernetes plugin answers a Service's name with its
 * ClusterIP. Any other name is refused: svcdig never looks a name up through this machine's resolver, where a
 * cluster name does not resolve and would be sent upstream. `localhost` is loopback by definition (RFC 6761 §6.3).
 */
import { isIP } from 'node:net';
import type { ClusterSnapshot } from '../../core/snapshot.js';
import { nsOf } from '../../core/snapshot.js';
import { usageError } from '../../errors.js';
import { parseServerAddress } from '../../adapters/dns/server-address.js';

/** HOST[:PORT] with a Service's name turned into its ClusterIP (the port kept as typed). */
export function serverAddressOf(typed: string, snapshot: ClusterSnapshot, namespace: string): string {
    const { host } = parseServerAddress(typed);
    if (isIP(host) !== 0 || host.toLowerCase() === 'localhost') return typed;
    const [name, ns] = serviceRef(host, namespace);
    const svc = snapshot.services.find((s) => s.metadata.name === name && nsOf(s) === ns);
    if (!svc)
        throw usageError(
            `server ${host}: no Service ${ns}/${name} in the cluster; give an IP address (svcdig looks no name up through this machine's resolver)`,
        );
    const ip = svc.spec.clusterIP;
    if (!ip || ip === 'None') throw usageError(`server ${host}: Service ${ns}/${name} is headless: it has no ClusterIP to ask`);
    const port = typed.trim().slice(host.length);
    return ip.includes(':') ? (port ? `[${ip}]${port}` : ip) : `${ip}${port}`;
}

/** NAME (the session's namespace), NAME.NS, NAME.NS.svc[.ZONE][.]: the Service's name and namespace. */
function serviceRef(host: string, namespace: string): [string, string] {
    const parts = host.toLowerCase().replace(/\.$/, '').split('.');
    return [parts[0]!, parts[1] ?? namespace];
}
