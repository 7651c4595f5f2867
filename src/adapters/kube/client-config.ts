/**
 * Hands the kubeconfig entry kubectl would use to @kubernetes/client-node (imported lazily: a cold import costs ~350
 * ms) as a one-context KubeConfig, so client-node applies TLS material, tokens, exec credential plugins and OIDC auth
 * providers exactly as it supports them. TLS verification stays on unless the kubeconfig itself sets
 * insecure-skip-tls-verify.
 */
import { readFileSync } from 'node:fs';
import type { KubeConfig } from './client-node.js';
import { SvcdigError } from '../../errors.js';
import type { SelectedConfig } from './kubeconfig.js';

export async function makeKubeConfig(sel: SelectedConfig): Promise<KubeConfig> {
    const { KubeConfig } = await import('./client-node.js');
    const c = sel.cluster;
    const u = sel.user;
    let token = u.token || undefined;
    if (!token && u.tokenFile) {
        try {
            token = readFileSync(u.tokenFile, 'utf8').trim();
        } catch (e) {
            throw new SvcdigError(
                'config',
                `cannot read tokenFile ${u.tokenFile} of user "${sel.userName}": ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
            );
        }
    }
    const kc = new KubeConfig();
    kc.loadFromOptions({
        clusters: [
            {
                name: sel.clusterName,
                server: c.server.replace(/\/$/, ''),
                caFile: c['certificate-authority'] || undefined,
                caData: c['certificate-authority-data'] || undefined,
                // Plain http:// (kubectl proxy) has no TLS to verify; client-node refuses http:// unless this is set.
                skipTLSVerify: c['insecure-skip-tls-verify'] === true || c.server.startsWith('http:'),
                tlsServerName: c['tls-server-name'] || undefined,
                proxyUrl: c['proxy-url'] || undefined,
            },
        ],
        users: [
            {
                name: sel.userName || 'svcdig-anonymous',
                token,
                certFile: u['client-certificate'] || undefined,
                certData: u['client-certificate-data'] || undefined,
                keyFile: u['client-key'] || undefined,
                keyData: u['client-key-data'] || undefined,
                exec: u.exec ?? undefined,
                authProvider: u['auth-provider'] ?? undefined,
                username: u.username || undefined,
                password: u.password || undefined,
                impersonateUser: u.as || undefined,
            },
        ],
        contexts: [{ name: sel.contextName || 'svcdig', cluster: sel.clusterName, user: sel.userName || 'svcdig-anonymous', namespace: sel.namespace }],
        currentContext: sel.contextName || 'svcdig',
    });
    return kc;
}
