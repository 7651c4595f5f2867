/**
 * Per-run TLS material made with the machine's `openssl` (client-node needs HTTPS: it refuses http:// servers unless
 * insecure-skip-tls-verify is set): a CA, a server certificate for 127.0.0.1/localhost signed by it, and a client
 * certificate (CN = user, O = group) for client-cert auth.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export interface TestCerts {
    dir: string;
    caFile: string;
    caKeyFile: string;
    serverCertFile: string;
    serverKeyFile: string;
    clientCertFile: string;
    clientKeyFile: string;
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2'];

function openssl(args: string[]): void {
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A self-signed CA in `dir` (files `<name>.crt`, `<name>.key`). */
export function makeCa(dir: string, name = 'ca'): { caFile: string; caKeyFile: string } {
    const caFile = join(dir, `${name}.crt`);
    const caKeyFile = join(dir, `${name}.key`);
    openssl(['req', '-x509', ...EC, '-keyout', caKeyFile, '-out', caFile, '-subj', `/CN=svcdig-fake-${name}`]);
    return { caFile, caKeyFile };
}

export function makeCerts(dir: string, clientUser = 'svcdig-cert-user', clientGroup = 'svcdig-testers'): TestCerts {
    const { caFile, caKeyFile } = makeCa(dir);
    const serverCertFile = join(dir, 'server.crt');
    const serverKeyFile = join(dir, 'server.key');
    openssl([
        'req',
        '-x509',
        ...EC,
        '-keyout',
        serverKeyFile,
        '-out',
        serverCertFile,
        '-subj',
        '/CN=kube-apiserver',
        '-CA',
        caFile,
        '-CAkey',
        caKeyFile,
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-addext',
        'basicConstraints=critical,CA:FALSE',
        '-addext',
        'extendedKeyUsage=serverAuth',
    ]);
    const clientCertFile = join(dir, 'client.crt');
    const clientKeyFile = join(dir, 'client.key');
    openssl([
        'req',
        '-x509',
        ...EC,
        '-keyout',
        clientKeyFile,
        '-out',
        clientCertFile,
        '-subj',
        `/O=${clientGroup}/CN=${clientUser}`,
        '-CA',
        caFile,
        '-CAkey',
        caKeyFile,
        '-addext',
        'basicConstraints=critical,CA:FALSE',
        '-addext',
        'extendedKeyUsage=clientAuth',
    ]);
    return { dir, caFile, caKeyFile, serverCertFile, serverKeyFile, clientCertFile, clientKeyFile };
}
