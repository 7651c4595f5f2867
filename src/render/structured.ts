import { CORE_SCHEMA, dump } from 'js-yaml';

/** JSON and YAML print the same envelope (apiVersion + kind first). */
export function renderJson(report: unknown): string {
    return JSON.stringify(report, null, 2) + '\n';
}

export function renderYaml(report: unknown): string {
    // No line folding, no anchors for repeated objects; keys keep the JSON envelope's order.
    return dump(report, { lineWidth: -1, noRefs: true, schema: CORE_SCHEMA, quoteStyle: 'double' });
}
