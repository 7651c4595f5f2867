/**
 * `npm run release`: the standalone archives for a release and the krew plugin manifest that points at them.
 *
 * 1. builds the standalone executables (scripts/sea.mjs) for linux-x64 and linux-arm64;
 * 2. packs each into build/release/svcdig-<version>-linux-<arch>.tar.gz (the binary as `svcdig`, README.md, the
 *    licences of the bundled code) and writes build/release/SHA256SUMS;
 * 3. writes the krew manifest deploy/krew/svcdig.yaml with each archive's URL and sha256 (`bin: svcdig`: krew links
 *    it as kubectl-svcdig, and the binary, called by that name, is the plugin).
 *
 * Options: --arch x64,arm64 (default both), --base-url URL (where the archives will be downloaded from; default the
 * GitHub release of this version), --manifest PATH (default deploy/krew/svcdig.yaml).
 * Try the manifest before publishing: kubectl krew install --manifest=deploy/krew/svcdig.yaml --archive=build/release/svcdig-<version>-linux-x64.tar.gz
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const { values } = parseArgs({
    options: {
        arch: { type: 'string', default: 'x64,arm64' },
        'base-url': { type: 'string', default: `https://github.com/svcdig/svcdig/releases/download/v${pkg.version}` },
        manifest: { type: 'string', default: join(root, 'deploy/krew/svcdig.yaml') },
    },
});
const arches = values.arch.split(',').filter(Boolean);
/** Node's architecture names → krew's (Go's GOARCH). */
const KREW_ARCH = { x64: 'amd64', arm64: 'arm64' };
const out = join(root, 'build/release');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

execFileSync(process.execPath, [join(root, 'scripts/sea.mjs'), '--arch', arches.join(',')], { stdio: 'inherit', cwd: root });

const archives = [];
for (const arch of arches) {
    const name = `svcdig-${pkg.version}-linux-${arch}`;
    const stage = join(out, name);
    mkdirSync(stage);
    copyFileSync(join(root, 'build/sea', `svcdig-linux-${arch}`), join(stage, 'svcdig'));
    execFileSync('chmod', ['755', join(stage, 'svcdig')]);
    copyFileSync(join(root, 'README.md'), join(stage, 'README.md'));
    copyFileSync(join(root, 'build/sea/svcdig.cjs.LEGAL.txt'), join(stage, 'THIRD-PARTY-LICENSES.txt'));
    const file = `${name}.tar.gz`;
    // Reproducible: fixed order, owner and time.
    execFileSync('tar', [
        '--sort=name',
        '--owner=0',
        '--group=0',
        '--numeric-owner',
        '--mtime=1970-01-01',
        '-czf',
        join(out, file),
        '-C',
        stage,
        'svcdig',
        'README.md',
        'THIRD-PARTY-LICENSES.txt',
    ]);
    rmSync(stage, { recursive: true });
    const sha256 = createHash('sha256')
        .update(readFileSync(join(out, file)))
        .digest('hex');
    archives.push({ arch, file, sha256 });
    process.stderr.write(`release: ${file} ${sha256}\n`);
}
writeFileSync(join(out, 'SHA256SUMS'), archives.map((a) => `${a.sha256}  ${a.file}\n`).join(''));

const manifest = `# krew plugin manifest, written by scripts/release.mjs (npm run release) with the sha256 of each archive.
apiVersion: krew.googlecontainertools.github.com/v1alpha2
kind: Plugin
metadata:
  name: svcdig
spec:
  version: v${pkg.version}
  homepage: https://github.com/svcdig/svcdig
  shortDescription: Compare what Service DNS should answer with what it does
  description: |
    svcdig computes the exact DNS reply CoreDNS's kubernetes plugin should give for
    any Service or pod name (from live Services, EndpointSlices, Pods and the cluster's
    Corefile), asks the cluster DNS (directly or through a port-forward), and shows the
    two side by side with the reason for every difference. It also explains a Service's
    anatomy and the environment variables kubelet injects, and checks whole namespaces
    for CI (JUnit). A standalone binary: no Node.js needed.
  caveats: |
    svcdig reads Services, EndpointSlices, Pods, Namespaces, StatefulSets and the
    kube-system/coredns ConfigMap; --via port-forward and --as-pod/env --compare also
    need create on pods/portforward and pods/exec (see the README's RBAC table).
    Try it without a cluster: kubectl svcdig resolve web-0.nginx --demo
  platforms:
${archives
    .map(
        (a) => `  - selector:
      matchLabels:
        os: linux
        arch: ${KREW_ARCH[a.arch]}
    uri: ${values['base-url']}/${a.file}
    sha256: ${a.sha256}
    files:
      - from: svcdig
        to: .
      - from: README.md
        to: .
      - from: THIRD-PARTY-LICENSES.txt
        to: .
    bin: svcdig
`,
    )
    .join('')}`;
mkdirSync(dirname(values.manifest), { recursive: true });
writeFileSync(values.manifest, manifest);
process.stderr.write(`release: ${values.manifest}\n`);
