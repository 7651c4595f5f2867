import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeKubeconfig, type FakeApiServer } from '../kit/fake-apiserver/index.js';

/**
 * A kubeconfig in `dir` whose user gets its token from an exec credential plugin (client.authentication.k8s.io, as
 * EKS/GKE/AKS kubeconfigs do): a shell script printing an ExecCredential with `token`. `fail()` turns the plugin into
 * one that exits 1 with "login expired".
 */
export function execCredentialKubeconfig(dir: string, server: Pick<FakeApiServer, 'url' | 'caFile'>, token: string): { kubeconfig: string; fail(): void } {
    const plugin = join(dir, 'credential-plugin.sh');
    writeFileSync(plugin, `#!/bin/sh\necho '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"${token}"}}'\n`);
    chmodSync(plugin, 0o755);
    const kubeconfig = writeKubeconfig(join(dir, 'kubeconfig.yaml'), {
        clusters: [{ name: 'fake', cluster: { server: server.url, 'certificate-authority': server.caFile } }],
        users: [{ name: 'exec-user', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: plugin, interactiveMode: 'Never' } } }],
        contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'exec-user' } }],
        'current-context': 'fake',
    });
    return { kubeconfig, fail: () => writeFileSync(plugin, '#!/bin/sh\necho "login expired" >&2\nexit 1\n') };
}
