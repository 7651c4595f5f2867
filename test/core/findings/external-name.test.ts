import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kubeadmDefaultDnsConfig } from '../../../src/core/dns/dns-config.js';
import { service } from '../../kit/cluster-builder.js';
import { explain, healthyObjects, only, withCode } from './run-explain.js';

const ext = (externalName: string) => service('db-alias', { type: 'ExternalName', externalName, selector: null });

describe('EXTERNALNAME_IS_IP', () => {
    it('fires for an IPv4 address: CoreDNS answers NXDOMAIN', () => {
        const f = only(explain([ext('192.0.2.7')], 'db-alias').findings, 'EXTERNALNAME_IS_IP');
        assert.equal(f.severity, 'error');
        assert.match(f.message, /points at the IP 192\.0\.2\.7: CoreDNS answers NXDOMAIN/);
        assert.match(f.fix, /EndpointSlice labelled kubernetes\.io\/service-name: db-alias with address 192\.0\.2\.7/);
    });

    it('fires for the trailing-dot form, which is a CNAME to a numeric name', () => {
        assert.match(only(explain([ext('192.0.2.7.')], 'db-alias').findings, 'EXTERNALNAME_IS_IP').message, /CNAME to a numeric name/);
    });

    it('stays quiet for host names, including ones with digits', () => {
        for (const name of ['db.example.com', '1.2.3.example.com', '300.1.1.1']) {
            assert.deepEqual(withCode(explain([ext(name)], 'db-alias').findings, 'EXTERNALNAME_IS_IP'), [], name);
        }
    });
});

describe('EXTERNALNAME_IN_CLUSTER_MISSING', () => {
    it('fires for a Service name in the cluster zone that does not exist', () => {
        const f = only(explain([...healthyObjects(), ext('postgres.app.svc.cluster.local')], 'db-alias').findings, 'EXTERNALNAME_IN_CLUSTER_MISSING');
        assert.equal(f.severity, 'error');
        assert.match(
            f.message,
            /points at postgres\.app\.svc\.cluster\.local, inside the cluster zone cluster\.local, but no Service postgres exists in app: clients get a CNAME and no address \(NODATA\)/,
        );
    });

    it('fires for a missing namespace, an unknown endpoint name and a name outside the svc/pod grammar', () => {
        const objects = healthyObjects();
        assert.match(
            only(explain([...objects, ext('db.nope.svc.cluster.local')], 'db-alias').findings, 'EXTERNALNAME_IN_CLUSTER_MISSING').message,
            /namespace nope does not exist/,
        );
        assert.match(
            only(explain([...objects, ext('db-7.db.app.svc.cluster.local')], 'db-alias').findings, 'EXTERNALNAME_IN_CLUSTER_MISSING').message,
            /no ready endpoint named db-7/,
        );
        assert.match(
            only(explain([...objects, ext('db.cluster.local')], 'db-alias').findings, 'EXTERNALNAME_IN_CLUSTER_MISSING').message,
            /is not a svc or pod name/,
        );
    });

    it('stays quiet for existing in-cluster targets and for names outside the cluster zone', () => {
        const objects = healthyObjects();
        for (const target of ['web.app.svc.cluster.local', 'db-0.db.app.svc.cluster.local.', 'WEB.app.svc.cluster.local', 'db.example.com']) {
            assert.deepEqual(withCode(explain([...objects, ext(target)], 'db-alias').findings, 'EXTERNALNAME_IN_CLUSTER_MISSING'), [], target);
        }
    });

    it('uses the cluster zone from the Corefile', () => {
        const config = { ...kubeadmDefaultDnsConfig(), zones: ['test.com'] };
        assert.equal(withCode(explain([ext('postgres.app.svc.test.com')], 'db-alias', { config }).findings, 'EXTERNALNAME_IN_CLUSTER_MISSING').length, 1);
        assert.deepEqual(withCode(explain([ext('postgres.app.svc.cluster.local')], 'db-alias', { config }).findings, 'EXTERNALNAME_IN_CLUSTER_MISSING'), []);
    });
});
