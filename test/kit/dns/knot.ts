/**
 * A real authoritative DNS server for tests: Knot DNS (`knotd`, Debian package `knot`) on 127.0.0.1 and a free high
 * port, with a minimal configuration (https://www.knot-dns.cz/docs/latest/html/reference.html; rundir and storage in
 * a temp dir, zone files reread whole on reload, never written back). Every server started must be stopped by the test
 * that started it.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as dnsPacket from 'dns-packet';
import type { RR, SoaData, SrvData } from '../../../src/core/dns/reply.js';

const run = promisify(execFile);

export interface KnotOptions {
    /** Zone origin (no trailing dot) → zone file text. */
    zones: Record<string, string>;
    /** Knot's `udp-max-payload` (its default, 1232, unless given): the largest UDP reply it sends with EDNS. */
    udpMaxPayload?: number;
}

export interface KnotServer {
    host: '127.0.0.1';
    port: number;
    dir: string;
    /** Rewrites the zone files (and the zone list when it changes) and waits until Knot has reloaded them. */
    reload(zones: Record<string, string>): Promise<void>;
    stop(): Promise<void>;
}

const BIND_ATTEMPTS = 5;
/** Loading a 20,000-Service zone takes knotd seconds on a loaded machine; a server that answers sooner is used at once. */
const READY_TIMEOUT_MS = 60_000;

/** A port free for TCP and UDP on 127.0.0.1 right now (it may be taken again before knotd binds it). */
async function freePort(): Promise<number> {
    const port = await new Promise<number>((resolve, reject) => {
        const srv = createServer();
        srv.once('error', reject);
        srv.listen(0, '127.0.0.1', () => {
            const p = (srv.address() as { port: number }).port;
            srv.close(() => resolve(p));
        });
    });
    await new Promise<void>((resolve, reject) => {
        const udp = createSocket('udp4');
        udp.once('error', (e) => {
            udp.close();
            reject(e);
        });
        udp.bind(port, '127.0.0.1', () => udp.close(() => resolve()));
    });
    return port;
}

function knotConf(dir: string, port: number, zones: string[], udpMaxPayload: number): string {
    return [
        'server:',
        `    rundir: "${dir}"`,
        `    listen: [ 127.0.0.1@${port} ]`,
        `    udp-max-payload: ${udpMaxPayload}`,
        'log:',
        '  - target: stderr',
        '    any: notice',
        'database:',
        `    storage: "${dir}"`,
        'template:',
        '  - id: default',
        `    storage: "${dir}"`,
        '    file: "%s.zone"',
        '    zonefile-sync: -1',
        '    zonefile-load: whole',
        '    journal-content: none',
        'zone:',
        ...zones.map((z) => `  - domain: ${z}`),
        '',
    ].join('\n');
}

/** One SOA query over UDP; resolves to the SOA serial, or null when there is no answer yet. */
function soaSerial(port: number, zone: string, timeoutMs: number): Promise<number | null> {
    return new Promise((resolve) => {
        const sock = createSocket('udp4');
        const id = Math.floor(Math.random() * 0x10000);
        const done = (v: number | null) => {
            clearTimeout(timer);
            sock.close();
            resolve(v);
        };
        const timer = setTimeout(() => done(null), timeoutMs);
        sock.on('error', () => done(null));
        sock.on('message', (msg) => {
            try {
                const p = dnsPacket.decode(msg);
                const soa = p.answers?.find((a) => a.type === 'SOA');
                if (p.id === id && soa) done((soa.data as dnsPacket.SoaData).serial ?? 0);
            } catch {
                // not ready
            }
        });
        sock.send(dnsPacket.encode({ type: 'query', id, questions: [{ name: zone, type: 'SOA', class: 'IN' }] }), port, '127.0.0.1');
    });
}

async function waitUntilAnswering(port: number, zones: string[], child: ChildProcess, log: () => string): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (const zone of zones) {
        for (;;) {
            if (child.exitCode !== null || child.signalCode !== null) throw new Error(`knotd exited: ${log().trim()}`);
            if ((await soaSerial(port, zone, 50)) !== null) break;
            if (Date.now() > deadline) throw new Error(`knotd did not serve ${zone} within ${READY_TIMEOUT_MS} ms: ${log().trim()}`);
            await new Promise((r) => setTimeout(r, 10));
        }
    }
}

function writeZones(dir: string, zones: Record<string, string>): void {
    for (const [origin, text] of Object.entries(zones)) writeFileSync(join(dir, `${origin}.zone`), text);
}

