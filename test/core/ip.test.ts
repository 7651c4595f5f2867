/**
 * core/dns/ip.ts reads addresses as Go's net.ParseIP does (CoreDNS and the API server are Go): dotted quads without
 * leading zeros (Go ≥ 1.17), each part 0–255, exactly four parts; IPv4-mapped IPv6 counts as IPv4.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatIp, ipFamily, parseIp } from '../../src/core/dns/ip.js';

test('dotted quads Go accepts', () => {
    for (const ip of ['0.0.0.0', '10.244.1.10', '255.255.255.255', '1.2.3.4', '100.64.0.1']) {
        assert.equal(ipFamily(ip), 4, ip);
        assert.equal(formatIp(parseIp(ip)!), ip);
        assert.deepEqual(parseIp(ip)!.bytes.slice(0, 12), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff]);
    }
    assert.deepEqual(parseIp('10.244.1.10')!.bytes.slice(12), [10, 244, 1, 10]);
});

test('dotted quads Go rejects: leading zeros, parts over 255 or of four digits, three or five parts, empty parts, signs, spaces', () => {
    for (const ip of [
        '01.2.3.4',
        '1.2.3.04',
        '00.0.0.0',
        '256.1.1.1',
        '1.2.3.0004',
        '1.2.3',
        '1.2.3.4.5',
        '1.2.3.4.',
        '.1.2.3.4',
        '1..3.4',
        '',
        '+1.2.3.4',
        '1.2.3.4 ',
        ' 1.2.3.4',
        '1.2.3.a',
        '1e1.2.3.4',
    ]) {
        assert.equal(ipFamily(ip), 0, JSON.stringify(ip));
        assert.equal(parseIp(ip), null, JSON.stringify(ip));
    }
});

test('IPv6, and IPv4-mapped IPv6 as IPv4', () => {
    assert.equal(ipFamily('fd00::1'), 6);
    assert.equal(ipFamily('::ffff:10.0.0.1'), 4);
    assert.equal(formatIp(parseIp('::ffff:10.0.0.1')!), '10.0.0.1');
    assert.equal(ipFamily('fe80::1%eth0'), 0);
    assert.equal(ipFamily('::ffff:01.0.0.1'), 0);
});
