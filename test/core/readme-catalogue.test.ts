import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FINDING_CATALOGUE } from '../../src/core/findings/catalogue.js';

test('the README documents every finding code with its severity', () => {
    const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
    for (const f of FINDING_CATALOGUE) {
        assert.match(readme, new RegExp(`\\| \`${f.code}\` \\| ${f.severity} \\|`), `${f.code} (${f.severity}) missing from README`);
    }
    assert.ok(FINDING_CATALOGUE.length >= 20, 'the catalogue holds at least 20 findings');
});
