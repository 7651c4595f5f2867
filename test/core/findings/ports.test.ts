import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backed, pod, service } from '../../kit/cluster-builder.js';
import { explain, healthyObjects, only, withCode } from './run-explain.js';

const sidecar = { name: 'proxy', image: 'envoy', restartPolicy: 'Always', ports: [{ name: 'http', containerPort: 15001, protocol: 'TCP' }] };

describe('TARGETPORT_NAME_MISSING', () => {
    it('names the pods without the named port and the ports their containers do declare', () => {
        const svc = service('web', { ports: [{ name: 'http', port: 80, targetPort: 'http' }] });
        const renamed = pod('web-b', { containers: [{ name: 'main', image: 'nginx', ports: [{ name: 'web', containerPort: 8080, protocol: 'TCP' }] }] });
        const f = only(explain(backed(svc, [pod('web-a'), renamed]), 'web').findings, 'TARGETPORT_NAME_MISSING');
        assert.equal(f.severity, 'error');
        assert.match(f.message, /targets port name "http", which 1 of 2 selected pods do not declare: web-b \(main has web\)/);
        assert.doesNotMatch(f.message, /web-a/);
        assert.deepEqual(f.objects, ['Service/app/web', 'Pod/app/web-b']);
    });

    it('counts a sidecar init container (restartPolicy Always) but not a plain init container', () => {
        const svc = service('web', { ports: [{ name: 'http', port: 80, targetPort: 'http' }] });
        const noPorts = [{ name: 'main', image: 'app' }];
        const withSidecar = pod('web-a', { containers: noPorts, initContainers: [sidecar] });
        const withPlainInit = pod('web-b', { containers: noPorts, initContainers: [{ ...sidecar, restartPolicy: undefined }] });
        const f = only(explain(backed(svc, [withSidecar, withPlainInit]), 'web').findings, 'TARGETPORT_NAME_MISSING');
        assert.match(f.message, /web-b/);
        assert.doesNotMatch(f.message, /web-a/);
    });

    it('explains a quoted number as a port name', () => {
        const svc = service('web', { ports: [{ name: 'http', port: 80, targetPort: '8080' }] });
        const f = only(explain(backed(svc, [pod('web-a')]), 'web').findings, 'TARGETPORT_NAME_MISSING');
        assert.match(f.message, /which no selected pod declares/);
        assert.match(f.fix, /unquoted \(targetPort: 8080\)/);
    });

    it('stays quiet when every pod declares the name with the protocol', () => {
        assert.deepEqual(withCode(explain(healthyObjects(), 'web').findings, 'TARGETPORT_NAME_MISSING'), []);
    });
});

describe('TARGETPORT_PROTOCOL_MISMATCH', () => {
    it('fires when the name exists only with another protocol, and not as a missing name', () => {
        const svc = service('dns', { ports: [{ name: 'dns', port: 53, targetPort: 'dns', protocol: 'TCP' }], selector: { app: 'dns' } });
        const p = pod('dns-a', { labels: { app: 'dns' }, containers: [{ name: 'coredns', ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }] }] });
        const x = explain(backed(svc, [p]), 'dns');
        const f = only(x.findings, 'TARGETPORT_PROTOCOL_MISMATCH');
        assert.equal(f.severity, 'error');
        assert.match(f.message, /targets "dns" over TCP, but 1 pod declares it with another protocol: dns-a \(container coredns declares it as UDP\)/);
        assert.deepEqual(withCode(x.findings, 'TARGETPORT_NAME_MISSING'), []);
    });

    it('stays quiet when the protocols agree (a UDP Service port over a UDP container port)', () => {
        const svc = service('dns', { ports: [{ name: 'dns', port: 53, targetPort: 'dns', protocol: 'UDP' }], selector: { app: 'dns' } });
        const p = pod('dns-a', { labels: { app: 'dns' }, containers: [{ name: 'coredns', ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }] }] });
        assert.deepEqual(withCode(explain(backed(svc, [p]), 'dns').findings, 'TARGETPORT_PROTOCOL_MISMATCH'), []);
    });
});

describe('TARGETPORT_NOT_DECLARED', () => {
    it('is information when pods declare ports but not the numeric targetPort', () => {
        const svc = service('web', { ports: [{ name: 'http', port: 80, targetPort: 9376 }] });
        const f = only(explain(backed(svc, [pod('web-a')]), 'web').findings, 'TARGETPORT_NOT_DECLARED');
        assert.equal(f.severity, 'info');
        assert.match(f.message, /targets 9376\/TCP, which 1 selected pod does not declare: web-a \(declares 8080\/TCP\)/);
    });

    it('mentions a number declared only with another protocol', () => {
        const svc = service('web', { ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'UDP' }] });
        assert.match(only(explain(backed(svc, [pod('web-a')]), 'web').findings, 'TARGETPORT_NOT_DECLARED').message, /declares 8080 only as TCP/);
    });

    it('stays quiet when the number is declared, and for pods that declare no ports at all', () => {
        const declared = service('web', { ports: [{ name: 'http', port: 80, targetPort: 8080 }] });
        assert.deepEqual(withCode(explain(backed(declared, [pod('web-a')]), 'web').findings, 'TARGETPORT_NOT_DECLARED'), []);
        const bare = pod('web-a', { containers: [{ name: 'main', image: 'nginx' }] });
        const svc = service('web', { ports: [{ name: 'http', port: 80, targetPort: 80 }] });
        assert.deepEqual(withCode(explain(backed(svc, [bare]), 'web').findings, 'TARGETPORT_NOT_DECLARED'), []);
    });
});

describe('NODEPORT_OUTSIDE_DEFAULT_RANGE', () => {
    it('is information for a nodePort outside 30000-32767', () => {
        const svc = service('web', { type: 'NodePort', ports: [{ name: 'http', port: 80, targetPort: 'http', nodePort: 8080 }] });
        const f = only(explain(backed(svc, [pod('web-a')]), 'web').findings, 'NODEPORT_OUTSIDE_DEFAULT_RANGE');
        assert.equal(f.severity, 'info');
        assert.match(f.message, /nodePort 8080 \(port http 80\/TCP\), outside the default range 30000-32767/);
    });

    it('stays quiet at both ends of the default range', () => {
        const svc = service('web', {
            type: 'NodePort',
            ports: [
                { name: 'http', port: 80, targetPort: 'http', nodePort: 30000 },
                { name: 'alt', port: 81, targetPort: 'http', nodePort: 32767 },
            ],
        });
        assert.deepEqual(withCode(explain(backed(svc, [pod('web-a')]), 'web').findings, 'NODEPORT_OUTSIDE_DEFAULT_RANGE'), []);
    });
});