/** Starts knotd serving `zones` on 127.0.0.1; retries on another port when the one picked was taken meanwhile. */
export async function startKnot(opts: KnotOptions): Promise<KnotServer> {
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-knot-'));
    const udpMaxPayload = opts.udpMaxPayload ?? 1232;
    let zoneNames = Object.keys(opts.zones);
    writeZones(dir, opts.zones);
    const confPath = join(dir, 'knot.conf');
    let lastError: unknown;
    for (let attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
        const port = await freePort();
        writeFileSync(confPath, knotConf(dir, port, zoneNames, udpMaxPayload));
        const child = spawn('knotd', ['-c', confPath], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
        const spawned = new Promise<void>((resolve, reject) => {
            child.once('spawn', resolve);
            child.once('error', reject);
        });
        try {
            await spawned;
            await waitUntilAnswering(port, zoneNames, child, () => stderr);
        } catch (err) {
            lastError = err;
            if (child.exitCode === null && child.signalCode === null) {
                // the next attempt uses the same rundir: a knotd still running there refuses it ("server PID found")
                const gone = new Promise((resolve) => child.once('exit', resolve));
                child.kill('SIGTERM');
                await gone;
            }
            if ((err as NodeJS.ErrnoException).code === 'ENOENT') break;
            continue;
        }
        const knotc = (...args: string[]) => run('knotc', ['-c', confPath, '-s', join(dir, 'knot.sock'), '-b', ...args]);
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        return {
            host: '127.0.0.1',
            port,
            dir,
            async reload(zones) {
                const names = Object.keys(zones);
                writeZones(dir, zones);
                if (names.join() !== zoneNames.join()) {
                    zoneNames = names;
                    writeFileSync(confPath, knotConf(dir, port, zoneNames, udpMaxPayload));
                    await knotc('reload');
                } else {
                    await knotc('zone-reload');
                }
                await waitUntilAnswering(port, zoneNames, child, () => stderr);
            },
            async stop() {
                if (child.exitCode === null && child.signalCode === null) {
                    child.kill('SIGTERM');
                    await exited;
                }
                rmSync(dir, { recursive: true, force: true });
            },
        };
    }
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not start knotd on 127.0.0.1 after ${BIND_ATTEMPTS} attempts: ${(lastError as Error)?.message ?? lastError}`);
}

/** A character-string in zone-file syntax: quoted, `"` and `\` escaped, other bytes outside printable ASCII as \DDD. */
function zoneString(s: string): string {
    let out = '"';
    for (const b of Buffer.from(s, 'utf8')) {
        if (b < 0x20 || b >= 0x7f) out += `\\${String(b).padStart(3, '0')}`;
        else if (b === 0x22 || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
        else out += String.fromCharCode(b);
    }
    return out + '"';
}

const abs = (name: string) => (name.endsWith('.') ? name : `${name}.`);

function zoneData(rr: RR): string {
    const d = rr.data;
    switch (rr.type) {
        case 'CNAME':
        case 'PTR':
        case 'NS':
            return abs(d as string);
        case 'SRV': {
            const s = d as SrvData;
            return `${s.priority} ${s.weight} ${s.port} ${abs(s.target)}`;
        }
        case 'SOA': {
            const s = d as SoaData;
            return `${abs(s.mname)} ${abs(s.rname)} ${s.serial} ${s.refresh} ${s.retry} ${s.expire} ${s.minimum}`;
        }
        case 'TXT':
            return (Array.isArray(d) ? d : [String(d)]).map(zoneString).join(' ');
        default:
            if (typeof d !== 'string') throw new Error(`zoneFromRecords: cannot write ${rr.type} data ${JSON.stringify(d)}`);
            return d;
    }
}

/** The SOA the harness uses when none is given (negative TTL 5: the SOA MINIMUM, RFC 2308 §5). */
export function defaultSoa(origin: string): SoaData {
    return { mname: `ns.dns.${origin}`, rname: `hostmaster.${origin}`, serial: 1, refresh: 7200, retry: 1800, expire: 86400, minimum: 5 };
}

/**
 * A zone file for `origin` holding `records` (absolute names, no trailing dot), with an SOA and, unless the records
 * have one, an NS at the apex naming the SOA's primary. A record outside the zone is a test bug and throws.
 */
export function zoneFromRecords(origin: string, records: RR[], soa: SoaData = defaultSoa(origin)): string {
    const o = origin.toLowerCase().replace(/\.$/, '');
    const lines = [`$ORIGIN ${abs(o)}`, '$TTL 30', `@ 30 IN SOA ${zoneData({ name: o, type: 'SOA', ttl: 30, data: soa })}`];
    if (!records.some((r) => r.type === 'NS' && r.name.toLowerCase() === o)) lines.push(`@ 30 IN NS ${abs(soa.mname)}`);
    for (const rr of records) {
        const n = rr.name.toLowerCase().replace(/\.$/, '');
        if (n !== o && !n.endsWith(`.${o}`)) throw new Error(`zoneFromRecords: ${rr.name} is outside the zone ${origin}`);
        lines.push(`${abs(rr.name)} ${rr.ttl} IN ${rr.type} ${zoneData(rr)}`);
    }
    return lines.join('\n') + '\n';
}
