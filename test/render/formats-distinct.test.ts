import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FORMATS, type ReportKind } from '../../src/render/formats.js';
import { runCli } from '../helpers/run-cli.js';

/** What each command prints for the demo; resolve and check ask the demo's DNS responder. */
const ARGS: Record<ReportKind, string[]> = {
    resolve: ['resolve', 'nginx', 'web-2.nginx', '--demo'],
    explain: ['explain', 'nginx', '--demo'],
    env: ['env', '--demo'],
    check: ['check', '--demo'],
};

/** What changes from run to run (the demo responder's port, round-trip and elapsed times), so it cannot tell two formats apart. */
const steady = (text: string) =>
    text
        .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
        .replace(/\d+(\.\d+)? ms/g, 'N ms')
        .replace(/("?(rttMs|elapsedMs|id)"?:\s*)[\d.]+/g, '$1N')
        .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'TIME');

for (const kind of Object.keys(FORMATS) as ReportKind[]) {
    test(`${kind}: every -o value it offers prints something of its own for the demo`, async () => {
        const printed = new Map<string, string>();
        for (const format of FORMATS[kind]) {
            const r = await runCli([...ARGS[kind], '-o', format]);
            assert.ok(r.code === 0 || r.code === 1, `${kind} -o ${format}: exit ${r.code}: ${r.stderr}`);
            assert.ok(r.stdout.trim().length > 0, `${kind} -o ${format} prints nothing`);
            const same = [...printed].find(([, text]) => text === steady(r.stdout));
            assert.equal(same, undefined, `${kind} -o ${format} prints exactly what -o ${same?.[0]} prints`);
            printed.set(format, steady(r.stdout));
        }
    });
}

for (const kind of ['resolve', 'explain', 'check'] as const) {
    test(`${kind} -o wide shows columns -o table leaves out, on the same rows`, async () => {
        const headers = async (format: string) =>
            (await runCli([...ARGS[kind], '-o', format])).stdout.split('\n').filter((l) => /^\s*[A-Z][A-Z-]+(\s{2,}[A-Z][A-Z()-]+)+$/.test(l));
        const [table, wide] = [await headers('table'), await headers('wide')];
        assert.ok(table.length > 0, `${kind} -o table has a header line`);
        const columns = (l: string) => l.trim().split(/\s{2,}/);
        const tableColumns = new Set(table.flatMap(columns));
        const extra = wide.flatMap(columns).filter((c) => !tableColumns.has(c));
        assert.ok(extra.length > 0, `${kind} -o wide adds no column to -o table`);
    });
}
