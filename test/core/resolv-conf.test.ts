/**
 * resolv.conf as glibc and musl read it (resolv.conf(5); glibc resolv/res_init.c, musl src/network/resolvconf.c):
 * keywords at the start of a line, at most 3 nameservers, the last search/domain wins, options accumulate with the last
 * ndots winning (max 15).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseResolvConf } from '../../src/core/dns/parse-resolv-conf.js';

describe('parseResolvConf', () => {
    it('reads what kubelet writes for a ClusterFirst pod', () => {
        const r = parseResolvConf('search dev.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
        assert.deepEqual(r.search, ['dev.svc.cluster.local', 'svc.cluster.local', 'cluster.local']);
        assert.deepEqual(r.nameservers, ['10.96.0.10']);
        assert.equal(r.ndots, 5);
        assert.deepEqual(r.options, ['ndots:5']);
        assert.deepEqual(r.ignored, []);
    });

    it('no options: ndots is the resolver default 1; ndots above 15 is capped at 15; the last ndots wins', () => {
        assert.equal(parseResolvConf('nameserver 1.1.1.1\n').ndots, 1);
        assert.equal(parseResolvConf('options ndots:30\n').ndots, 15);
        assert.equal(parseResolvConf('options ndots:2 timeout:1\noptions ndots:3\n').ndots, 3);
        assert.deepEqual(parseResolvConf('options ndots:2 timeout:1\noptions ndots:3\n').options, ['ndots:2', 'timeout:1', 'ndots:3']);
    });

    it('only the first three nameservers are used (MAXNS); the rest are reported as ignored', () => {
        const r = parseResolvConf('nameserver 10.0.0.1\nnameserver 10.0.0.2\nnameserver 10.0.0.3\nnameserver 10.0.0.4\n');
        assert.deepEqual(r.nameservers, ['10.0.0.1', '10.0.0.2', '10.0.0.3']);
        assert.deepEqual(r.ignoredNameservers, ['10.0.0.4']);
    });

    it('search and domain replace each other: the last one in the file wins; trailing dots are dropped', () => {
        assert.deepEqual(parseResolvConf('search a.example b.example\ndomain c.example\n').search, ['c.example']);
        assert.deepEqual(parseResolvConf('domain c.example\nsearch a.example. b.example\n').search, ['a.example', 'b.example']);
    });

    it('a root entry "." in the search list stays, in place; so do repeated entries (neither library drops them)', () => {
        assert.deepEqual(parseResolvConf('search corp.example . svc.cluster.local corp.example\n').search, [
            'corp.example',
            '.',
            'svc.cluster.local',
            'corp.example',
        ]);
        assert.deepEqual(parseResolvConf('domain .\n').search, ['.']);
    });

    it('comment lines (# or ;), lines starting with a blank and unknown keywords are not used', () => {
        const r = parseResolvConf('# nameserver 9.9.9.9\n; search nope\n  nameserver 8.8.8.8\nsortlist 10.0.0.0/8\nnameserver 10.96.0.10\r\n');
        assert.deepEqual(r.nameservers, ['10.96.0.10']);
        assert.deepEqual(r.search, []);
        assert.deepEqual(r.ignored, ['nameserver 8.8.8.8', 'sortlist 10.0.0.0/8']);
    });
});
