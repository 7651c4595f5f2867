/**
 * `-o yaml` of check written as it goes, as check-json.ts writes JSON: the fields before `services`, each Service as it
 * comes, then the rest. js-yaml writes a sequence inside a mapping indented two spaces under its key, and a value's
 * lines depend only on the value and its depth (no line folding, no anchors: structured.ts), so a Service dumped alone
 * as a one-element sequence and shifted two spaces is the text it has inside the whole document. Each piece is escaped
 * on its own (structured.ts renderYaml): a value holding a bidi or zero-width character has its piece quoted, not the
 * whole document, so no piece waits for the last.
 */
import { reportAfter, reportBefore } from '../core/check-report.js';
import type { CheckWriterOf } from './check-writer.js';
import { renderYaml } from './structured.js';

const shifted = (yaml: string) => yaml.replace(/^(?=.)/gm, '  ');

export const checkYamlWriter: CheckWriterOf = (head, _o, write) => {
    let first = true;
    const open = renderYaml(reportBefore(head));
    return {
        service(s) {
            write(`${first ? `${open}services:\n` : ''}${shifted(renderYaml([s]))}`);
            first = false;
        },
        end(tail) {
            write(`${first ? `${open}services: []\n` : ''}${renderYaml(reportAfter(head, tail))}`);
        },
    };
};
