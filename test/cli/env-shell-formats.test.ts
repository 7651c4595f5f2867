/**
 * `env -o shell` and `env -o dotenv` are meant to be sourced (`. ./vars`, `set -a; . ./vars`). Sourced by bash, zsh
 * and dash, a hostile cluster's variables run nothing (no file appears), every variable a shell can take gets exactly
 * its value, and the rest (names a shell cannot take, values it cannot hold, variables a shell runs as code) are
 * comments.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from '../helpers/run-bin.js';
import { pod as podOf, service as serviceOf } from '../kit/cluster-builder.js';

/** Container variables as a hostile or careless manifest sets them: names and values that would run if printed raw. */
const CONTAINER_ENV: [string, string][] = [
    ['X;touch pwned1;Y', 'v'],
    ['$(touch pwned2)', 'v'],
    ['A\ntouch pwned3', 'v'],
    ['T\u001b]0;pwn\u0007\u202e\u009b', 'x\u202ey\u009bz'],
    ['PROMPT_COMMAND', 'touch pwned4'],
    ['CMD', '$(touch pwned5)'],
    ['TICK', '`touch pwned6`'],
    ['DOLLAR', '$HOME ${HOME} $$ $1 $((1+1))'],
    ['DQ', 'say "hi" \\" end'],
    ['BS', 'a\\b\\\\c\\'],
    ['SQ', "it's 'quoted''"],
    ['NL', 'line1\ntouch pwned7\nline3\n'],
    ['EMPTY', ''],
    ['GLOB', '* ? [a] {a,b}'],
    ['TILDE', '~/x'],
    ['SEMI', 'a;touch pwned8 && touch pwned9 | cat'],
    ['HASH', '#not a comment'],
    ['SPACE', '  lead and trail  '],
    ['BANG', '!! !$ !-1'],
    ['NUL', 'a\u0000touch pwned10'],
    ['CR', 'a\rb'],
    ['UNI', 'café → ✓'],
];

/** A cluster as JSON (JSON can carry the NUL byte a value may hold): Services "1bad" (leading digit) and "web", a pod "p". */
function clusterJson(): string {
    const service = (name: string, ip: string) => serviceOf(name, { ns: 'default', clusterIP: ip, ports: [{ port: 80 }], selector: null });
    const pod = podOf('p', { ns: 'default', containers: [{ name: 'app', image: 'x', env: CONTAINER_ENV.map(([name, value]) => ({ name, value })) }] });
    return JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [service('1bad', '10.96.0.50'), service('web', '10.96.0.51'), pod] });
}

interface Sourced {
    status: number | null;
    stderr: string;
    env: Map<string, string>;
    files: string[];
}

/** In an empty directory: svcdig writes the variables to a file, `shell` sources it and prints its environment. */
function sourceIn(shell: string[], format: 'shell' | 'dotenv', cluster: string, dir: string): Sourced {
    const source = format === 'dotenv' ? 'set -a; . ./vars; set +a' : '. ./vars';
    const script = `"$SVCDIG_NODE" "$SVCDIG_BIN" env --pod p -f "$SVCDIG_CLUSTER" -o ${format} > vars || exit 99; ${source}; env -0`;
    const r = spawnSync(shell[0]!, [...shell.slice(1), script], {
        cwd: dir,
        encoding: 'utf8',
        // a clean environment: nothing inherited can stand in for a value the file should have set
        env: { PATH: '/usr/bin:/bin', SVCDIG_NODE: process.execPath, SVCDIG_BIN: BIN, SVCDIG_CLUSTER: cluster, HOME: dir },
    });
    const env = new Map<string, string>();
    for (const entry of r.stdout.split('\u0000')) {
        const eq = entry.indexOf('=');
        if (eq > 0) env.set(entry.slice(0, eq), entry.slice(eq + 1));
    }
    return { status: r.status, stderr: r.stderr, env, files: readdirSync(dir).filter((f) => f !== 'vars') };
}

