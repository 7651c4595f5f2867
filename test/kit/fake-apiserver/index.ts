/** The fake kube-apiserver test kit: see server.ts. */
export {
    startFakeApiServer,
    writeKubeconfig,
    routeOf,
    type FakeApiServer,
    type FakeApiServerOptions,
    type FaultRule,
    type KubeconfigOptions,
    type LoggedRequest,
} from './server.js';
export { execStatus, frame, portPreamble, negotiateProtocol, type ExecResult, type ExecScript, type PortForwardTarget } from './streaming.js';
export { makeCa, makeCerts, type TestCerts } from './certs.js';
export { RESOURCES, type ResourceInfo } from './resources.js';
export { allows, grantedRules, ruleAllows, type Access, type GrantedRule, type PolicyRule, type Subject } from './rbac.js';
export { humanDuration } from './tables.js';
