import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../helpers/run-bin.js';
import { FORMATS } from '../../src/render/formats.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const section = (heading: string) => {
    const start = readme.indexOf(heading);
    assert.ok(start >= 0, heading);
    const end = readme.indexOf('\n## ', start + heading.length);
    return readme.slice(start, end < 0 ? undefined : end);
};

test('README, check: every -o format, --quiet and the JUnit time/timestamp are documented', () => {
    const check = section('### `svcdig check');
    for (const f of FORMATS.check.filter((x) => x !== 'table' && x !== 'wide')) assert.match(check, new RegExp(`-o [^\\n]*${f}`), f);
    assert.match(check, /\*\*`-q\/--quiet`\*\* prints the summary line only/);
    assert.match(check, /`time`[^]*`timestamp`/);
    assert.match(check, /is checked before the check starts/);
});

test('README, GitHub Actions: every input and output of action.yml is named, with a usage snippet', () => {
    const gha = section('## GitHub Actions');
    const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: object; outputs: object };
    for (const name of [...Object.keys(action.inputs), ...Object.keys(action.outputs)]) assert.ok(gha.includes(`\`${name}\``), name);
    assert.match(gha, /```yaml\n[^]*steps\.svcdig\.outputs\.junit/);
    assert.match(gha, /example-svcdig-check\.yml/);
});