/** What each variable must be after sourcing: the values svcdig reports (-o json), for the names a shell can take. */
function expectedValues(cluster: string): Map<string, string> {
    const r = spawnSync(process.execPath, [BIN, 'env', '--pod', 'p', '-f', cluster, '-o', 'json'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const vars = (JSON.parse(r.stdout) as { variables: { name: string; value: string | null }[] }).variables;
    const out = new Map<string, string>();
    for (const v of vars)
        if (v.value !== null && /^[A-Za-z_][A-Za-z0-9_]*$/.test(v.name) && !v.value.includes('\u0000') && v.name !== 'PROMPT_COMMAND') out.set(v.name, v.value);
    return out;
}

const SHELLS: [string, string[]][] = [
    ['bash', ['bash', '--norc', '--noprofile', '-c']],
    ['zsh', ['zsh', '-f', '-c']],
    ['sh (dash)', ['dash', '-c']],
];

for (const format of ['shell', 'dotenv'] as const) {
    for (const [shellName, shell] of SHELLS) {
        test(`env -o ${format} sourced by ${shellName}: nothing runs, every variable a shell can take has its exact value`, (t) => {
            const dir = mkdtempSync(join(tmpdir(), 'svcdig-env-'));
            t.after(() => rmSync(dir, { recursive: true, force: true }));
            const cluster = join(mkdtempSync(join(tmpdir(), 'svcdig-envc-')), 'cluster.json');
            t.after(() => rmSync(join(cluster, '..'), { recursive: true, force: true }));
            writeFileSync(cluster, clusterJson());
            const expected = expectedValues(cluster);
            assert.ok(expected.size >= 20, `${expected.size} variables`);
            const r = sourceIn(shell, format, cluster, dir);
            assert.equal(r.status, 0, r.stderr);
            assert.equal(r.stderr, '');
            assert.deepEqual(r.files, [], 'sourcing the variables created files: something ran');
            for (const [name, value] of expected) assert.equal(r.env.get(name), value, name);
            for (const name of ['PROMPT_COMMAND', 'NUL', '1BAD_SERVICE_HOST']) assert.equal(r.env.has(name), false, `${name} is not set`);
        });
    }
}

test('env -o shell and -o dotenv comment out what a shell cannot take, one line each, saying why', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-envc-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const cluster = join(dir, 'cluster.json');
    writeFileSync(cluster, clusterJson());
    for (const format of ['shell', 'dotenv']) {
        const r = spawnSync(process.execPath, [BIN, 'env', '--pod', 'p', '-f', cluster, '-o', format], { encoding: 'utf8' });
        assert.equal(r.status, 0, r.stderr);
        const lines = r.stdout.split('\n');
        assert.ok(lines.includes('# 1BAD_SERVICE_HOST=10.96.0.50 (skipped: not a variable name a shell can take)'), r.stdout);
        assert.ok(lines.includes('# X;touch pwned1;Y=v (skipped: not a variable name a shell can take)'), r.stdout);
        assert.ok(lines.includes('# A\\ntouch pwned3=v (skipped: not a variable name a shell can take)'), 'a newline in a name stays inside its comment');
        assert.ok(lines.includes('# PROMPT_COMMAND=touch pwned4 (skipped: a shell runs its value as code)'), r.stdout);
        assert.ok(lines.includes('# NUL=a\\x00touch pwned10 (skipped: a shell variable cannot hold a NUL byte)'), r.stdout);
        // a terminal acts on ESC, BEL, the 8-bit CSI and bidi overrides: in a comment they are escaped as everywhere else
        assert.ok(
            lines.includes('# T\\x1b]0;pwn\\x07\\xe2\\x80\\xae\\xc2\\x9b=x\\xe2\\x80\\xaey\\xc2\\x9bz (skipped: not a variable name a shell can take)'),
            r.stdout,
        );
        for (const comment of lines.filter((l) => l.startsWith('#')))
            assert.doesNotMatch(comment, /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u, comment);
        const prefix = format === 'shell' ? 'export ' : '';
        assert.ok(lines.includes(`${prefix}WEB_SERVICE_HOST=${format === 'shell' ? "'10.96.0.51'" : '10.96.0.51'}`), r.stdout);
        assert.ok(lines.includes(`${prefix}SQ='it'\\''s '\\''quoted'\\'''\\'''`), r.stdout);
    }
});
