/**
 * The one output escaper. Names and data svcdig prints come from cluster objects, files and DNS replies, none of them
 * trusted: a terminal acts on the control characters in them (ESC and the 8-bit CSI U+009B start escape sequences,
 * OSC can set the window title or write the clipboard, BEL rings) and bidi overrides (U+202E, U+2066–U+2069: the
 * "Trojan Source" reordering, CVE-2021-42574) make text read differently from what it is. Human-readable output shows
 * every such character as \xHH escapes of its UTF-8 bytes (ESC is \x1b): one form that reads the same in a shell
 * ($'\x1b', printf), C and JavaScript, where dig's decimal \DDD (\027 for ESC) reads as octal to a shell user. `-o
 * dig` keeps dig's own presentation format (RFC 1035 §5.1, render/dig.ts). JSON and YAML keep the exact data and spell
 * those characters with their own escapes.
 */

/**
 * What is written as it is: printable ASCII, printable Latin-1 (without the invisible soft hyphen), and the dashes,
 * arrows and signs svcdig's own text uses. Everything else is escaped.
 */
export const SHOWN = '\\u0020-\\u007e\\u00a0-\\u00ac\\u00ae-\\u00ff\\u2013\\u2014\\u2026\\u2190\\u2192\\u2212\\u2264\\u2265';

const NOT_SHOWN = new RegExp(`[^${SHOWN}]`, 'gu');
const NOT_SHOWN_OR_LAYOUT = new RegExp(`[^${SHOWN}\\n\\t]`, 'gu');

const hexEscaped = (c: string) => [...Buffer.from(c, 'utf8')].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');

/**
 * A backslash that would read as the start of one of these escapes (`\x` then two hex digits) is itself escaped
 * (`\x5c`): a name typed with the four characters \x1b then reads differently from one holding ESC. Other
 * backslashes stay (dns-packet writes a dot inside a label as `\.`, the presentation format of RFC 1035 §5.1).
 */
const ESCAPE_LOOKALIKE = /\\(?=x[0-9a-fA-F]{2})/g;

/** A name or value as received, for one line of human output: nothing unprintable, not even a line break or a tab. */
export function printable(s: string): string {
    return s.replace(ESCAPE_LOOKALIKE, '\\x5c').replace(NOT_SHOWN, hexEscaped);
}

/**
 * A word (a run without spaces) longer than this in a message line is shown by its ends: an error that quotes a
 * 120 kB argument says which one and why in a line a terminal can show, rather than a screenful of it.
 */
const LONG_WORD = /\S{241,}/gu;
const WORD_HEAD = 100;
const WORD_TAIL = 12;

/** A message line with every over-long word shortened to its ends and how much was left out between them. */
export function withLongWordsShortened(line: string): string {
    return line.replace(LONG_WORD, (word) => {
        const chars = Array.from(word); // code points: a surrogate pair is never cut in two
        const left = chars.length - WORD_HEAD - WORD_TAIL;
        return `${chars.slice(0, WORD_HEAD).join('')}…(${left.toLocaleString('en-US')} more characters)…${chars.slice(-WORD_TAIL).join('')}`;
    });
}

/**
 * The Styler's colours travel through the renderers as marks carrying a secret drawn per run, and become escape
 * sequences only when the output is finished (`terminalText`): so the only escape sequences svcdig writes are its own
 * colours, and no name or data can fake one (it cannot hold a secret it never saw).
 */
