/**
 * The parts of @kubernetes/client-node svcdig uses, imported from their own modules: the package index re-exports
 * every generated API and model, which would double the bundle and its load time (README, Performance). Imported
 * lazily, only by commands that talk to the API server.
 */
export { KubeConfig } from '@kubernetes/client-node/dist/config.js';
export { Exec } from '@kubernetes/client-node/dist/exec.js';
export { PortForward } from '@kubernetes/client-node/dist/portforward.js';
