/**
 * A YAML dump read a document at a time, and a `kind: List` document (what `kubectl get -o yaml` prints) a batch of
 * items at a time, so that neither the text nor the parsed cluster is ever held whole: js-yaml's whole-document parse
 * of a 90 MB dump takes ~20× the file's size in memory, most of it objects cut down right after
 * (core/trim-object.ts). The text is split by lines, and only where YAML fixes the structure by the line's start
 * (YAML 1.2.2, https://yaml.org/spec/1.2.2/):
 * - a document marker (`---`, `...` at column 0 and a space or line break after) ends a document, wherever it is
 *   (§9.1.4 c-forbidden: no scalar runs past one). Documents share nothing (anchors and directives are per
 *   document), so each is parsed on its own.
 * - in a document, a column-0 line `items:` with nothing after it, then block sequence entries (`- ` at one indent
 *   s; every line of an entry's content is indented more than s, §8.2.1): each entry is the lines from its `- ` to the
 *   next, and a run of entries is parsed as one sequence. The sequence ends at a column-0 line that starts the
 *   document's next key; the rest of the document (its head: apiVersion, kind, metadata) is parsed with `items:`
 *   holding a marker.
 * A split that lands inside a scalar is caught, never silent: a quoted or flow scalar cut in two leaves its first part
 * unterminated (a parse error); a plain scalar never continues onto a line indented no more than its sequence entry
 * (§7.3.3, s-flow-line-prefix), and a block scalar's content is indented more than its parent (§8.1.1.1); the head
 * must give the marker back as the value of a top-level `items` key, and each run exactly one entry per `- ` line.
 * Anything else — an alias that may reach across items, a tab in an indentation, a directive, a parse error — and the
 * caller parses the text whole, as before (test/adapters/files/yaml-list.test.ts compares both on many texts).
 */
export interface YamlParts {
    /** A document that is not a list read by items, as js-yaml parses it. */
    document(value: unknown): void;
    /** The next entries of a list's items, in order. */
    items(values: unknown[]): void;
    /** The list whose items were just given ended: its other members (kind, apiVersion, metadata). */
    listEnd(members: Record<string, unknown>): void;
}

/** js-yaml's loadAll of a text with the caller's options; undefined when the text is not YAML. */
export type LoadDocuments = (text: string) => unknown[] | undefined;

/** How much text of items is parsed at once: large enough that js-yaml's start-up is nothing, small for memory. */
const BATCH_CHARS = 1 << 19;
const ITEMS_LINE = /^items:[ ]*\r?\n?$/;
const ENTRY = /^( *)-(?:[ \r\n]|$)/;
/** A column-0 line that can only start a key of the top-level mapping (plain or quoted), ending the items. */
const KEY_START = /^[A-Za-z0-9_"'./]/;

function isDocumentMarker(line: string): boolean {
    const c = line.charCodeAt(0);
    if ((c !== 45 && c !== 46) || !line.startsWith(c === 45 ? '---' : '...')) return false;
    const after = line.charCodeAt(3);
    return after === 32 || after === 9 || after === 10 || after === 13;
}

/** The text given a piece at a time by `next`, as `parts`; false when it is not of the shapes above. */
export function parseYamlPieces(next: () => string | undefined, load: LoadDocuments, parts: YamlParts): boolean {
    const splitter = new YamlSplitter(load, parts);
    let rest = '';
    for (let piece = next(); piece !== undefined; piece = next()) {
        if (piece.includes('\u0000')) return false;
        const text = rest + piece;
        let at = 0;
        for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', at)) {
            if (!splitter.line(text.slice(at, nl + 1))) return false;
            at = nl + 1;
        }
        rest = text.slice(at);
    }
    return (rest === '' || splitter.line(rest)) && splitter.endDocument();
}

type State = 'head' | 'first-entry' | 'items' | 'tail';

