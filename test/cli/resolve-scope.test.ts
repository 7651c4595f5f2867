import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { guessQueriedNamespaces } from '../../src/commands/resolve/scope.js';

describe("resolve's first-round guess at the namespaces its names reach (kubelet search list, default domain)", () => {
    it('web-0.nginx from namespace default reaches default and nginx', () => {
        assert.deepEqual(guessQueriedNamespaces(['web-0.nginx'], 'default', {}, 'glibc'), ['default', 'nginx']);
    });

    it('--zone is honoured: an absolute name in another domain names its namespace only under that domain', () => {
        assert.deepEqual(guessQueriedNamespaces(['api.shop.svc.corp.local.'], 'dev', {}, 'glibc'), []);
        assert.deepEqual(guessQueriedNamespaces(['api.shop.svc.corp.local.'], 'dev', { zone: 'corp.local' }, 'glibc'), ['shop']);
    });

    it('a PTR name needs every namespace', () => {
        assert.equal(guessQueriedNamespaces(['10.0.96.10.in-addr.arpa.'], 'default', {}, 'glibc'), 'all');
    });
});
