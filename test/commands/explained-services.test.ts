/**
 * src/commands/check/explained-services.ts: Services reach the report in order, each with its differences explained;
 * one that needs the owners of an address holds itself and every later Service until enough records wait or the check
 * ends, and then one lookup serves them all. A Service that needs none, with nothing held before it, goes at once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExplainedServices } from '../../src/commands/check/explained-services.js';
import type { RecordCheck, ServiceCheck } from '../../src/core/check-report.js';
import type { Difference } from '../../src/core/compare.js';
import { noOwners, type AddressOwners } from '../../src/core/difference-reasons.js';
import type { Service } from '../../src/core/k8s.js';

const unexpected = (ip: string): Difference => ({
    kind: 'unexpected',
    noteOnly: false,
    message: `unexpected A ${ip}`,
    record: { name: 'x', type: 'A', data: ip },
});

function service(name: string, records: number, differences: Difference[] = []): ServiceCheck {
    const rs: RecordCheck[] = Array.from({ length: records }, (_, i) => ({
        name: `${name}-${i}.ns.svc.cluster.local`,
        type: 'A',
        verdict: i === 0 && differences.length ? 'mismatch' : 'match',
        differences: i === 0 ? differences.map((d) => ({ ...d })) : [],
    }));
    return { namespace: 'ns', name, type: 'ClusterIP', records: rs, findings: [], failed: differences.length > 0 };
}

/** Owners where 10.0.0.1 is Service ns/owner's ClusterIP; records each lookup's addresses. */
function owners(lookups: string[][]): (ips: Set<string>) => Promise<AddressOwners> {
    const owner = { metadata: { name: 'owner', namespace: 'ns' }, spec: {} } as Service;
    return async (ips) => {
        lookups.push([...ips].sort());
        return { ...noOwners(), servicesByIP: new Map([['10.0.0.1', [owner]]]) };
    };
}

test('Services without addresses to look up go out at once, in order, and no lookup is made', async () => {
    const out: string[] = [];
    const lookups: string[][] = [];
    const stream = new ExplainedServices(
        (s) => out.push(s.name),
        owners(lookups),
        () => new Date(0),
        10,
    );
    await stream.add([service('a', 3), service('b', 2)]);
    assert.deepEqual(out, ['a', 'b']);
    await stream.add([service('c', 1)]);
    await stream.finish();
    assert.deepEqual(out, ['a', 'b', 'c']);
    assert.deepEqual(lookups, []);
});

test('a Service needing owners holds the ones after it; one lookup for all when enough records wait, order kept', async () => {
    const out: ServiceCheck[] = [];
    const lookups: string[][] = [];
    const stream = new ExplainedServices(
        (s) => out.push(s),
        owners(lookups),
        () => new Date(0),
        10,
    );
    await stream.add([service('a', 2), service('b', 3, [unexpected('10.0.0.1')]), service('c', 2)]);
    assert.deepEqual(
        out.map((s) => s.name),
        ['a'],
        'b waits for its owners, c waits behind b',
    );
    await stream.add([service('d', 4, [unexpected('192.0.2.9')]), service('e', 1)]);
    assert.deepEqual(
        out.map((s) => s.name),
        ['a', 'b', 'c', 'd', 'e'],
        '10 records held: looked up and written',
    );
    assert.deepEqual(lookups, [['10.0.0.1', '192.0.2.9']]);
    const reason = (name: string) => out.find((s) => s.name === name)!.records[0]!.differences[0]!.reason;
    assert.match(reason('b')!, /is the ClusterIP of Service ns\/owner/);
    assert.match(reason('d')!, /192\.0\.2\.9 belongs to no pod or Service/);
    await stream.add([service('f', 1, [unexpected('10.0.0.1')]), service('g', 1)]);
    assert.equal(out.length, 5);
    await stream.finish();
    assert.deepEqual(
        out.map((s) => s.name),
        ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
    );
    assert.deepEqual(lookups, [['10.0.0.1', '192.0.2.9'], ['10.0.0.1']], 'the rest at the end, in a second lookup');
});
