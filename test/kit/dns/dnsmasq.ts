/**
 * dnsmasq (Debian `dnsmasq-base`) as a test peer with CoreDNS-like truncation: over UDP it sends TC=1 with as many
 * records as fit, where Knot sends none (CoreDNS truncates with miekg/dns `Msg.Truncate`, coredns/coredns#4684;
 * test/adapters/dns/resolver-faults.test.ts shows both shapes). All configuration is on the command line; it runs in
 * the foreground on 127.0.0.1 and a free high port. Stop it in the test that started it.
 */
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import * as dnsPacket from 'dns-packet';

export interface DnsmasqServer {
    host: '127.0.0.1';
    port: number;
    stop(): Promise<void>;
}

async function freePort(): Promise<number> {
    return new Promise<number>((resolve, reject) => {
        const srv = createServer();
        srv.once('error', reject);
        srv.listen(0, '127.0.0.1', () => {
            const p = (srv.address() as { port: number }).port;
            srv.close(() => resolve(p));
        });
    });
}

function answers(port: number, name: string): Promise<boolean> {
    return new Promise((resolve) => {
        const sock = createSocket('udp4');
        const done = (v: boolean) => {
            clearTimeout(timer);
            sock.close();
            resolve(v);
        };
        const timer = setTimeout(() => done(false), 50);
        sock.on('error', () => done(false));
        sock.on('message', () => done(true));
        sock.send(dnsPacket.encode({ type: 'query', id: 1, questions: [{ name, type: 'A', class: 'IN' }] }), port, '127.0.0.1');
    });
}

/** Serves `hosts` (name → addresses) under `--local=/<zone>/`. */
export async function startDnsmasq(opts: { zone: string; hosts: Record<string, string[]>; ttl?: number }): Promise<DnsmasqServer> {
    let lastError = '';
    for (let attempt = 0; attempt < 5; attempt++) {
        const port = await freePort();
        const args = [
            '-k',
            `--port=${port}`,
            '--listen-address=127.0.0.1',
            '--bind-interfaces',
            '--no-resolv',
            '--no-hosts',
            '--user=',
            '--pid-file=',
            '--log-facility=-',
            `--local=/${opts.zone}/`,
            `--local-ttl=${opts.ttl ?? 5}`,
            ...Object.entries(opts.hosts).flatMap(([name, ips]) => ips.map((ip) => `--host-record=${name},${ip}`)),
        ];
        const child = spawn('dnsmasq', args, { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        const spawnError = await new Promise<Error | null>((resolve) => {
            child.once('spawn', () => resolve(null));
            child.once('error', resolve);
        });
        if (spawnError) throw new Error(`cannot run dnsmasq: ${spawnError.message}`);
        const first = Object.keys(opts.hosts)[0] ?? opts.zone;
        const deadline = Date.now() + 5000;
        let ready = false;
        while (!ready && Date.now() < deadline && child.exitCode === null) ready = await answers(port, first);
        if (ready) {
            return {
                host: '127.0.0.1',
                port,
                async stop() {
                    if (child.exitCode === null && child.signalCode === null) {
                        child.kill('SIGTERM');
                        await exited;
                    }
                },
            };
        }
        lastError = stderr.trim();
        if (child.exitCode === null) {
            child.kill('SIGTERM');
            await exited;
        }
    }
    throw new Error(`could not start dnsmasq on 127.0.0.1: ${lastError}`);
}