class YamlSplitter {
    /** A value no text could hold by chance (not a secret: a text that holds it is only parsed whole). */
    private readonly marker = `svcdig-items-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
    private head: string[] = [];
    private state: State = 'head';
    private indent = 0;
    private batch: string[] = [];
    private batchChars = 0;
    private batchEntries = 0;

    constructor(
        private readonly load: LoadDocuments,
        private readonly parts: YamlParts,
    ) {}

    /** One line with its line break; false to give up. */
    line(line: string): boolean {
        if (isDocumentMarker(line)) {
            if (line[0] === '.') {
                if (!this.endItems()) return false;
                this.head.push(line);
                return this.endDocument();
            }
            if (!this.endDocument()) return false;
            this.head.push(line);
            return true;
        }
        if (line[0] === '%') return false; // a directive: left to the whole parse
        switch (this.state) {
            case 'head':
            case 'tail':
                if (ITEMS_LINE.test(line)) {
                    if (this.state === 'tail') return false; // a second items key
                    this.head.push(`items: ${this.marker}${line.endsWith('\r\n') ? '\r\n' : '\n'}`);
                    this.state = 'first-entry';
                } else this.head.push(line);
                return true;
            case 'first-entry': {
                if (isBlankOrComment(line)) {
                    this.head.push(line);
                    return true;
                }
                const entry = ENTRY.exec(line);
                if (!entry) return false; // `items:` holds no sequence (null, or a mapping): the whole parse says
                this.indent = entry[1]!.length;
                this.state = 'items';
                return this.itemsLine(line);
            }
            case 'items':
                return this.itemsLine(line);
        }
    }

    private itemsLine(line: string): boolean {
        let i = 0;
        while (line.charCodeAt(i) === 32) i++;
        const c = line.charCodeAt(i);
        if (c === 9) return false; // a tab where indentation is read
        const blank = c === 10 || c === 13 || Number.isNaN(c) || c === 35; /* # */
        if (blank || i > this.indent) return this.add(line);
        if (i === this.indent && ENTRY.test(line)) {
            if (this.batchChars >= BATCH_CHARS && !this.flush()) return false;
            this.batchEntries++;
            return this.add(line);
        }
        if (i !== 0 || !KEY_START.test(line)) return false;
        if (!this.endItems()) return false;
        this.state = 'tail';
        this.head.push(line);
        return true;
    }

    private add(line: string): boolean {
        this.batch.push(line);
        this.batchChars += line.length;
        return true;
    }

    /** The entries gathered so far, parsed as one sequence: exactly one value per `- ` line. */
    private flush(): boolean {
        if (this.batchEntries === 0) return true;
        const docs = this.load(this.batch.join(''));
        this.batch = [];
        this.batchChars = 0;
        const values = docs?.length === 1 ? docs[0] : undefined;
        if (!Array.isArray(values) || values.length !== this.batchEntries) return false;
        this.batchEntries = 0;
        this.parts.items(values);
        return true;
    }

    private endItems(): boolean {
        if (this.state === 'first-entry') return false;
        if (this.state !== 'items') return true;
        this.state = 'tail';
        return this.flush();
    }

    /** The document read so far: its head parsed (a list's, with the marker for items), and the next one begun. */
    endDocument(): boolean {
        if (!this.endItems()) return false;
        const text = this.head.join('');
        const list = this.state === 'tail';
        this.head = [];
        this.state = 'head';
        // an alias in the head could name an anchor inside the items (the last one before it wins): whole parse
        if (list && text.includes('*')) return false;
        const docs = text === '' ? [] : this.load(text);
        if (!docs) return false;
        if (!list) {
            for (const d of docs) this.parts.document(d);
            return true;
        }
        const doc = docs.length === 1 ? docs[0] : undefined;
        if (!doc || typeof doc !== 'object' || Array.isArray(doc) || (doc as { items?: unknown }).items !== this.marker) return false;
        const { items: _, ...members } = doc as Record<string, unknown>;
        this.parts.listEnd(members);
        return true;
    }
}

function isBlankOrComment(line: string): boolean {
    return /^[ ]*(?:#|\r?\n?$)/.test(line);
}
