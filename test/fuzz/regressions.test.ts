/**
 * Regressions for what the fuzzer found in the renderers (test/fuzz/run.ts, receive-path.test.ts), each named after the
 * bug.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Table from 'cli-table3';
import { renderTable, type Column } from '../../src/render/table.js';
import { makeStyler } from '../../src/render/style.js';
import { screenReply } from '../../src/adapters/dns/message.js';
import { stressReplies } from './corpus.js';
import { mulberry32 } from './prng.js';
import { renderProblems, replyModel } from './oracle.js';
import { buildResolveResult } from '../../src/core/resolve-report.js';
import { printReport } from '../../src/render/registry.js';
import { printOptions } from '../../src/commands/common/print.js';
import { RunContext } from '../../src/context.js';
import type { ResolveReport } from '../../src/core/resolve-report.js';

const styler = makeStyler(0);
const cols: Column<string[]>[] = [0, 1, 2].map((i) => ({ header: ['NAME', 'TYPE', 'DATA'][i]!, cell: (r) => r[i]! }));

/** The table exactly as cli-table3 draws it with renderTable's options (borderless, three spaces, no padding). */
function cliTable3(head: string[], rows: string[][]): string {
    const chars = {
        top: '',
        'top-mid': '',
        'top-left': '',
        'top-right': '',
        bottom: '',
        'bottom-mid': '',
        'bottom-left': '',
        'bottom-right': '',
        left: '',
        'left-mid': '',
        mid: '',
        'mid-mid': '',
        right: '',
        'right-mid': '',
        middle: '   ',
    };
    const t = new Table({ head, chars, style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true } });
    for (const r of rows) t.push(r);
    return (
        t
            .toString()
            .split('\n')
            .map((l) => l.replace(/\s+$/, ''))
            .join('\n') + '\n'
    );
}

test('bug: a table of a 4,000-record reply took seconds (cli-table3 lays rows out in quadratic time); now linear', (t) => {
    // Linear by construction: no cli-table3 table is ever given more than a bounded chunk of rows (its layout is
    // quadratic in them). What each table draws is counted, not timed (speed belongs to npm run bench).
    const drawn: number[] = [];
    const draw = Table.prototype.toString;
    t.mock.method(Table.prototype, 'toString', function (this: unknown[]) {
        drawn.push(this.length);
        return draw.call(this);
    });
    const plain = Array.from({ length: 20_000 }, (_, i) => [`web-${i}.web.default.svc.cluster.local`, 'A', `10.244.${i >> 8}.${i & 255}`]);
    const out = renderTable(cols, plain, { wide: false, headers: true, styler });
    assert.equal(out.split('\n').length, 20_002, 'a header, 20,000 rows, the final newline');
    // Cells cli-table3 must still measure (non-Latin text) and a narrow terminal (wrapping) go through it in chunks.
    const odd = Array.from({ length: 3000 }, (_, i) => [`Ωμέγα-${i}.example.test`, 'TXT', `"${'x'.repeat(60)}"`]);
    const wrapped = renderTable(cols, odd, { wide: false, headers: true, styler, width: 60 });
    assert.ok(wrapped.split('\n').length > 3000);
    assert.ok(drawn.length > 0, 'the wrapped table went through cli-table3');
    assert.ok(Math.max(...drawn) <= 201, `a cli-table3 table drew ${Math.max(...drawn)} rows (chunks: ${drawn.length})`);
});

test('bug fix keeps the output: plain tables print exactly what cli-table3 prints', () => {
    const rng = mulberry32(11);
    for (let k = 0; k < 300; k++) {
        const rows = Array.from({ length: rng.int(30) }, () =>
            [0, 1, 2].map(() => Array.from({ length: rng.int(25) }, () => String.fromCharCode(rng.range(0x20, 0x7e))).join('') + (rng.chance(0.1) ? '—' : '')),
        );
        const headers = rng.chance(0.8);
        if (!headers && rows.length === 0) continue;
        assert.equal(renderTable(cols, rows, { wide: false, headers, styler }), cliTable3(headers ? ['NAME', 'TYPE', 'DATA'] : [], rows));
    }
});

test('bug: a DNS name holding control characters (a terminal escape) was written raw into resolve tables; now \\xHH escaped', () => {
    const e = stressReplies(5, 'big.default.svc.cluster.local')[1]!;
    const s = screenReply(e.buf, e.expected);
    assert.equal(s.kind, 'accept');
    if (s.kind !== 'accept') return;
    const hostile = { ...s.reply, answers: [{ name: 'evil\u001b]0;pwned\u0007.cluster.local', type: 'CNAME', ttl: 5, data: 'x\u001b[2J.example' }] };
    const result = buildResolveResult({
        query: { name: e.expected.name, type: 'A' },
        candidates: [{ name: e.expected.name, expected: replyModel(s.reply), actual: replyModel(hostile) }],
        expected: { index: 0 },
        actual: { index: 0 },
        queries: 1,
    });
    const report: ResolveReport = {
        apiVersion: 'svcdig/v1alpha1',
        kind: 'ResolveReport',
        namespace: 'default',
        source: 'test',
        dns: { zones: ['cluster.local'], ttl: 5, podsMode: 'insecure', configSource: 'test', notes: [], search: [], ndots: 5, stub: 'glibc' },
        results: [result],
        errors: [],
    };
    const ctx = new RunContext({
        stdout: { write: () => {}, isTTY: false },
        stderr: { write: () => {}, isTTY: false },
        stdinIsTTY: false,
        readStdin: async () => '',
        env: {},
        now: () => new Date(0),
        prompt: async () => '',
        sleep: async () => false,
    });
    for (const output of ['table', 'wide']) {
        const text = printReport('resolve', { report, exchanges: new Map() }, printOptions({}, output, ctx));

        assert.doesNotMatch(text, /[\u0000-\u0008\u000b-\u001f\u007f]/, `-o ${output}`);
        assert.match(text, /evil\\x1b\]0;pwned\\x07\.cluster\.local/);
        assert.match(text, /x\\x1b\[2j\.example/i, 'the data, lower-cased as the JSON contract keeps names');
    }
    assert.deepEqual(renderProblems(hostile, e.expected, replyModel(s.reply), true), []);
});
