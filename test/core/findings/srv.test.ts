import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backed, endpoint, pod, service, slice } from '../../kit/cluster-builder.js';
import { explain, healthyObjects, only, withCode } from './run-explain.js';

describe('UNNAMED_PORTS_NO_SRV', () => {
    it('is information for an unnamed port: no _name._proto SRV, only the bare-name SRV', () => {
        const svc = service('web', { ports: [{ port: 80, targetPort: 8080 }] });
        const f = only(explain(backed(svc, [pod('web-a')]), 'web').findings, 'UNNAMED_PORTS_NO_SRV');
        assert.equal(f.severity, 'info');
        assert.match(f.message, /port 80\/TCP has no name: no _<name>\._tcp\.web\.app\.svc\.cluster\.local SRV record/);
        assert.match(f.message, /SRV query on web\.app\.svc\.cluster\.local lists it/);
    });

    it('stays quiet when every port is named, and for ExternalName Services', () => {
        assert.deepEqual(withCode(explain(healthyObjects(), 'web').findings, 'UNNAMED_PORTS_NO_SRV'), []);
        const ext = service('ext', { type: 'ExternalName', externalName: 'example.com', ports: [{ port: 80 }] });
        assert.deepEqual(withCode(explain([ext], 'ext').findings, 'UNNAMED_PORTS_NO_SRV'), []);
    });
});

describe('PORT_NAME_NOT_SRV_LABEL', () => {
    it('warns about a port name longer than 15 characters (valid DNS label, not an RFC 6335 service name)', () => {
        const svc = service('web', { ports: [{ name: 'http-metrics-endpoint', port: 9090, targetPort: 8080 }] });
        const f = only(explain(backed(svc, [pod('web-a')]), 'web').findings, 'PORT_NAME_NOT_SRV_LABEL');
        assert.equal(f.severity, 'warning');
        assert.match(f.message, /"http-metrics-endpoint" \(9090\/TCP\) is 21 characters \(an RFC 6335 service name has at most 15\)/);
    });

    it('warns about an all-digit name and about a 63-character name whose SRV label would be 64 octets', () => {
        const long = 'a'.repeat(63);
        const svc = service('web', {
            ports: [
                { name: '8080', port: 80, targetPort: 8080 },
                { name: long, port: 81, targetPort: 8080 },
            ],
        });
        const hits = withCode(explain(backed(svc, [pod('web-a')]), 'web').findings, 'PORT_NAME_NOT_SRV_LABEL');
        assert.equal(hits.length, 2);
        assert.ok(hits.some((f) => /"8080" \(80\/TCP\) has no letter/.test(f.message)));
        assert.ok(hits.some((f) => /64 octets, over the 63 a DNS label allows/.test(f.message)));
    });

    it('stays quiet for short lower-case names with a letter (15 characters is still fine)', () => {
        const svc = service('web', { ports: [{ name: 'http-metrics-ab', port: 80, targetPort: 8080 }] });
        assert.deepEqual(withCode(explain(backed(svc, [pod('web-a')]), 'web').findings, 'PORT_NAME_NOT_SRV_LABEL'), []);
        assert.deepEqual(withCode(explain(healthyObjects(), 'web').findings, 'PORT_NAME_NOT_SRV_LABEL'), []);
    });
});

describe('HEADLESS_NO_PORTS', () => {
    it('warns that a headless Service without ports has no SRV records', () => {
        const svc = service('peers', { clusterIP: 'None', ports: [], selector: { app: 'peers' } });
        const f = only(explain(backed(svc, [pod('p-0', { labels: { app: 'peers' } })]), 'peers').findings, 'HEADLESS_NO_PORTS');
        assert.equal(f.severity, 'warning');
        assert.match(f.message, /headless Service app\/peers has no ports: no SRV records; CoreDNS still answers A\/AAAA/);
    });

    it('stays quiet with ports, and for a selector-less headless Service whose own slice carries ports', () => {
        assert.deepEqual(withCode(explain(healthyObjects(), 'db').findings, 'HEADLESS_NO_PORTS'), []);
        const svc = service('ext-db', { clusterIP: 'None', ports: [], selector: null });
        const manual = slice('ext-db', [endpoint('192.0.2.10', { noConditions: true })], { name: 'ext-db-1', ports: [{ name: 'sql', port: 5432 }] });
        assert.deepEqual(withCode(explain([svc, manual], 'ext-db').findings, 'HEADLESS_NO_PORTS'), []);
    });
});

describe('HEADLESS_SESSION_AFFINITY', () => {
    it('warns that ClientIP affinity does nothing without a ClusterIP', () => {
        const svc = service('db', { clusterIP: 'None', sessionAffinity: 'ClientIP', selector: { app: 'db' } });
        const f = only(explain(backed(svc, [pod('db-0', { labels: { app: 'db' } })]), 'db').findings, 'HEADLESS_SESSION_AFFINITY');
        assert.equal(f.severity, 'warning');
        assert.match(f.message, /sets sessionAffinity: ClientIP, which has no effect/);
    });

    it('stays quiet for ClientIP on a ClusterIP Service', () => {
        const svc = service('web', { sessionAffinity: 'ClientIP' });
        assert.deepEqual(withCode(explain(backed(svc, [pod('web-a')]), 'web').findings, 'HEADLESS_SESSION_AFFINITY'), []);
    });
});
