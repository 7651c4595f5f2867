import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withoutQueryNoise } from '../../src/core/watch-steady.js';
import type { ResolveReport, ResolveResult } from '../../src/core/resolve-report.js';

const reply = { rcode: 'NOERROR', answers: [{ name: 'a.default.svc.cluster.local', type: 'A', ttl: 30, data: '10.0.0.1' }], additionals: [], because: [] };

function report(
    port: number,
    rttMs: number,
    data = '10.0.0.1',
): { report: ResolveReport; exchanges: Map<ResolveResult, { rttMs: number; id: number; server: { host: string; port: number } }> } {
    const actual = { ...reply, answers: [{ ...reply.answers[0]!, data }] };
    const result: ResolveResult = {
        query: { name: 'a', type: 'A' },
        candidates: [{ name: 'a.default.svc.cluster.local', expected: reply, actual }],
        answeredBy: 'a.default.svc.cluster.local',
        expected: reply,
        actual,
        verdict: 'match',
        differences: [],
        records: [],
        queries: 1,
        expectedQueries: 1,
        server: `127.0.0.1:${port}`,
        transport: 'udp',
        rttMs,
        error: `no reply from [::1]:${port} within 2000 ms`,
    };
    const r: ResolveReport = {
        apiVersion: 'svcdig/v1alpha1',
        kind: 'ResolveReport',
        namespace: 'default',
        source: 'test',
        dns: {
            zones: ['cluster.local'],
            ttl: 30,
            podsMode: 'insecure',
            configSource: 'corefile',
            notes: [],
            search: [],
            ndots: 5,
            stub: 'glibc',
            server: `the demo's DNS responder on 127.0.0.1:${port}`,
        },
        results: [result],
        errors: [{ query: 'a A', server: `127.0.0.1:${port}`, message: `no reply from 127.0.0.1:${port}` }],
    };
    return { report: r, exchanges: new Map([[result, { rttMs, id: port % 65536, server: { host: '127.0.0.1', port } }]]) };
}

test('two rounds that differ only in RTT, query ID and reply port are the same once the noise is left out', () => {
    const a = report(43761, 0.6);
    const b = report(51902, 2.4);
    const sa = withoutQueryNoise(a.report, a.exchanges);
    const sb = withoutQueryNoise(b.report, b.exchanges);
    assert.deepEqual(sa.report, sb.report);
    assert.deepEqual([...sa.exchanges.values()], [...sb.exchanges.values()]);
    assert.equal(sa.exchanges.get(sa.report.results[0]!)?.server.host, '127.0.0.1', 'exchanges are keyed by the copied results');
    assert.equal(sa.report.results[0]!.server, '127.0.0.1:*');
    assert.equal(a.report.results[0]!.rttMs, 0.6, 'the real report is left as it was');
});

test('a different answer is still a difference', () => {
    const a = report(43761, 0.6);
    const b = report(43761, 0.6, '10.0.0.2');
    assert.notDeepEqual(withoutQueryNoise(a.report, a.exchanges).report, withoutQueryNoise(b.report, b.exchanges).report);
});
