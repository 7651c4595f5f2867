/**
 * The built-in demo cluster (svcdig ... --demo) lives in demo-cluster.yaml beside this file (what it holds is said at
 * its top). It is read at run time: next to the bundle in an npm install (scripts/build.mjs copies it into dist/),
 * from the executable itself in the standalone binary (an asset of Node's single executable application,
 * scripts/sea.mjs), or from src/demo when the tests run the sources.
 */
import { readFile } from 'node:fs/promises';

export const DEMO_CLUSTER_FILE = 'demo-cluster.yaml';

export async function demoClusterYaml(): Promise<string> {
    const sea = await import('node:sea').catch(() => undefined);
    if (sea?.isSea()) return sea.getAsset(DEMO_CLUSTER_FILE, 'utf8');
    return readFile(new URL(`./${DEMO_CLUSTER_FILE}`, import.meta.url), 'utf8');
}
