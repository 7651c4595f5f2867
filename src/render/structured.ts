import { CORE_SCHEMA, dump, type DumpOptions } from 'js-yaml';
import { hasRawFormatting, jsonText, yamlText } from './escape.js';

/** JSON and YAML print the same envelope (apiVersion + kind first): exact data, escaped where a terminal would act. */
export function renderJson(report: unknown): string {
    return jsonText(JSON.stringify(report, null, 2)) + '\n';
}

// No line folding, no anchors for repeated objects; keys keep the JSON envelope's order.
const YAML_OPTIONS: DumpOptions = { lineWidth: -1, noRefs: true, schema: CORE_SCHEMA, quoteStyle: 'double' };

export function renderYaml(report: unknown): string {
    const yaml = dump(report, YAML_OPTIONS);
    // js-yaml writes bidi and zero-width characters raw in plain scalars: quote every value so they can be escaped.
    return hasRawFormatting(yaml) ? yamlText(report, (data) => dump(data, { ...YAML_OPTIONS, forceQuotes: true })) : yaml;
}
