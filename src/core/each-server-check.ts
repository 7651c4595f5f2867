/**
 * `check --server A --server B` (--server-mode each, the default): one record checked on every server. Each server's
 * answer is compared with the expected records (recordCheck), so a record passes only when every server serves it
 * as the cluster says; the record's verdict is the worst of them (an error before a mismatch, as exit 5 comes before
 * exit 1), its differences are every server's that answered, each message naming the server, and its error the failed
 * servers' only (so a server that is down fails every record with one and the same error, said once with a count).
 */
import type { Reply } from './dns/reply.js';
import { recordCheck, type RecordCheck, type ServerVerdict } from './check-report.js';

export function checkOnEachServer(name: string, type: string, expected: Reply, answers: { server: string; reply?: Reply; error?: string }[]): RecordCheck {
    const checks = answers.map((a) => ({ server: a.server, check: recordCheck(name, type, expected, a.reply ?? null, a.error) }));
    const differences = checks.flatMap(({ server, check }) => check.differences.map((d) => ({ ...d, message: `server ${server}: ${d.message}` })));
    const failed = checks.filter((c) => c.check.verdict === 'error');
    const differing = checks.filter((c) => c.check.verdict === 'mismatch');
    const verdict: RecordCheck['verdict'] = failed.length ? 'error' : differing.length ? 'mismatch' : 'match';
    // Only the failures: a server that answered keeps its own differences (above), which the error must not hide. A
    // transport error names its server already ("127.0.0.1:53 refused the query"): not named twice.
    const error = failed.map((c) => (c.check.error?.includes(c.server) ? c.check.error : `server ${c.server}: ${c.check.error}`)).join('; ');
    const servers: ServerVerdict[] = checks.map(({ server, check }) => ({ server, verdict: check.verdict, ...(check.error ? { error: check.error } : {}) }));
    const first = checks.find((c) => c.check.actual)?.check;
    return {
        name,
        type,
        verdict,
        expected: checks[0]?.check.expected ?? expected,
        actual: first?.actual ?? null,
        differences,
        ...(error ? { error } : {}),
        servers,
    };
}
