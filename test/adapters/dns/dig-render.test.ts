import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { queryDns, type QueryOptions } from '../../../src/adapters/dns/index.js';
import type { RR } from '../../../src/core/dns/reply.js';
import { renderDig } from '../../../src/render/dig.js';
import { CLUSTER_LOCAL_RECORDS, REVERSE_RECORDS } from '../../kit/dns/cluster-zone.js';
import { startKnot, zoneFromRecords, type KnotServer } from '../../kit/dns/knot.js';

const run = promisify(execFile);

/** Records that exercise dig's column and escaping rules: owner names of 22 to 25 characters around the TTL column
 * (24), a TTL long enough to push the class column, and TXT strings with quotes, backslashes and non-ASCII bytes. */
const EXTRA: RR[] = [
    ...['abcdefg', 'abcdefgh', 'abcdefghi', 'abcdefghij'].map((l) => ({ name: `${l}.cluster.local`, type: 'A', ttl: 5, data: '10.0.0.1' })),
    { name: 'abcdefghijklmnop.cluster.local', type: 'A', ttl: 86400, data: '10.0.0.2' },
    { name: 'txt.cluster.local', type: 'TXT', ttl: 5, data: ['say "hi"', 'back\\slash', 'café', 'tab\there'] },
];

let knot: KnotServer;
before(async () => {
    knot = await startKnot({
        zones: {
            'cluster.local': zoneFromRecords('cluster.local', [...CLUSTER_LOCAL_RECORDS, ...EXTRA]),
            '244.10.in-addr.arpa': zoneFromRecords('244.10.in-addr.arpa', REVERSE_RECORDS),
        },
    });
});
after(async () => {
    await knot?.stop();
});

/** What depends on the moment or the tool, not on the reply: banners, dig's .local warning, ids, times. */
function comparable(text: string): string {
    return text
        .split('\n')
        .filter(
            (l) => !/^; <<>> |^; \(\d+ servers? found\)|^;; global options:|^;; WARNING: \.local is reserved|^;; You are currently testing|^;; WHEN:/.test(l),
        )
        .map((l) => l.replace(/, id: \d+$/, ', id: N').replace(/^;; Query time: \d+ msec$/, ';; Query time: N msec'))
        .join('\n');
}

const cases: [string, string, Partial<QueryOptions>?][] = [
    ['web.default.svc.cluster.local', 'A'],
    ['web.default.svc.cluster.local', 'AAAA'],
    ['_http._tcp.web.default.svc.cluster.local', 'SRV'],
    ['_https._tcp.api.default.svc.cluster.local', 'SRV', { tcp: true }],
    ['11.1.244.10.in-addr.arpa', 'PTR'],
    ['dns-version.cluster.local', 'TXT'],
    ['txt.cluster.local', 'TXT'],
    ['ext.default.svc.cluster.local', 'A'],
    ['nope.default.svc.cluster.local', 'A'],
    ['api.default.svc.cluster.local', 'AAAA'],
    ['cluster.local', 'SOA'],
    ['cluster.local', 'NS'],
    ['big.default.svc.cluster.local', 'A'],
    ['abcdefg.cluster.local', 'A'],
    ['abcdefgh.cluster.local', 'A'],
    ['abcdefghi.cluster.local', 'A'],
    ['abcdefghij.cluster.local', 'A'],
    ['abcdefghijklmnop.cluster.local', 'A'],
    ['api.default.svc.cluster.local', 'A', { edns: false }],
];

for (const [name, type, extra] of cases) {
    const flags = [extra?.tcp ? '+tcp' : '', extra?.edns === false ? '+noedns' : ''].filter(Boolean);
    test(`-o dig prints ${name} ${type}${flags.length ? ` (${flags.join(' ')})` : ''} as real dig does`, async () => {
        const ex = await queryDns([{ host: knot.host, port: knot.port }], name, type, { timeoutMs: 1000, retries: 0, ...extra });
        const dig = await run('dig', [
            `@${knot.host}`,
            '-p',
            String(knot.port),
            '+nocookie',
            '+noadflag',
            ...(extra?.edns === false ? [] : ['+bufsize=4096']),
            ...flags,
            name,
            type,
        ]);
        assert.equal(comparable(renderDig(ex)), comparable(dig.stdout));
    });
}
