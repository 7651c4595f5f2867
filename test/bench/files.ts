/**
 * Figure 9 of `npm run bench`: `check -A -f` on a generated cluster dumped as `kubectl get -o json` prints it (4-space
 * indent) and as YAML: wall time and peak RSS of each. Targets (issue "fleet scale"): the JSON dump of 5,000 Services
 * in ≤ 250 MB; the YAML dump ≤ 2× the JSON path's time and ≤ 4× its file size in memory.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { generateCluster } from '../kit/generate-cluster.js';
import { run } from './measure.js';
import { absoluteRow, ratioRow, type Row } from './report.js';

export async function filesFigure(node: string, cli: string, services: number, log: (s: string) => void): Promise<{ rows: Row[]; details: unknown }> {
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-bench-files-'));
    try {
        log(`files: dumping ${services} Services / ${services * 10} pods as JSON and YAML`);
        const list = { apiVersion: 'v1', kind: 'List', items: generateCluster({ services, pods: services * 10 }).objects, metadata: { resourceVersion: '' } };
        const json = join(dir, 'cluster.json');
        const yaml = join(dir, 'cluster.yaml');
        writeFileSync(json, JSON.stringify(list, null, 4));
        writeFileSync(yaml, dump(list, { noRefs: true, lineWidth: -1 }));
        const mb = (p: string) => statSync(p).size / 2 ** 20;
        const check = async (file: string) => {
            const r = await run(node, [cli, 'check', '-A', '-f', file, '-q', '--no-color'], { rss: true, keepOutput: false });
            if (r.code !== 0 && r.code !== 1) throw new Error(`check -f ${file} failed (${r.code}): ${r.stderr.slice(-400)}`);
            return r;
        };
        const j = await check(json);
        const y = await check(yaml);
        const piped = await run(node, [cli, 'check', '-A', '-f', '-', '-q', '--no-color'], { rss: true, keepOutput: false, stdinFrom: json });
        if (piped.code !== 0 && piped.code !== 1) throw new Error(`cat ${json} | check -f - failed (${piped.code}): ${piped.stderr.slice(-400)}`);
        const rows: Row[] = [
            absoluteRow(`9. check -A -f JSON dump (${mb(json).toFixed(0)} MB, ${services} svc): peak RSS`, j.maxRssMb ?? NaN, 'MB', 250),
            absoluteRow(`9. check -A -f JSON dump: wall`, j.ms / 1000, 's', null),
            absoluteRow(`9. the JSON dump piped to check -A -f - (stdin): peak RSS`, piped.maxRssMb ?? NaN, 'MB', 250),
            absoluteRow(`9. the JSON dump piped to -f -: wall`, piped.ms / 1000, 's', null),
            ratioRow(`9. check -A -f YAML dump (${mb(yaml).toFixed(0)} MB) vs the JSON dump: wall`, y.ms, j.ms, 'ms', '<=', 2),
            ratioRow(`9. YAML dump peak RSS vs its file size`, y.maxRssMb ?? NaN, mb(yaml), 'MB', '<=', 4),
        ];
        return {
            rows,
            details: {
                services,
                jsonMb: mb(json),
                yamlMb: mb(yaml),
                json: { ms: j.ms, rssMb: j.maxRssMb },
                yaml: { ms: y.ms, rssMb: y.maxRssMb },
                stdin: { ms: piped.ms, rssMb: piped.maxRssMb },
            },
        };
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}