let marks: { of(params: string): string; all: RegExp; split: RegExp } | undefined;
/** Drawn on first use (a run without colour never needs it). */
function theMarks(): NonNullable<typeof marks> {
    if (marks) return marks;
    const secret = Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(8))).toString('hex');
    return (marks = {
        of: (params) => `\ue000${secret}${params}\ue001`,
        all: new RegExp(`\\ue000${secret}([0-9;]*)\\ue001`, 'g'),
        split: new RegExp(`(\\ue000${secret}[0-9;]*\\ue001)`),
    });
}
const SGR = /\u001b\[([0-9;]*)m/g;

/** SGR sequences as marks: for text that holds no escape sequence but svcdig's own (a Styler's output, a table). */
export function sgrToMarks(text: string): string {
    return text.replace(SGR, (_, params: string) => theMarks().of(params));
}

/** Marks as the SGR sequences they stand for. */
export function marksToSgr(text: string): string {
    return text.includes('\ue000') ? text.replace(theMarks().all, (_, params: string) => `\u001b[${params}m`) : text;
}

/** Everything `pattern` matches escaped, the marks kept. */
function escapeAroundMarks(text: string, pattern: RegExp): string {
    if (!text.includes('\ue000')) return text.replace(pattern, hexEscaped);
    return text
        .split(theMarks().split)
        .map((part, i) => (i % 2 === 1 ? part : part.replace(pattern, hexEscaped)))
        .join('');
}

/**
 * Finishes text for a terminal: every control character, escape sequence or invisible formatting character in it is
 * escaped (whichever printer forgot to), line breaks and tabs are kept, the Styler's marks become its colours.
 */
export function terminalText(text: string): string {
    return marksToSgr(escapeAroundMarks(text, NOT_SHOWN_OR_LAYOUT));
}

/** What a Styler colours: escaped as `terminalText` does, marks of an inner colour kept. */
export function styledText(text: string): string {
    return escapeAroundMarks(text, NOT_SHOWN_OR_LAYOUT);
}

/** A table cell: one line (line breaks and tabs escaped too), marks kept. */
export function cellText(text: string): string {
    return escapeAroundMarks(text, NOT_SHOWN);
}

/**
 * Characters that are valid data but act on a terminal or reorder text, which JSON.stringify and js-yaml's plain
 * scalars write raw: DEL and the C1 controls (U+009B is CSI), the soft hyphen, Arabic letter mark, zero-width and
 * bidi formatting characters, line and paragraph separators, word joiners and isolates, the BOM.
 */
const RAW_IN_JSON = /[\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;

const uEscape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** JSON text with those characters as \uXXXX escapes: the same data, nothing a terminal acts on. */
export function jsonText(json: string): string {
    return json.replace(RAW_IN_JSON, uEscape);
}

/** Does YAML from js-yaml hold any of them raw (it escapes C0 and C1 itself, not bidi or zero-width characters)? */
const HAS_RAW_IN_JSON = new RegExp(RAW_IN_JSON.source);

export function hasRawFormatting(yaml: string): boolean {
    return HAS_RAW_IN_JSON.test(yaml);
}

/**
 * YAML with those characters as \uXXXX escapes (YAML 1.2 §5.7), the same data. `dumpQuoted` writes every string
 * value double-quoted, where the escapes are valid; keys stay plain, so a key holding one is swapped for a plain
 * placeholder before dumping and replaced by its double-quoted form after (JSON's quoting is YAML 1.2's).
 */
export function yamlText(data: unknown, dumpQuoted: (data: unknown) => string): string {
    const tag = `svcdig-key-${Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(8))).toString('hex')}-`;
    const quoted: string[] = [];
    const swap = (v: unknown): unknown => {
        if (Array.isArray(v)) return v.map(swap);
        if (v === null || typeof v !== 'object') return v;
        return Object.fromEntries(
            Object.entries(v).map(([k, x]) => {
                if (!HAS_RAW_IN_JSON.test(k)) return [k, swap(x)];
                quoted.push(jsonText(JSON.stringify(k)));
                return [`${tag}${quoted.length - 1}`, swap(x)];
            }),
        );
    };
    return dumpQuoted(swap(data))
        .replace(RAW_IN_JSON, uEscape)
        .replace(new RegExp(`"?${tag}(\\d+)"?`, 'g'), (_, i: string) => quoted[Number(i)]!);
}
