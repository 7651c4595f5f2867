#!/usr/bin/env node
// kubectl plugin entry point: `kubectl svcdig ...` runs this file.
process.env.SVCDIG_AS_KUBECTL_PLUGIN = '1';
await import('./svcdig.js');
