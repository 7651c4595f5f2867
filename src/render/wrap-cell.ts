/**
 * Hard-wraps a table cell that holds SGR colour sequences, for cli-table3, whose own hard wrap (utils.js textWrap)
 * counts an escape sequence's characters as columns and cuts through it: a cut `\x1b[39m` then reached the escaper as
 * text. Here a sequence is never cut and takes no column; a colour open at a line break is closed at the end of the
 * line and opened again at the start of the next, so every line stands alone (ECMA-48 §8.3.117 SGR).
 */

const SGR_TOKEN = /(\u001b\[[0-9;]*m)/;

/** The attribute an SGR parameter sets or clears (its closing code), or 'reset' for 0; undefined for others. */
function attributeOf(param: number): { close: string } | 'reset' | undefined {
    if (param === 0) return 'reset';
    if ((param >= 30 && param <= 39) || (param >= 90 && param <= 97)) return { close: '39' };
    if ((param >= 40 && param <= 49) || (param >= 100 && param <= 107)) return { close: '49' };
    if (param === 1 || param === 2 || param === 22) return { close: '22' };
    if (param >= 3 && param <= 9) return { close: String(param + 20) };
    if (param >= 23 && param <= 29) return { close: String(param) };
    return undefined;
}

/** The colours open after `sequence`: by the code that closes each, the sequence that opened it. */
function applySgr(open: Map<string, string>, sequence: string): void {
    const params = sequence.slice(2, -1);
    const first = params === '' ? 0 : Number(params.split(';')[0]);
    const attribute = attributeOf(first);
    if (attribute === 'reset') open.clear();
    else if (attribute && attribute.close === String(first)) open.delete(attribute.close);
    else if (attribute) open.set(attribute.close, sequence);
}

/**
 * `text` (one line, SGR sequences its only escapes) cut into lines of at most `width` visible characters; the
 * blanks at a cut are dropped, as cli-table3's wrap drops them.
 */
export function wrapCell(text: string, width: number): string {
    const lines: string[] = [];
    const open = new Map<string, string>();
    let line = '';
    let used = 0;
    const breakLine = () => {
        lines.push(line + [...open.keys()].map((close) => `\u001b[${close}m`).join(''));
        line = [...open.values()].join('');
        used = 0;
    };
    for (const token of text.split(SGR_TOKEN)) {
        if (SGR_TOKEN.test(token)) {
            applySgr(open, token);
            line += token;
            continue;
        }
        for (const char of token) {
            if (used === width) breakLine();
            if (used === 0 && /\s/.test(char) && lines.length > 0) continue;
            line += char;
            used++;
        }
    }
    lines.push(line);
    return lines.join('\n');
}
