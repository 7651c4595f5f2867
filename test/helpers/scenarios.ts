import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { readObjectFiles } from '../../src/adapters/files/load-objects.js';
import { snapshotFromObjects } from '../../src/core/snapshot-from-objects.js';
import type { ClusterSnapshot } from '../../src/core/snapshot.js';

const here = dirname(fileURLToPath(import.meta.url));
/** test/fixtures/scenarios in this repo (SVCDIG_SCENARIOS overrides). */
export const SCENARIOS_DIR = process.env.SVCDIG_SCENARIOS ?? resolve(here, '../fixtures/scenarios');

export function scenarioNames(): string[] {
    return readdirSync(SCENARIOS_DIR)
        .filter((d) => existsSync(join(SCENARIOS_DIR, d, 'cluster.yaml')))
        .sort();
}

export function scenarioClusterPath(name: string): string {
    return join(SCENARIOS_DIR, name, 'cluster.yaml');
}

export function loadScenarioSnapshot(name: string): ClusterSnapshot {
    return snapshotFromObjects(
        readObjectFiles([scenarioClusterPath(name)], () => ''),
        `scenario ${name}`,
    );
}

/** observed.yaml as plain data (see test/fixtures/scenarios/README.md for its fields). */
export function loadObserved(name: string): ObservedFile {
    return parse(readFileSync(join(SCENARIOS_DIR, name, 'observed.yaml'), 'utf8')) as ObservedFile;
}

export interface ObservedAnswer {
    name: string;
    ttl: number | null;
    class: string;
    type: string;
    data: string;
}

export interface ObservedDns {
    id: string;
    tool: string;
    from?: { pod?: { namespace: string; name: string }; host?: string };
    server?: string;
    qname: string;
    qtype: string;
    rcode: string;
    answers: ObservedAnswer[];
    partial?: boolean;
    impliedBy?: string;
}

export interface ObservedFile {
    seed: string;
    scenario: string;
    dns?: ObservedDns[];
    env?: {
        id: string;
        pod: { namespace: string; name: string } | null;
        complete: boolean;
        service?: { namespace: string; name: string };
        vars: { name: string; value: string }[];
    }[];
    resolvConf?: { from: { pod: { namespace: string; name: string } }; nameservers: string[]; search: string[]; options: string[] }[];
    claims?: { id: string; query?: { from?: { namespace: string }; qname: string; qtype: string }; meaning?: string }[];
    kubectl?: { id: string; command: string; tables?: { columns: string[]; rows: (string | null)[][] }[] }[];
    exec?: { id: string; pod: { namespace: string; name: string }; command: string; stdout: string }[];
}
