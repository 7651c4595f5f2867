import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../helpers/run-bin.js';

interface Step {
    id?: string;
    name?: string;
    uses?: string;
    run?: string;
    shell?: string;
    with?: Record<string, string>;
    env?: Record<string, string>;
}
interface Action {
    inputs: Record<string, { default?: string }>;
    outputs: Record<string, { value: string }>;
    runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action;
const checkStep = () => action.runs.steps.find((s) => s.id === 'check')!;

test('action.yml is a composite action: Node 24 set up, svcdig built from the action, check run with -o github and --junit', () => {
    assert.equal(action.runs.using, 'composite');
    const setup = action.runs.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    assert.ok(setup, 'actions/setup-node');
    assert.equal(setup.with?.['node-version'], '${{ inputs.node-version }}');
    assert.equal(action.inputs['node-version']?.default, '24');
    const install = action.runs.steps.find((s) => s.run?.includes('npm ci'));
    assert.match(install?.run ?? '', /npm ci .*&& npm run build/);
    const check = checkStep();
    assert.ok(check, 'a step with id "check"');
    assert.match(check.run!, /check -o github --junit "\$SVCDIG_JUNIT"/);
    assert.equal(action.outputs.junit?.value, '${{ steps.check.outputs.junit }}');
    for (const input of ['namespace', 'all-namespaces', 'services', 'selector', 'fail-on', 'wait', 'junit', 'kubeconfig', 'context', 'args'])
        assert.ok(action.inputs[input], input);
    // every step that runs shell gets inputs through env only (no script injection)
    for (const s of action.runs.steps) {
        if (s.run) {
            assert.equal(s.shell, 'bash');
            assert.doesNotMatch(s.run, /\$\{\{/, `${s.name}: no expression inside run`);
        }
    }
});

/** The check step's script run as the runner would (bash, env from the inputs, GITHUB_ACTION_PATH, GITHUB_OUTPUT). */
function runCheckStep(inputs: Record<string, string>, dir: string) {
    const value = (name: string) => inputs[name] ?? action.inputs[name]?.default ?? '';
    const env = Object.fromEntries(
        Object.entries(checkStep().env ?? {}).map(([k, v]) => {
            const m = /^\$\{\{ inputs\.([a-z-]+) \}\}$/.exec(v);
            assert.ok(m, `${k} is set from one input`);
            return [k, value(m[1]!)];
        }),
    );
    const output = join(dir, 'github-output');
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', checkStep().run!], {
        cwd: dir,
        encoding: 'utf8',
        env: {
            ...process.env,
            ...env,
            PATH: `${dirname(process.execPath)}:${process.env.PATH}`,
            GITHUB_ACTION_PATH: ROOT,
            GITHUB_OUTPUT: output,
            NO_COLOR: '1',
        },
    });
    return { ...r, outputs: existsSync(output) ? readFileSync(output, 'utf8') : '' };
}

test('the check step runs svcdig: annotations on stdout, the JUnit file, the outputs junit and exit-code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'svcdig-action-'));
    try {
        const r = runCheckStep({ 'all-namespaces': 'true', args: '--demo', junit: 'dns.xml' }, dir);
        assert.equal(r.status, 1, r.stderr);
        assert.match(r.stdout, /^::error title=svcdig default\/nginx /m);
        assert.match(r.stdout, /^::notice title=svcdig check::4 Services/m);
        assert.match(readFileSync(join(dir, 'dns.xml'), 'utf8'), /<testsuites>/);
        assert.match(r.outputs, /^junit=dns\.xml$/m);
        assert.match(r.outputs, /^exit-code=1$/m);
        const ok = runCheckStep({ namespace: 'default', services: 'kubernetes', args: '--demo --expected-only', 'fail-on': 'warning' }, dir);
        assert.equal(ok.status, 0, ok.stderr + ok.stdout);
        assert.match(ok.outputs, /^exit-code=0$/m);
        assert.ok(existsSync(join(dir, 'svcdig-junit.xml')), 'the default junit path');
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});

test('the example workflow uses the action and keeps the JUnit output', () => {
    const wf = parse(readFileSync(join(ROOT, '.github/workflows/example-svcdig-check.yml'), 'utf8')) as { jobs: Record<string, { steps: Step[] }> };
    const steps = Object.values(wf.jobs).flatMap((j) => j.steps);
    const svcdig = steps.find((s) => s.uses === './');
    assert.ok(svcdig?.id);
    assert.ok(steps.some((s) => s.with?.path === `\${{ steps.${svcdig.id}.outputs.junit }}`));
});
