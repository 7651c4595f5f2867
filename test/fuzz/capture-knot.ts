/**
 * Captures real replies from Knot DNS (test/kit/dns/knot.ts, the zones of test/kit/dns/cluster-zone.ts) into
 * test/fuzz/corpus/knot-replies.json, the fuzzer's corpus of real server bytes. Run by hand when the zones change:
 *   ./node_modules/.bin/node --import tsx test/fuzz/capture-knot.ts
 * The bytes are sent with dns-packet straight to the server (not through svcdig's resolver), so they are exactly
 * what Knot wrote, over UDP (with and without EDNS) and over TCP.
 */
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as dnsPacket from 'dns-packet';
import { startKnot } from '../kit/dns/knot.js';
import { testenvZones } from '../kit/dns/cluster-zone.js';
import type { CapturedReply } from './corpus.js';

const QUESTIONS: [string, string][] = [
    ['web.default.svc.cluster.local', 'A'],
    ['web.default.svc.cluster.local', 'AAAA'],
    ['WEB.Default.svc.cluster.local', 'A'],
    ['_http._tcp.web.default.svc.cluster.local', 'SRV'],
    ['_https._tcp.api.default.svc.cluster.local', 'SRV'],
    ['11.1.244.10.in-addr.arpa', 'PTR'],
    ['dns-version.cluster.local', 'TXT'],
    ['ext.default.svc.cluster.local', 'A'],
    ['ext.default.svc.cluster.local', 'CNAME'],
    ['nope.default.svc.cluster.local', 'A'],
    ['api.default.svc.cluster.local', 'AAAA'],
    ['api.default.svc.cluster.local', 'A'],
    ['cluster.local', 'SOA'],
    ['cluster.local', 'NS'],
    ['big.default.svc.cluster.local', 'A'],
    ['outside.example.test', 'A'],
];

function query(id: number, name: string, type: string, edns: boolean): dnsPacket.Packet {
    return {
        type: 'query',
        id,
        flags: dnsPacket.RECURSION_DESIRED,
        questions: [{ name, type: type as dnsPacket.RecordType, class: 'IN' }],
        additionals: edns ? [{ name: '.', type: 'OPT', udpPayloadSize: 4096, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }] : [],
    };
}

function askUdp(port: number, q: dnsPacket.Packet): Promise<Buffer> {
    return new Promise((resolve, reject) => {
        const s = createSocket('udp4');
        const timer = setTimeout(() => {
            s.close();
            reject(new Error('UDP timeout'));
        }, 2000);
        s.on('message', (m) => {
            clearTimeout(timer);
            s.close();
            resolve(m);
        });
        s.send(dnsPacket.encode(q), port, '127.0.0.1');
    });
}

function askTcp(port: number, q: dnsPacket.Packet): Promise<Buffer> {
    return new Promise((resolve, reject) => {
        const s = connect({ host: '127.0.0.1', port });
        let got = Buffer.alloc(0);
        const timer = setTimeout(() => {
            s.destroy();
            reject(new Error('TCP timeout'));
        }, 2000);
        s.on('connect', () => s.write(dnsPacket.streamEncode(q)));
        s.on('data', (c: Buffer) => {
            got = Buffer.concat([got, c]);
            if (got.length >= 2 && got.length >= 2 + got.readUInt16BE(0)) {
                clearTimeout(timer);
                s.destroy();
                resolve(got.subarray(2, 2 + got.readUInt16BE(0)));
            }
        });
        s.on('error', reject);
    });
}

const knot = await startKnot({ zones: testenvZones() });
try {
    const out: CapturedReply[] = [];
    let id = 0x1000;
    for (const [name, type] of QUESTIONS) {
        for (const how of ['udp-edns', 'udp', 'tcp'] as const) {
            id++;
            const q = query(id, name, type, how !== 'udp');
            const reply = how === 'tcp' ? await askTcp(knot.port, q) : await askUdp(knot.port, q);
            out.push({ source: `knot ${how}`, id, name, type, hex: reply.toString('hex') });
        }
    }
    const path = fileURLToPath(new URL('./corpus/knot-replies.json', import.meta.url));
    writeFileSync(path, JSON.stringify(out, null, 1) + '\n');
    console.log(`captured ${out.length} replies into ${path}`);
} finally {
    await knot.stop();
}
