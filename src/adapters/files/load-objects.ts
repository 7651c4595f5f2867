import { statSync } from 'node:fs';
import { CORE_SCHEMA, loadAll, YAMLException } from 'js-yaml';
import { SvcdigError } from '../../errors.js';
import { readFilePieces, readFileText } from './read-input.js';
import { piecesOf } from './text-pieces.js';
import { parseYamlPieces } from './yaml-list.js';
import { manifestPaths } from './manifest-paths.js';
import type { KubeObject } from '../../core/k8s.js';
import { boundsProblem, MAX_NESTING } from '../../core/json-bounds.js';
import { Admission, admitObjects, checkCandidate, type Admitted, type Candidate, type CheckedCandidate } from '../../core/object-shape.js';
import { PackedObjects } from './packed-texts.js';
import { packPath, type PackedInput } from './packed-input.js';
import { trimObject } from '../../core/trim-object.js';
import { parseJsonListPieces } from './json-list.js';

/** What one text holds: candidate objects (not yet checked: core/object-shape.ts) and notes on what was skipped. */
export interface ParsedText {
    candidates: Candidate[];
    notes: string[];
    /** ParseOptions.admit: `candidates` then holds only those waiting for their list's kind, and what follows them. */
    admit?: (c: CheckedCandidate) => void;
}

/** How a text is parsed. */
export interface ParseOptions {
    /**
     * Each candidate is checked as it is read (core/object-shape.ts checkCandidate) and given to `admit` in order, so
     * that the text is not held as objects; an item of a list whose kind comes after it (`kind: PodList`, printed after
     * `items`) waits, and those after it, until the list ends.
     */
    admit?: (c: CheckedCandidate) => void;
    /** Called when a text read by parts is read again whole: what was admitted from it is to be forgotten. */
    restart?: () => void;
    /** Called with a regular file's text before it is parsed whole (src/heap-restart.ts). */
    beforeWhole?: (text: string) => void;
}

function addCandidate(out: ParsedText, c: Candidate): void {
    if (!out.admit) {
        out.candidates.push(c);
        return;
    }
    const v = c.value;
    const waits = c.at !== undefined && !!v && typeof v === 'object' && !Array.isArray(v) && !(v as { kind?: unknown }).kind;
    if (waits) out.candidates.push(c);
    else if (out.candidates.length) out.candidates.push({ value: undefined, from: c.from, checked: checkCandidate(c) } as Candidate);
    else out.admit(checkCandidate(c));
}

/** ParseOptions.admit: the candidates that waited, now final, admitted in order. */
function admitWaiting(out: ParsedText): void {
    if (!out.admit) return;
    for (const c of out.candidates as (Candidate & { checked?: CheckedCandidate })[]) out.admit(c.checked ?? checkCandidate(c));
    out.candidates = [];
}

/** YAML 1.2 core schema: timestamps stay strings (as in `kubectl get -o json`); `json: true` lets a later duplicate key
 * win, as the API server's decoder does, instead of failing the file. */
const yamlOptions = (sourceName: string) => ({ schema: CORE_SCHEMA, json: true, filename: sourceName, maxDepth: MAX_NESTING });

/**
 * Reads Kubernetes objects from YAML (multi-document) or JSON text: single objects, `kind: List` and
 * `*List` kinds (what `kubectl get ... -o json|yaml` prints). Malformed text, nesting deeper than MAX_NESTING and
 * alias expansion beyond the text's own size (core/json-bounds.ts) are usage errors naming the file.
 */
export function parseObjects(text: string, sourceName: string, opts: ParseOptions = {}): ParsedText {
    return parseByParts(piecesOf([text]), sourceName, text.length, opts) ?? (opts.restart?.(), parseWhole(text, sourceName, opts));
}

/**
 * What can be read only once (stdin, a named pipe), held packed as it was read: parsed by parts where it can be, else
 * parsed whole from the same packed bytes. It is never read twice, so never restarted uncapped (src/heap-restart.ts).
 */
export function parseInput(input: PackedInput, sourceName: string, opts: ParseOptions = {}): ParsedText {
    return parseByParts(input.pieces(), sourceName, input.bytes, opts) ?? (opts.restart?.(), parseWhole(input.text(), sourceName, opts));
}

/**
 * A file, read a piece at a time and parsed by parts where it can be (parseByParts), else read again and parsed whole.
 * What cannot be read twice (a pipe: `-f <(kubectl get … -o yaml)`) is read once and held packed, as stdin is.
 */
function parseFile(path: string, opts: ParseOptions): ParsedText {
    const whole = () => readOrSay(path, () => readFileText(path));
    if (!readOrSay(path, () => statSync(path)).isFile())
        return parseInput(
            readOrSay(path, () => packPath(path)),
            path,
            opts,
        );
    const parts = readOrSay(path, () => readFilePieces(path, (next, size) => parseByParts(next, path, size, opts)));
    if (parts) return parts;
    opts.restart?.();
    const text = whole();
    opts.beforeWhole?.(text);
    return parseWhole(text, path, opts);
}

