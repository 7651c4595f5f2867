/**
 * The zones the resolver tests run Knot with, as RR lists: cluster.local (ClusterIP `api`, headless `web` with 3 pods,
 * ExternalName `ext`, headless `big` with 200 endpoints so UDP truncates) and 244.10.in-addr.arpa (the web pods' PTRs).
 */
import type { RR } from '../../../src/core/dns/reply.js';
import { zoneFromRecords } from './knot.js';

const rr = (name: string, type: string, data: RR['data'], ttl = 5): RR => ({ name, type, ttl, data });

export const WEB_POD_IPS = ['10.244.1.10', '10.244.1.11', '10.244.1.12'];
export const BIG_ENDPOINTS = 200;

export const CLUSTER_LOCAL_RECORDS: RR[] = [
    rr('ns.dns.cluster.local', 'A', '10.96.0.10', 30),
    rr('dns-version.cluster.local', 'TXT', ['1.1.0'], 30),
    rr('api.default.svc.cluster.local', 'A', '10.96.0.20'),
    rr('_https._tcp.api.default.svc.cluster.local', 'SRV', { priority: 0, weight: 100, port: 443, target: 'api.default.svc.cluster.local' }),
    ...WEB_POD_IPS.map((ip) => rr('web.default.svc.cluster.local', 'A', ip)),
    rr('web.default.svc.cluster.local', 'AAAA', 'fd00:10:244:1::a'),
    ...WEB_POD_IPS.map((ip, i) => rr(`web-${i}.web.default.svc.cluster.local`, 'A', ip)),
    ...WEB_POD_IPS.map((_, i) =>
        rr('_http._tcp.web.default.svc.cluster.local', 'SRV', { priority: 0, weight: 33, port: 80, target: `web-${i}.web.default.svc.cluster.local` }),
    ),
    rr('ext.default.svc.cluster.local', 'CNAME', 'db.example.test'),
    ...Array.from({ length: BIG_ENDPOINTS }, (_, i) => rr('big.default.svc.cluster.local', 'A', `10.244.2.${i + 1}`)),
];

export const REVERSE_RECORDS: RR[] = WEB_POD_IPS.map((ip, i) =>
    rr(`${ip.split('.').reverse().join('.')}.in-addr.arpa`, 'PTR', `web-${i}.web.default.svc.cluster.local`),
);

export function testenvZones(): Record<string, string> {
    return {
        'cluster.local': zoneFromRecords('cluster.local', CLUSTER_LOCAL_RECORDS),
        '244.10.in-addr.arpa': zoneFromRecords('244.10.in-addr.arpa', REVERSE_RECORDS),
    };
}
