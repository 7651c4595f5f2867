import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CLUSTER_FINDING_RULES, FINDING_CATALOGUE, FINDING_RULES } from '../../../src/core/findings/catalogue.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Codes that must stay in the catalogue by name (README "Findings": codes are stable). */
const REQUIRED = [
    'SELECTOR_MATCHES_NO_PODS',
    'NO_READY_PODS',
    'PODS_NOT_READY_ABSENT_FROM_DNS',
    'TARGETPORT_NAME_MISSING',
    'TARGETPORT_PROTOCOL_MISMATCH',
    'TARGETPORT_NOT_DECLARED',
    'UNNAMED_PORTS_NO_SRV',
    'PORT_NAME_NOT_SRV_LABEL',
    'HEADLESS_NO_PORTS',
    'HEADLESS_SESSION_AFFINITY',
    'STATEFULSET_SERVICE_MISSING',
    'STATEFULSET_SERVICE_NOT_HEADLESS',
    'STATEFULSET_SERVICE_SELECTOR_MISMATCH',
    'POD_SUBDOMAIN_NO_SERVICE',
    'SELECTORLESS_NO_ENDPOINTS',
    'ENDPOINTSLICE_WITHOUT_SERVICE_LABEL',
    'ENDPOINTS_TRUNCATED',
    'EXTERNALNAME_IS_IP',
    'EXTERNALNAME_IN_CLUSTER_MISSING',
    'ENV_NAME_CLASH',
    'PODS_PREDATE_SERVICE',
    'DUAL_STACK_ONE_FAMILY',
    'TERMINATING_ENDPOINTS_SERVING',
    'NODEPORT_OUTSIDE_DEFAULT_RANGE',
    'NDOTS_COST',
    'SERVICE_NAME_STARTS_WITH_DIGIT',
    'TOLERATE_UNREADY_ANNOTATION_IGNORED',
];

describe('FINDING_CATALOGUE', () => {
    it('lists every rule once, with a stable SCREAMING_SNAKE code, a severity and a one-line summary', () => {
        const codes = FINDING_CATALOGUE.map((e) => e.code);
        assert.equal(new Set(codes).size, codes.length, 'codes are unique');
        assert.equal(codes.length, FINDING_RULES.length + CLUSTER_FINDING_RULES.length);
        for (const e of FINDING_CATALOGUE) {
            assert.match(e.code, /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/, e.code);
            assert.ok(['error', 'warning', 'info'].includes(e.severity), e.code);
            assert.ok(e.summary.length > 20 && !e.summary.includes('\n'), e.code);
        }
    });

    it('has every required finding, and at least 20', () => {
        const codes = new Set(FINDING_CATALOGUE.map((e) => e.code));
        assert.deepEqual(
            REQUIRED.filter((c) => !codes.has(c)),
            [],
        );
        assert.ok(codes.size >= 20);
    });

    it('marks the StatefulSet-missing and pod-subdomain rules as snapshot-wide', () => {
        const scope = Object.fromEntries(FINDING_CATALOGUE.map((e) => [e.code, e.scope]));
        assert.equal(scope.STATEFULSET_SERVICE_MISSING, 'cluster');
        assert.equal(scope.POD_SUBDOMAIN_NO_SERVICE, 'cluster');
        assert.equal(scope.SELECTOR_MATCHES_NO_PODS, 'service');
    });

    it('every code has a test that makes it fire (an only(…, CODE) assertion) and one that keeps it quiet', () => {
        const sources = readdirSync(here)
            .filter((f) => f.endsWith('.test.ts') && f !== 'catalogue.test.ts')
            .map((f) => readFileSync(join(here, f), 'utf8'))
            .join('\n');
        const fires = (code: string) => new RegExp(`only\\([^;]*'${code}'\\)|withCode\\([^;]*'${code}'\\)\\.length, [1-9]`).test(sources);
        const quiet = (code: string) => new RegExp(`withCode\\([^;]*'${code}'\\),\\s*\\[\\]`).test(sources);
        const untested = FINDING_CATALOGUE.map((e) => e.code).filter((code) => !fires(code) || !quiet(code));
        assert.deepEqual(untested, []);
    });
});