/** What parseObjects says of `text` parsed at once: the reference the parts parse must equal, and every error. */
export function parseWhole(text: string, sourceName: string, opts: ParseOptions = {}): ParsedText {
    if (text.includes('\u0000')) {
        throw new SvcdigError('usage', `${sourceName}: not a text file (binary content)`);
    }
    const maxNodes = text.length + 1000;
    const out: ParsedText = { candidates: [], notes: [], admit: opts.admit };
    // kubectl get -o json output: JSON.parse is far faster than the YAML parser on large dumps; on any JSON error
    // fall through to the YAML parser, which reports the line.
    if (/^\s*[{[]/.test(text)) {
        let value: unknown;
        try {
            value = JSON.parse(text);
        } catch {
            value = undefined;
        }
        if (value !== undefined) {
            checkBounds(value, maxNodes, sourceName);
            collectObjects(value, out, sourceName);
            return out;
        }
    }
    let docs: unknown[];
    try {
        docs = loadAll(text, null, yamlOptions(sourceName));
    } catch (e) {
        if (e instanceof RangeError) throw new SvcdigError('usage', `${sourceName}: cannot parse: nested too deeply`);
        if (!(e instanceof YAMLException)) throw e;
        const line = (e.mark?.line ?? 0) + 1;
        throw new SvcdigError('usage', `${sourceName}:${line}: cannot parse: ${e.reason}`);
    }
    checkBounds(docs, maxNodes, sourceName);
    for (const value of docs) collectObjects(value, out, sourceName);
    return out;
}

/** Thrown inside parseByParts where the parts parse gives up: the whole parse decides (and reports any error). */
const GIVE_UP = Symbol('parse whole');

/**
 * The text given a piece at a time, parsed by parts as it is read: a JSON `kind: List` object item by item
 * (json-list.ts), YAML document by document and a list's items a batch at a time (yaml-list.ts), each item cut to
 * the fields svcdig reads at once. Undefined when the text is not of those shapes or anything in it is wrong (out of
 * bounds, not an object): the whole parse (parseWhole) then gives the same objects or the error. `maxChars` bounds the
 * text's length (the whole parse's bound on nodes is checked against the length actually read, at the end).
 */
export function parseByParts(next: () => string | undefined, sourceName: string, maxChars: number, opts: ParseOptions = {}): ParsedText | undefined {
    let chars = 0;
    const counting = () => {
        const piece = next();
        if (piece !== undefined) chars += piece.length;
        return piece;
    };
    const first = firstNonBlank(counting);
    if (first === undefined || first.at === '[') return undefined;
    const out: ParsedText = { candidates: [], notes: [], admit: opts.admit };
    const counted = { nodes: 1 }; // the whole parse counts the array of documents
    const maxNodes = maxChars + 1000;
    try {
        if (first.at === '{') {
            if (!parseJsonList(first.next, out, sourceName, maxNodes)) return undefined;
            return out;
        }
        if (!parseYamlByParts(first.next, out, sourceName, maxNodes, counted)) return undefined;
    } catch (e) {
        if (e === GIVE_UP) return undefined;
        throw e;
    }
    return counted.nodes > chars + 1000 ? undefined : out;
}

/** The first character that is not JSON whitespace, and `next` again from the start of the text. */
function firstNonBlank(next: () => string | undefined): { at: string; next: () => string | undefined } | undefined {
    const seen: string[] = [];
    for (let piece = next(); piece !== undefined; piece = next()) {
        seen.push(piece);
        const m = /[^ \t\n\r]/.exec(piece);
        if (m) return { at: m[0], next: () => seen.shift() ?? next() };
    }
    return undefined;
}

/** The `counted` bounds (json-bounds.ts) of a part at `depth` in the whole parse's array of documents. */
function inBounds(value: unknown, maxNodes: number, depth: number, counted: { nodes: number }): void {
    if (boundsProblem(value, maxNodes, MAX_NESTING - depth, counted)) throw GIVE_UP;
}

/**
 * A `kind: List` (or `PodList`, …) JSON object read item by item (json-list.ts), each cut to the fields svcdig reads
 * as it is parsed; false for any other text, or an item out of bounds, which the whole parse then reports.
 */
function parseJsonList(next: () => string | undefined, out: ParsedText, sourceName: string, maxNodes: number): boolean {
    const head = parseJsonListPieces(next, (item, i) => {
        // the list object and its items array are two levels of the document's nesting (JSON has no aliases: the
        // text's length bounds its nodes)
        inBounds(item, maxNodes, 2, { nodes: 0 });
        collectListItem(item, i, undefined, out, sourceName);
    });
    return head !== undefined && listEnded(head.members, out, 0);
}

/** YAML by parts (yaml-list.ts); each part within the whole parse's bounds, and collected as the whole parse would. */
function parseYamlByParts(next: () => string | undefined, out: ParsedText, sourceName: string, maxNodes: number, counted: { nodes: number }): boolean {
    const options = yamlOptions(sourceName);
    const load = (text: string) => {
        try {
            return loadAll(text, null, options);
        } catch {
            return undefined;
        }
    };
    let listStart = out.candidates.length;
    let index = 0;
    const strings = new Map<string, string>();
    // an object the whole parse would not take (a scalar document): the whole parse says so, in its order
    const collect = (f: () => void) => {
        try {
            f();
        } catch (e) {
            if (e instanceof SvcdigError) throw GIVE_UP;
            throw e;
        }
    };
    return parseYamlPieces(next, load, {
        document: (value) => {
            inBounds(value, maxNodes, 1, counted);
            collect(() => collectObjects(value, out, sourceName));
            listStart = out.candidates.length;
        },
        items: (values) => {
            const from = out.candidates.length;
            for (const value of values) {
                // a document, its items array, an item
                inBounds(value, maxNodes, 3, counted);
                collect(() => collectListItem(value, index++, undefined, out, sourceName));
            }
            for (let i = from; i < out.candidates.length; i++) out.candidates[i]!.value = ownStrings(out.candidates[i]!.value, strings);
        },
        listEnd: (members) => {
            // the list object itself and its items array (here the marker): as the whole parse counts them
            inBounds({ ...members, items: null }, maxNodes, 1, counted);
            if (!listEnded(members, out, listStart)) throw GIVE_UP;
            listStart = out.candidates.length;
            index = 0;
        },
    });
}

/**
 * `value` with its strings made its own. js-yaml's strings are slices of its input, and V8 keeps a slice of 13 or more
 * characters as a view of its parent string (v8/src/objects/string.h SlicedString): one kept name would keep a whole
 * batch of text alive, and the batches of a dump add up to the file. JSON.parse gives strings of their own, and one
 * copy of each short one (v8/src/json/json-parser.cc internalizes values of up to 25 characters: "Running", "True",
 * timestamps, images are shared by all pods); `seen` does the same here, and a longer string is copied through
 * JSON.parse. Objects here are trimmed (a few levels deep), so the recursion is bounded.
 */
function ownStrings(value: unknown, seen: Map<string, string>): unknown {
    if (typeof value === 'string') {
        if (value.length > 25) return JSON.parse(JSON.stringify(value)) as string;
        const known = seen.get(value);
        if (known !== undefined) return known;
        const own = value.length < 13 ? value : (JSON.parse(JSON.stringify(value)) as string);
        seen.set(own, own);
        return own;
    }
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) value[i] = ownStrings(value[i], seen);
        return value;
    }
    const obj = value as Record<string, unknown>;
    for (const k of Object.keys(obj)) obj[k] = ownStrings(obj[k], seen);
    return value;
}

