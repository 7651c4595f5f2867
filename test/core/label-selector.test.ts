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

test('keys and values the API server could never hold are refused, as labels.Parse refuses them', () => {
    for (const [selector, why] of [
        ['-bad=x', /key "-bad" must be letters/],
        [`${'k'.repeat(64)}=b`, /name part longer than 63/],
        ['Example.COM/app=x', /prefix that is not a DNS-1123 subdomain/],
        ['app=-x', /value "-x" of "app"/],
        [`app in (a,${'v'.repeat(64)})`, /longer than 63/],
        ['app_=x', /key "app_"/],
    ] as const)
        assert.throws(() => parseLabelSelector(selector), why, selector);
    for (const ok of [`${'k'.repeat(63)}=b`, 'example.com/app=x', 'a.b_c-d=e.f_g-h', 'app=', 'app!=', 'x/y in (a,b)'])
        assert.doesNotThrow(() => parseLabelSelector(ok), ok);
});
