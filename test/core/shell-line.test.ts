/** The session's line reader and its TAB completion (pure; the terminal itself is driven in test/cli/shell-tmux.test.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseShellLine } from '../../src/core/shell/line.js';
import { unknownTypeMessage } from '../../src/core/dns/record-types.js';
import { completeShellLine, type CompletionNames } from '../../src/core/shell/complete.js';

describe('parseShellLine', () => {
    it("reads nslookup's set keywords and their short forms, case-insensitively", () => {
        assert.deepEqual(parseShellLine('set q=mx'), { kind: 'change', change: { type: 'MX' } });
        assert.deepEqual(parseShellLine('SET TY=srv'), { kind: 'change', change: { type: 'SRV' } });
        assert.deepEqual(parseShellLine('set ret=3'), { kind: 'change', change: { retry: 3 } });
        assert.deepEqual(parseShellLine('set ti=5'), { kind: 'change', change: { timeout: '5' } });
        assert.deepEqual(parseShellLine('set do=dev.svc.cluster.local'), { kind: 'change', change: { search: ['dev.svc.cluster.local'] } });
        assert.deepEqual(parseShellLine('set srchlist=a.b/c.d.'), { kind: 'change', change: { search: ['a.b', 'c.d'] } });
        assert.deepEqual(parseShellLine('set nodeb'), { kind: 'change', change: { debug: false } });
        assert.deepEqual(parseShellLine('set all'), { kind: 'show-settings' });
    });

    it('a line that is no verb is a name, with an optional server; comments and blank lines are nothing', () => {
        assert.deepEqual(parseShellLine('  web-0.nginx  '), { kind: 'lookup', name: 'web-0.nginx' });
        assert.deepEqual(parseShellLine('web-0.nginx 10.96.0.10'), { kind: 'lookup', name: 'web-0.nginx', server: '10.96.0.10' });
        assert.deepEqual(parseShellLine('# a comment'), { kind: 'nothing' });
        assert.deepEqual(parseShellLine('web-0.nginx # a comment'), { kind: 'lookup', name: 'web-0.nginx' });
    });

    it("HOST#PORT (nslookup's and dig's form) is a server with a port, not a comment; \\NAME is a name, not a verb", () => {
        assert.deepEqual(parseShellLine('server 127.0.0.1#5353'), { kind: 'change', change: { server: '127.0.0.1:5353' } });
        assert.deepEqual(parseShellLine('server ::1#5353'), { kind: 'change', change: { server: '[::1]:5353' } });
        assert.deepEqual(parseShellLine('web-0.nginx 127.0.0.1#5353'), { kind: 'lookup', name: 'web-0.nginx', server: '127.0.0.1:5353' });
        assert.deepEqual(parseShellLine('\\server'), { kind: 'lookup', name: 'server' });
        assert.deepEqual(parseShellLine('\\check 127.0.0.1'), { kind: 'lookup', name: 'check', server: '127.0.0.1' });
        assert.deepEqual(parseShellLine(''), { kind: 'nothing' });
    });

    it("takes nslookup's spellings: unique prefixes, search/nosearch as flags, options with no effect here as notes", () => {
        for (const line of ['set query=mx', 'set qu=MX', 'set typ=MX'])
            assert.deepEqual(parseShellLine(line), { kind: 'change', change: { type: 'MX' } }, line);
        assert.deepEqual(parseShellLine('set po=5353'), { kind: 'change', change: { port: 5353 } });
        assert.deepEqual(parseShellLine('set tim=3'), { kind: 'change', change: { timeout: '3' } });
        assert.deepEqual(parseShellLine('set retr=2'), { kind: 'change', change: { retry: 2 } });
        assert.deepEqual(parseShellLine('set sea=a.b'), { kind: 'change', change: { search: ['a.b'] } });
        assert.deepEqual(parseShellLine('set nosearch'), { kind: 'change', change: { search: [] } });
        assert.deepEqual(parseShellLine('set search'), { kind: 'change', change: { search: null } });
        for (const line of [
            'set class=IN',
            'set cl=in',
            'set recurse',
            'set norec',
            'set d2',
            'set nod2',
            'set defname',
            'set nodef',
            'set fail',
            'set nofail',
        ])
            assert.equal(parseShellLine(line).kind, 'ignored', line);
        assert.equal(parseShellLine('set class=CH').kind, 'error');
        const unknown = parseShellLine('set bogus');
        assert.ok(unknown.kind === 'error' && unknown.message.includes('querytype'), 'the error lists the keywords');
    });

    it('bad values are errors, one line each', () => {
        for (const line of [
            'set type=NOPE',
            'set ndots=16',
            'set retry=11',
            'set port=0',
            'set vc=1',
            'set type',
            'set a b',
            'stub uclibc',
            'exit now',
            'a b c',
            'ns UPPER',
        ])
            assert.equal(parseShellLine(line).kind, 'error', line);
    });

    it('set type=TYPE0 says what -t TYPE0 says: the one message for a type that names none', () => {
        for (const typed of ['TYPE0', 'TYPE99999', 'NOPE']) {
            const r = parseShellLine(`set type=${typed}`);
            assert.deepEqual(r, { kind: 'error', message: unknownTypeMessage(typed) }, typed);
        }
        assert.match(unknownTypeMessage('TYPE0'), /TYPEnnn takes a type code from 1 to 65535/);
    });
});

describe('completeShellLine', () => {
    const names: CompletionNames = {
        namespace: 'default',
        namespaces: ['default', 'kube-system'],
        services: [
            ['default', 'nginx'],
            ['kube-system', 'kube-dns'],
        ],
        pods: [
            ['default', 'web-0'],
            ['kube-system', 'coredns-1'],
        ],
        podNames: [['default', 'web-0.nginx']],
    };
    it('the first word: verbs, Services (NAME.NAMESPACE outside the namespace) and pod names', () => {
        assert.deepEqual(completeShellLine('e', names), [['env', 'exit', 'expected-only', 'explain'], 'e']);
        assert.deepEqual(completeShellLine('kube', names), [['kube-dns.kube-system'], 'kube']);
        assert.deepEqual(completeShellLine('web', names), [['web-0.nginx'], 'web']);
    });
    it("a verb's argument: its values from the cache", () => {
        assert.deepEqual(completeShellLine('as-pod k', names), [['kube-system/coredns-1'], 'k']);
        assert.deepEqual(completeShellLine('env ', names), [['web-0'], '']);
        assert.deepEqual(completeShellLine('explain ', names), [['nginx'], '']);
        assert.deepEqual(completeShellLine('set namespace=k', names), [['namespace=kube-system'], 'namespace=k']);
        assert.deepEqual(completeShellLine('set q=AA', names), [['q=AAAA'], 'q=AA']);
        assert.deepEqual(completeShellLine('via p', names), [['port-forward'], 'p']);
    });
});
