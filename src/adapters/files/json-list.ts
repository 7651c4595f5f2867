/**
 * A `kubectl get -o json` dump is one object whose `items` array holds the whole cluster. JSON.parse of it builds
 * every object at once, with every field the API sends (managedFields, volumes, probes, …): several times the text's
 * size. Here the text is scanned for the items' boundaries and each item is parsed on its own, so the caller can cut
 * it down (core/trim-object.ts) before the next one is built. The text may come in pieces (a file read a chunk at a
 * time, text-pieces.ts), so the whole dump is never one string either. Anything that is not exactly such an object —
 * another shape, a syntax error — gives undefined, and the caller parses the text whole as before (and reports its
 * errors).
 */
import { TextWindow } from './text-pieces.js';

/** The other members of the list object (kind, apiVersion, metadata), and how many items were given to `onItem`. */
export interface JsonListHead {
    members: Record<string, unknown>;
    items: number;
}

const WS = /[ \t\n\r]*/y;
/** The next character that opens, closes or quotes: everything else inside a value is skipped by the regex engine. */
const STRUCTURAL = /["{}[\]]/g;
const SCALAR_END = /[,}\]\s]/g;

/** The index after the whitespace at `at` (more text is read when it runs to the window's end). */
function skipWs(w: TextWindow, at: number): number {
    WS.lastIndex = at;
    WS.exec(w.text);
    const end = WS.lastIndex;
    if (end === w.text.length) w.needMore();
    return end;
}

/** The index after the string that starts at `at` (a `"`), or -1. */
function skipString(w: TextWindow, at: number): number {
    const text = w.text;
    let i = at + 1;
    for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) return w.needMore();
        let backslashes = 0;
        for (let b = q - 1; text.charCodeAt(b) === 92; b--) backslashes++;
        if (backslashes % 2 === 0) return q + 1;
        i = q + 1;
    }
}

/** The index after the JSON value that starts at `at`, or -1 (the value is checked later, by JSON.parse). */
function skipValue(w: TextWindow, at: number): number {
    const text = w.text;
    const c = text[at];
    if (c === '"') return skipString(w, at);
    if (c !== '{' && c !== '[') {
        SCALAR_END.lastIndex = at;
        const m = SCALAR_END.exec(text);
        return m ? m.index : w.needMore();
    }
    let depth = 0;
    STRUCTURAL.lastIndex = at;
    for (let m = STRUCTURAL.exec(text); m; m = STRUCTURAL.exec(text)) {
        const ch = m[0];
        if (ch === '"') {
            const end = skipString(w, m.index);
            if (end < 0) return -1;
            STRUCTURAL.lastIndex = end;
        } else if (ch === '{' || ch === '[') depth++;
        else if (--depth === 0) return m.index + 1;
    }
    return w.needMore();
}

/** JSON.parse of text[from, to), or `fail` when it is not JSON. */
function parseSlice(text: string, from: number, to: number, fail: unknown): unknown {
    try {
        return JSON.parse(text.slice(from, to));
    } catch {
        return fail;
    }
}

const NOT_JSON = Symbol('not JSON');

/** Parses `text` as a list object item by item; undefined when it is not one (the caller parses it whole). */
export function parseJsonListItems(text: string, onItem: (item: unknown, index: number) => void): JsonListHead | undefined {
    let given = false;
    return parseJsonListPieces(() => (given ? undefined : ((given = true), text)), onItem);
}

/**
 * The same, the text given a piece at a time by `next` (undefined at its end). Each step below scans one member or
 * one item from the window's start; when the window ends inside it, more is read and the step starts again.
 */
export function parseJsonListPieces(next: () => string | undefined, onItem: (item: unknown, index: number) => void): JsonListHead | undefined {
    const scan = new JsonListScan(new TextWindow(next), onItem);
    const w = scan.window;
    for (let step = w.run(scan.open); step !== 'end'; step = w.run(scan.inItems ? scan.item : scan.member)) {
        if (step === false) return undefined;
    }
    return scan.items < 0 ? undefined : { members: scan.members, items: scan.items };
}

/** The steps of parseJsonListPieces and what they have read: each returns true (go on), 'end', or false (not a list object). */
class JsonListScan {
    readonly members: Record<string, unknown> = {};
    items = -1;
    inItems = false;

    constructor(
        readonly window: TextWindow,
        private readonly onItem: (item: unknown, index: number) => void,
    ) {}

    /** The opening brace. */
    readonly open = (): boolean | 'end' => {
        const w = this.window;
        const i = skipWs(w, 0);
        if (w.text[i] !== '{') return false;
        const j = skipWs(w, i + 1);
        if (w.text[j] === '}') return false;
        w.consume(j);
        return true;
    };

    /** A member of the list object; `items` opens the items. */
    readonly member = (): boolean | 'end' => {
        const w = this.window;
        const text = w.text;
        if (text[0] !== '"') return false;
        const keyEnd = skipString(w, 0);
        if (keyEnd < 0) return false;
        let i = skipWs(w, keyEnd);
        if (text[i] !== ':') return false;
        i = skipWs(w, i + 1);
        const key = parseSlice(text, 0, keyEnd, NOT_JSON);
        if (typeof key !== 'string') return false;
        if (key === 'items' && this.items >= 0) return false; // a second items member: the last one counts, parse it whole
        if (key === 'items' && text[i] === '[') return this.openItems(i);
        const end = skipValue(w, i);
        if (end < 0) return false;
        const value = parseSlice(text, i, end, NOT_JSON);
        if (value === NOT_JSON) return false;
        const more = this.afterMember(end);
        this.members[key] = value;
        return more;
    };

    /** `[` of the items at `at`: an empty list ends the member, else the items follow. */
    private openItems(at: number): boolean | 'end' {
        const w = this.window;
        const j = skipWs(w, at + 1);
        if (w.text[j] === ']') {
            const more = this.afterMember(j + 1);
            this.items = 0;
            return more;
        }
        this.items = 0;
        this.inItems = true;
        w.consume(j);
        return true;
    }

    /** After a member: `,` and the next member, or the closing brace and nothing after it. */
    private afterMember(at: number): boolean | 'end' {
        const w = this.window;
        const i = skipWs(w, at);
        const text = w.text;
        if (text[i] === ',') {
            w.consume(skipWs(w, i + 1));
            return true;
        }
        if (text[i] !== '}') return false;
        // nothing but whitespace to the end of the text (skipWs reads on to it)
        return skipWs(w, i + 1) === w.text.length ? 'end' : false;
    }

    /** One item of the list, given on at once. */
    readonly item = (): boolean | 'end' => {
        const w = this.window;
        const text = w.text;
        const end = skipValue(w, 0);
        if (end < 0) return false;
        const i = skipWs(w, end);
        if (text[i] !== ',' && text[i] !== ']') return false;
        const value = parseSlice(text, 0, end, NOT_JSON);
        if (value === NOT_JSON) return false;
        // the window is extended (and this step run again) only before the item is given on
        const more = text[i] === ']' ? this.afterMember(i + 1) : (w.consume(skipWs(w, i + 1)), true);
        this.inItems = text[i] === ',';
        this.onItem(value, this.items++);
        return more;
    };
}
