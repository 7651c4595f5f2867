/** core/address-table.ts answers as a Map of address strings would, through growth, for IPv4 and anything else. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AddressTable, ipv4Number } from '../../src/core/address-table.js';

test('ipv4Number: dotted quads only, one spelling each', () => {
    assert.equal(ipv4Number('10.244.1.7'), 0x0af40107);
    assert.equal(ipv4Number('0.0.0.0'), 0);
    assert.equal(ipv4Number('255.255.255.255'), 0xffffffff);
    for (const other of ['010.1.2.3', '10.1.2', '10.1.2.3.4', '256.1.1.1', '10.1.2.x', 'fd00::1', '', '1.2.3.-4']) assert.equal(ipv4Number(other), null, other);
});

test('AddressTable keeps what a Map keeps: 50,000 addresses (many growths), re-set values, IPv6 and odd spellings', () => {
    const table = new AddressTable();
    const map = new Map<string, number>();
    let seed = 7;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    const addresses = ['0.0.0.0', '255.255.255.255', 'fd00::1', '010.0.0.1', '10.0.0.1'];
    for (let i = 0; i < 50_000; i++) {
        const n = i % 3 === 0 ? 0x0af40000 + i : random();
        addresses.push([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.'));
    }
    for (const [i, ip] of addresses.entries()) {
        const value = i % 17;
        if (map.get(ip) === undefined) {
            map.set(ip, value);
            table.set(ip, value);
        }
    }
    table.set('10.0.0.1', 99);
    map.set('10.0.0.1', 99);
    for (const ip of [...addresses, '10.9.9.9', 'fd00::2']) assert.equal(table.get(ip), map.get(ip), ip);
    table.clear();
    assert.equal(table.get('10.0.0.1'), undefined);
    assert.equal(table.get('fd00::1'), undefined);
});
