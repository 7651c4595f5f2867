/**
 * deploy/ and the Dockerfile agree with each other (the image cannot be built here: no registry for base images).
 * What the image runs is the standalone executable that standalone.test.ts builds and runs without Node.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { root } from './helpers.js';

const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
type Pod = {
    securityContext: { runAsUser: number; runAsNonRoot: boolean };
    containers: { image: string; args: string[]; securityContext: { readOnlyRootFilesystem: boolean; allowPrivilegeEscalation: boolean } }[];
};
function podOf(file: string): Pod {
    const text = readFileSync(join(root, 'deploy', file), 'utf8')
        .replace(/\{\{-? \/\*[\s\S]*?\*\/ -?\}\}\n?/g, '')
        .replace(/\{\{ [^}]+ \}\}/g, 'x');
    const doc = parseAllDocuments(text)[0]!.toJS() as { kind: string; spec: { template?: { spec: Pod }; jobTemplate?: { spec: { template: { spec: Pod } } } } };
    return doc.kind === 'CronJob' ? doc.spec.jobTemplate!.spec.template.spec : doc.spec.template!.spec;
}

it('the Dockerfile builds the standalone executable with the npm script and runs it as a non-root user on distroless', () => {
    assert.match(dockerfile, /^FROM node:24[^\s]* AS build$/m, 'built with Node 24 (the binary is that Node)');
    assert.match(dockerfile, /node scripts\/sea\.mjs --arch/);
    assert.match(dockerfile, /^FROM gcr\.io\/distroless\/cc-debian12:nonroot$/m, 'glibc + libstdc++ (what the Node binary links), nothing else');
    assert.match(dockerfile, /^USER 65532:65532$/m);
    assert.match(dockerfile, /^ENTRYPOINT \["\/usr\/local\/bin\/svcdig"\]$/m);
});

it('the Job, CronJob and Helm hook run that image as its user, read-only, with svcdig check', () => {
    const images = new Set<string>();
    for (const f of ['job.yaml', 'cronjob.yaml', 'helm/svcdig-check-hook.yaml']) {
        const pod = podOf(f);
        assert.equal(pod.securityContext.runAsUser, 65532, f);
        assert.equal(pod.securityContext.runAsNonRoot, true, f);
        const c = pod.containers[0]!;
        images.add(c.image);
        assert.equal(c.args[0], 'check', f);
        assert.equal(c.securityContext.readOnlyRootFilesystem, true, f);
        assert.equal(c.securityContext.allowPrivilegeEscalation, false, f);
    }
    assert.equal(images.size, 1, `one image: ${[...images].join(', ')}`);
    const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
    assert.ok([...images][0]!.endsWith(`:${version}`), 'tagged with the package version');
});
