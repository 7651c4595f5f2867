import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatServerAddress, parseServerAddress } from '../../../src/adapters/dns/index.js';

test('a DNS server is HOST, HOST:PORT, [IPv6]:PORT or a bare IPv6 address; the port defaults to 53', () => {
    const cases: [string, { host: string; port: number }][] = [
        ['10.96.0.10', { host: '10.96.0.10', port: 53 }],
        ['127.0.0.1:5353', { host: '127.0.0.1', port: 5353 }],
        ['[::1]:53', { host: '::1', port: 53 }],
        ['[fd00:10:96::a]', { host: 'fd00:10:96::a', port: 53 }],
        ['fd00:10:96::a', { host: 'fd00:10:96::a', port: 53 }],
        ['kube-dns.kube-system.svc.cluster.local:53', { host: 'kube-dns.kube-system.svc.cluster.local', port: 53 }],
        [' 10.0.0.1 ', { host: '10.0.0.1', port: 53 }],
        // BIND's HOST#PORT, as dig and nslookup print a server
        ['127.0.0.1#25301', { host: '127.0.0.1', port: 25301 }],
        ['::1#5353', { host: '::1', port: 5353 }],
        ['dns.example#5353', { host: 'dns.example', port: 5353 }],
    ];
    for (const [text, want] of cases) assert.deepEqual(parseServerAddress(text), want, text);
});

test('a bad server address is a usage error that says what is wrong', () => {
    const cases: [string, RegExp][] = [
        ['', /give an address/],
        ['10.0.0.1:0', /port must be a number from 1 to 65535/],
        ['10.0.0.1:65536', /port must be a number from 1 to 65535/],
        ['10.0.0.1:dns', /port must be a number/],
        ['[10.0.0.1]:53', /not an IPv6 address/],
        ['bad_host!:53', /neither an IP address nor a host name/],
        ['999.1.1.1', /"999\.1\.1\.1" is not a valid IPv4 address/],
        ['10.0.0:53', /not a valid IPv4 address/],
        ['10.0.0.1#', /port must be a number/],
        ['10.0.0.1#dns', /port must be a number/],
    ];
    for (const [text, re] of cases) {
        assert.throws(
            () => parseServerAddress(text),
            (e: Error & { kind?: string }) => e.kind === 'usage' && re.test(e.message),
            text,
        );
    }
});

test('servers print as HOST:PORT, IPv6 in brackets', () => {
    assert.equal(formatServerAddress({ host: '10.96.0.10', port: 53 }), '10.96.0.10:53');
    assert.equal(formatServerAddress({ host: '::1', port: 5353 }), '[::1]:5353');
});
