#!/usr/bin/env node
// kubectl (1.26+) completes `kubectl svcdig ...` by running this executable with the words typed so far.
process.env.SVCDIG_AS_KUBECTL_PLUGIN = '1';
process.argv.splice(2, 0, '__complete-words');
await import('./svcdig.js');