/**
 * A list whose items (from `out.candidates[from]` on) were collected before its kind was known (kubectl prints `kind`
 * after `items`): false unless it is a list kind; the items of a typed list (PodList, …) get their kind now, as
 * collectObjects gives it.
 */
function listEnded(members: Record<string, unknown>, out: ParsedText, from: number): boolean {
    const kind = members.kind;
    if (typeof kind !== 'string' || !kind.endsWith('List')) return false;
    if (kind !== 'List') {
        for (let i = from; i < out.candidates.length; i++) {
            const c = out.candidates[i]!;
            if (c.at !== undefined) c.value = withListKind(c.value, kind.slice(0, -4));
        }
    }
    admitWaiting(out);
    return true;
}

function withListKind(item: unknown, itemKind: string): unknown {
    if (!item || typeof item !== 'object' || Array.isArray(item) || (item as KubeObject).kind) return item;
    (item as { kind?: string }).kind = itemKind;
    return trimObject(item);
}

function checkBounds(value: unknown, maxNodes: number, sourceName: string): void {
    const why = boundsProblem(value, maxNodes);
    if (why) throw new SvcdigError('usage', `${sourceName}: cannot read: the document ${why}`);
}

/** Depth is bounded (checkBounds) before this recursion runs. */
function collectObjects(value: unknown, out: ParsedText, sourceName: string): void {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
        for (const v of value) collectObjects(v, out, sourceName);
        return;
    }
    if (typeof value !== 'object') {
        throw new SvcdigError('usage', `${sourceName}: expected Kubernetes objects, found a ${typeof value}`);
    }
    const obj = value as Record<string, unknown>;
    if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && obj.items !== undefined) {
        if (!Array.isArray(obj.items)) {
            out.notes.push(`${sourceName}: ${obj.kind}: items is ${obj.items === null ? 'null' : typeof obj.items}, not a list; left out`);
            return;
        }
        const itemKind = obj.kind === 'List' ? undefined : obj.kind.slice(0, -4);
        for (const [i, item] of (obj.items as unknown[]).entries()) collectListItem(item, i, itemKind, out, sourceName);
        return;
    }
    // Not an API object (no kind and no metadata): ignored like an unknown kind.
    if (obj.kind === undefined && obj.metadata === undefined) return;
    addCandidate(out, { value: trimObject(obj), from: sourceName });
}

