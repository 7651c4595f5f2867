import { test } from 'node:test';
import assert from 'node:assert/strict';
import { namespaceConflict, parseObjectRef, typeNameWords } from '../../src/core/object-ref.js';
import { closeNames } from '../../src/core/suggest.js';

test('Services: NAME, NS/NAME, NAME.NS and kubectl TYPE/NAME', () => {
    assert.deepEqual(parseObjectRef('nginx', 'Service'), { name: 'nginx' });
    assert.deepEqual(parseObjectRef('default/nginx', 'Service'), { name: 'nginx', namespace: 'default' });
    assert.deepEqual(parseObjectRef('nginx.default', 'Service'), { name: 'nginx', namespace: 'default' });
    for (const type of ['svc', 'service', 'services', 'SVC']) assert.deepEqual(parseObjectRef(`${type}/nginx`, 'Service'), { name: 'nginx' }, type);
    assert.deepEqual(parseObjectRef('svc/nginx.default', 'Service'), { name: 'nginx', namespace: 'default' });
    // pod/ and deploy/ are kubectl types, not namespaces (kubectl reads X/Y as TYPE/NAME): a problem naming the kind.
    assert.deepEqual(parseObjectRef('pod/nginx', 'Service', 'explain'), {
        problem: 'pod/nginx is a pod: explain takes a Service, not a pod',
        hint: 'for a pod, try svcdig env --pod nginx, or svcdig resolve NAME --as-pod nginx',
    });
    assert.match((parseObjectRef('Deploy/nginx', 'Service') as { problem: string }).problem, /^Deploy\/nginx is a deployment: this command takes a Service/);
    assert.match((parseObjectRef('svc/nginx', 'pod', '--pod') as { problem: string }).problem, /^svc\/nginx is a Service: --pod takes a pod/);
    // A namespace that is no type word stays a namespace.
    assert.deepEqual(parseObjectRef('prod/nginx', 'Service'), { name: 'nginx', namespace: 'prod' });
});

test("kubectl's TYPE NAME... order reads as TYPE/NAME; other words stay as typed", () => {
    assert.deepEqual(typeNameWords(['svc', 'nginx']), ['svc/nginx']);
    assert.deepEqual(typeNameWords(['services', 'a', 'b']), ['services/a', 'services/b']);
    assert.deepEqual(typeNameWords(['pod', 'web-0']), ['pod/web-0']);
    assert.deepEqual(typeNameWords(['svc']), ['svc'], 'a Service named svc');
    assert.deepEqual(typeNameWords(['nginx', 'web']), ['nginx', 'web']);
    assert.deepEqual(typeNameWords(['svc/nginx', 'web']), ['svc/nginx', 'web']);
});

test('pods: NAME and NS/NAME; a dot is part of a pod name (a DNS subdomain), never a namespace', () => {
    assert.deepEqual(parseObjectRef('web-0.default', 'pod'), { name: 'web-0.default' });
    assert.deepEqual(parseObjectRef('prod/web-0', 'pod'), { name: 'web-0', namespace: 'prod' });
    assert.deepEqual(parseObjectRef('po/web-0', 'pod'), { name: 'web-0' });
});

test('what names nothing says so', () => {
    const problem = (text: string, kind: 'Service' | 'pod' = 'Service') => (parseObjectRef(text, kind) as { problem: string }).problem;
    assert.equal(problem('a/b/c'), 'a Service is named NAME, NAMESPACE/NAME or NAME.NAMESPACE, got "a/b/c"');
    assert.equal(problem('/nginx', 'pod'), 'a pod is named NAME or NAMESPACE/NAME, got "/nginx"');
    assert.equal(problem('nginx/'), 'a Service is named NAME, NAMESPACE/NAME or NAME.NAMESPACE, got "nginx/"');
    assert.match(problem('Default/nginx'), /^invalid namespace "Default" in "Default\/nginx": must be a DNS-1123 label/);
    assert.match(problem('nginx.Default'), /^invalid namespace "Default" in "nginx\.Default"/);
    assert.match(problem('nginx.default.svc'), /"nginx\.default\.svc" is a DNS name \(svcdig resolve nginx\.default\.svc answers for it\)$/);
});

test('a namespace in the name conflicts only with a different -n', () => {
    assert.equal(namespaceConflict('b/nginx', { name: 'nginx', namespace: 'b' }, 'a'), 'the namespace of "b/nginx" ("b") does not match -n "a"');
    assert.equal(namespaceConflict('b/nginx', { name: 'nginx', namespace: 'b' }, 'b'), undefined);
    assert.equal(namespaceConflict('b/nginx', { name: 'nginx', namespace: 'b' }, undefined), undefined);
    assert.equal(namespaceConflict('nginx', { name: 'nginx' }, 'a'), undefined);
});

test('close names ignore case (a slip of the shift key), still by edit distance ≤ 2', () => {
    assert.deepEqual(closeNames('NGINX', ['nginx', 'redis']), ['nginx']);
    assert.deepEqual(closeNames('Ngnix', ['nginx', 'redis']), ['nginx']);
    assert.deepEqual(closeNames('postgres', ['nginx', 'redis']), []);
    // A name that differs only in case is the one meant: the others are not offered with it.
    assert.deepEqual(closeNames('NGINX', ['nginx', 'nginx-public']), ['nginx']);
    assert.deepEqual(closeNames('ngin', ['nginx', 'nginx-public']), ['nginx', 'nginx-public']);
});
