/**
 * `-o json` of check written as it goes: the fields before `services`, each Service as it comes, then the rest, in
 * exactly the bytes structured.ts renderJson prints for the whole report. JSON.stringify's indentation follows the
 * nesting only, and its strings hold no raw line break, so a Service stringified alone and indented by its depth (an
 * element of `services`, two levels in) is the text it has inside the whole document.
 */
import { reportAfter, reportBefore } from '../core/check-report.js';
import type { CheckWriterOf } from './check-writer.js';
import { jsonText } from './escape.js';

const ELEMENT_INDENT = '\n    ';

/** An object's JSON text without its braces' last line (`\n}`) or first (`{`): to be joined with others. */
const opened = (value: object) => JSON.stringify(value, null, 2).slice(0, -2);
const closing = (value: object) => JSON.stringify(value, null, 2).slice(1);

export const checkJsonWriter: CheckWriterOf = (head, _o, write) => {
    let first = true;
    const open = jsonText(opened(reportBefore(head)));
    return {
        service(s) {
            write(`${first ? `${open},\n  "services": [` : ','}${ELEMENT_INDENT}${jsonText(JSON.stringify(s, null, 2).replaceAll('\n', ELEMENT_INDENT))}`);
            first = false;
        },
        end(tail) {
            write(`${first ? `${open},\n  "services": []` : '\n  ]'},${jsonText(closing(reportAfter(head, tail)))}\n`);
        },
    };
};
