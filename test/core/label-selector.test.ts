import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchesSelector, parseLabelSelector } from '../../src/core/label-selector.js';

const labels = { app: 'web', tier: 'front', 'app.kubernetes.io/name': 'shop' };
const cases: [string, boolean][] = [
    ['app=web', true],
    ['app==web', true],
    ['app=db', false],
    ['app!=db', true],
    ['missing!=x', true],
    ['app in (web,db)', true],
    ['app in (db)', false],
    ['app notin (db)', true],
    ['missing notin (db)', true],
    ['tier', true],
    ['!tier', false],
    ['!missing', true],
    ['app=web,tier=back', false],
    ['app=web,tier in (front, back),app.kubernetes.io/name=shop', true],
    ['', true],
];
for (const [selector, want] of cases) {
    test(`selector "${selector}" ${want ? 'matches' : 'does not match'} app=web,tier=front`, () => {
        assert.equal(matchesSelector(parseLabelSelector(selector), labels), want);
    });
}

test('a selector that cannot be read is an error naming the part', () => {
    assert.throws(() => parseLabelSelector('app=web,=x'), /cannot read "=x"/);
});
