/**
 * A `kubectl get -o json` dump is one object whose `items` array holds the whole cluster. JSON.parse of it builds
 * every object at once, with every field the API sends (managedFields, volumes, probes, …): several times the text's
 * size. Here the text is scanned for the items' boundaries and each item is parsed on its own, so the caller can cut
 * it down (core/trim-object.ts) before the next one is built. Anything that is not exactly such an object — another
 * shape, a syntax error — gives undefined, and the caller parses the text whole as before (and reports its errors).
 */

/** The other members of the list object (kind, apiVersion, metadata), and how many items were given to `onItem`. */
export interface JsonListHead {
    members: Record<string, unknown>;
    items: number;
}

const WS = /[ \t\n\r]*/y;
/** The next character that opens, closes or quotes: everything else inside a value is skipped by the regex engine. */
const STRUCTURAL = /["{}[\]]/g;
const SCALAR_END = /[,}\]\s]/g;

function skipWs(text: string, at: number): number {
    WS.lastIndex = at;
    WS.exec(text);
    return WS.lastIndex;
}

/** The index after the string that starts at `at` (a `"`), or -1. */
function skipString(text: string, at: number): number {
    let i = at + 1;
    for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) return -1;
        let backslashes = 0;
        for (let b = q - 1; text.charCodeAt(b) === 92; b--) backslashes++;
        if (backslashes % 2 === 0) return q + 1;
        i = q + 1;
    }
}

/** The index after the JSON value that starts at `at`, or -1 (the value is checked later, by JSON.parse). */
function skipValue(text: string, at: number): number {
    const c = text[at];
    if (c === '"') return skipString(text, at);
    if (c !== '{' && c !== '[') {
        SCALAR_END.lastIndex = at;
        const m = SCALAR_END.exec(text);
        return m ? m.index : text.length;
    }
    let depth = 0;
    STRUCTURAL.lastIndex = at;
    for (let m = STRUCTURAL.exec(text); m; m = STRUCTURAL.exec(text)) {
        const ch = m[0];
        if (ch === '"') {
            const end = skipString(text, m.index);
            if (end < 0) return -1;
            STRUCTURAL.lastIndex = end;
        } else if (ch === '{' || ch === '[') depth++;
        else if (--depth === 0) return m.index + 1;
    }
    return -1;
}

/** Parses `text` as a list object item by item; undefined when it is not one (the caller parses it whole). */
export function parseJsonListItems(text: string, onItem: (item: unknown, index: number) => void): JsonListHead | undefined {
    let i = skipWs(text, 0);
    if (text[i] !== '{') return undefined;
    const members: Record<string, unknown> = {};
    let items = -1;
    i = skipWs(text, i + 1);
    if (text[i] === '}') return undefined;
    for (;;) {
        if (text[i] !== '"') return undefined;
        const keyEnd = skipString(text, i);
        if (keyEnd < 0) return undefined;
        const key = JSON.parse(text.slice(i, keyEnd)) as string;
        i = skipWs(text, keyEnd);
        if (text[i] !== ':') return undefined;
        i = skipWs(text, i + 1);
        if (key === 'items' && text[i] === '[' && items < 0) {
            const end = eachElement(text, i, onItem);
            if (end === undefined) return undefined;
            [i, items] = end;
        } else {
            const end = skipValue(text, i);
            if (end < 0) return undefined;
            try {
                members[key] = JSON.parse(text.slice(i, end));
            } catch {
                return undefined;
            }
            i = end;
        }
        i = skipWs(text, i);
        if (text[i] === ',') {
            i = skipWs(text, i + 1);
            continue;
        }
        if (text[i] !== '}' || skipWs(text, i + 1) !== text.length) return undefined;
        return items < 0 ? undefined : { members, items };
    }
}

/** Each element of the array at `at`, parsed on its own: [the index after the array, the count], or undefined. */
function eachElement(text: string, at: number, onItem: (item: unknown, index: number) => void): [number, number] | undefined {
    let i = skipWs(text, at + 1);
    let n = 0;
    if (text[i] === ']') return [i + 1, 0];
    for (;;) {
        const end = skipValue(text, i);
        if (end < 0) return undefined;
        let item: unknown;
        try {
            item = JSON.parse(text.slice(i, end));
        } catch {
            return undefined;
        }
        onItem(item, n++);
        i = skipWs(text, end);
        if (text[i] === ']') return [i + 1, n];
        if (text[i] !== ',') return undefined;
        i = skipWs(text, i + 1);
    }
}
