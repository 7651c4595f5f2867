import { stringify } from 'yaml';

/** JSON and YAML print the same envelope (apiVersion + kind first). */
export function renderJson(report: unknown): string {
    return JSON.stringify(report, null, 2) + '\n';
}

export function renderYaml(report: unknown): string {
    return stringify(report, { lineWidth: 0, aliasDuplicateObjects: false });
}

export const API_VERSION = 'svcdig/v1alpha1';