/** `read()`, its errors (a missing file, a directory, …) said in one line naming the file. */
function readOrSay<T>(path: string, read: () => T): T {
    try {
        return read();
    } catch (e) {
        if (e instanceof SvcdigError) throw e;
        const code = (e as NodeJS.ErrnoException).code;
        const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String(code ?? e);
        throw new SvcdigError('usage', `${path}: cannot read: ${why}`);
    }
}

/**
 * One item of a list: an object to check (a null or a number in a list is a malformed item, not nothing), cut to the
 * fields svcdig reads (core/trim-object.ts; so two copies that differ only in fields svcdig never reads are one).
 */
function collectListItem(item: unknown, i: number, itemKind: string | undefined, out: ParsedText, sourceName: string): void {
    if (item && typeof item === 'object' && !Array.isArray(item) && itemKind && !(item as KubeObject).kind) {
        (item as { kind?: string }).kind = itemKind;
    }
    if (Array.isArray(item)) collectObjects(item, out, sourceName);
    else addCandidate(out, { value: trimObject(item), from: sourceName, at: `items[${i}]` });
}

/**
 * Reads every path (`-` = stdin; a directory gives its manifests, and with `recursive` its subdirectories':
 * manifest-paths.ts) and admits the objects (core/object-shape.ts): malformed objects are left out and repeats
 * merged, each with a note; objects from all files are merged as one set.
 */
export function loadObjectFiles(paths: string[], readStdin: () => string, opts: { recursive?: boolean } = {}): Admitted {
    const candidates: Candidate[] = [];
    const notes: string[] = [];
    for (const path of paths.flatMap((p) => (p === '-' ? [p] : manifestPaths(p, opts.recursive ?? false)))) {
        const parsed = path === '-' ? parseObjects(readStdin(), '<stdin>') : parseFile(path, {});
        // Loops, not push(...): spreading hundreds of thousands of objects overflows the call stack.
        for (const c of parsed.candidates) candidates.push(c);
        for (const n of parsed.notes) notes.push(n);
    }
    const admitted = admitObjects(candidates);
    return { objects: admitted.objects, notes: [...notes, ...admitted.notes] };
}

/**
 * loadObjectFiles with each object checked as it is read and kept as packed JSON text (packed-texts.ts): the same
 * objects, in the same order, and the same notes, in a fraction of the memory (file-objects.ts turns them back into
 * objects, all at once or a namespace at a time).
 */
export function loadObjectText(
    paths: string[],
    stdin: () => PackedInput,
    opts: { recursive?: boolean; beforeWhole?: (text: string) => void } = {},
): { objects: PackedObjects; notes: string[] } {
    const objects = new PackedObjects();
    const admission = new Admission(objects);
    const notes: string[] = [];
    for (const path of paths.flatMap((p) => (p === '-' ? [p] : manifestPaths(p, opts.recursive ?? false)))) {
        const mark = admission.mark();
        const how: ParseOptions = { admit: (c) => admission.add(c), restart: () => admission.rollback(mark), beforeWhole: opts.beforeWhole };
        const parsed = path === '-' ? parseInput(stdin(), '<stdin>', how) : parseFile(path, how);
        admitWaiting(parsed);
        for (const n of parsed.notes) notes.push(n);
    }
    return { objects, notes: [...notes, ...admission.notes] };
}

/** Strict: files that must be well-formed (fixtures, the demo); the first note is a usage error. */
export function readObjectFiles(paths: string[], readStdin: () => string): KubeObject[] {
    return strict(loadObjectFiles(paths, readStdin));
}

/** Strict parse of one text (the built-in demo cluster). */
export function parseObjectsStrict(text: string, sourceName: string): KubeObject[] {
    const parsed = parseObjects(text, sourceName);
    const admitted = admitObjects(parsed.candidates);
    return strict({ objects: admitted.objects, notes: [...parsed.notes, ...admitted.notes] });
}

function strict(a: Admitted): KubeObject[] {
    if (a.notes.length > 0) throw new SvcdigError('usage', a.notes[0]!);
    return a.objects;
}
