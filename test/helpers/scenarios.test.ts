import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadScenarioSnapshot, scenarioNames } from './scenarios.js';

test('every scenario in test/fixtures/scenarios loads into a snapshot with Services and a Corefile', () => {
    const names = scenarioNames();
    assert.ok(names.length >= 6, `expected the six seed scenarios, found ${names.join(', ')}`);
    for (const name of names) {
        const snap = loadScenarioSnapshot(name);
        assert.ok(snap.services.length > 0, `${name} has Services`);
        assert.ok(snap.corednsConfigMap?.data?.Corefile, `${name} has the coredns ConfigMap`);
    }
});
