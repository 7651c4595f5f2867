import { CORE_SCHEMA, loadAll, YAMLException } from 'js-yaml';
import { SvcdigError } from '../../errors.js';
import { readFileText } from './read-input.js';
import { manifestPaths } from './manifest-paths.js';
import type { KubeObject } from '../../core/k8s.js';
import { boundsProblem, MAX_NESTING } from '../../core/json-bounds.js';
import { admitObjects, type Admitted, type Candidate } from '../../core/object-shape.js';
import { trimObject } from '../../core/trim-object.js';
import { parseJsonListItems } from './json-list.js';

/** What one text holds: candidate objects (not yet checked: core/object-shape.ts) and notes on what was skipped. */
export interface ParsedText {
    candidates: Candidate[];
    notes: string[];
}

/**
 * Reads Kubernetes objects from YAML (multi-document) or JSON text: single objects, `kind: List` and
 * `*List` kinds (what `kubectl get ... -o json|yaml` prints). Malformed text, nesting deeper than MAX_NESTING and
 * alias expansion beyond the text's own size (core/json-bounds.ts) are usage errors naming the file.
 */
export function parseObjects(text: string, sourceName: string): ParsedText {
    if (text.includes('\u0000')) {
        throw new SvcdigError('usage', `${sourceName}: not a text file (binary content)`);
    }
    const maxNodes = text.length + 1000;
    const out: ParsedText = { candidates: [], notes: [] };
    // kubectl get -o json output: JSON.parse is far faster than the YAML parser on large dumps; on any JSON error
    // fall through to the YAML parser, which reports the line.
    if (/^\s*[{[]/.test(text)) {
        const listed = parseListByItems(text, sourceName, maxNodes);
        if (listed) return listed;
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
    // YAML 1.2 core schema: timestamps stay strings (as in `kubectl get -o json`); `json: true` lets a later
    // duplicate key win, as the API server's decoder does, instead of failing the file.
    let docs: unknown[];
    try {
        docs = loadAll(text, null, { schema: CORE_SCHEMA, json: true, filename: sourceName, maxDepth: MAX_NESTING });
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

/**
 * A `kind: List` (or `PodList`, …) JSON object read item by item (json-list.ts), each cut to the fields svcdig reads
 * as it is parsed; undefined for any other text, or an item out of bounds, which the whole parse then reports.
 */
function parseListByItems(text: string, sourceName: string, maxNodes: number): ParsedText | undefined {
    const out: ParsedText = { candidates: [], notes: [] };
    let inBounds = true;
    const head = parseJsonListItems(text, (item, i) => {
        // the list object and its items array are two levels of the document's nesting
        if (!inBounds || boundsProblem(item, maxNodes, MAX_NESTING - 2)) inBounds = false;
        else collectListItem(item, i, undefined, out, sourceName);
    });
    const kind = head?.members.kind;
    if (!head || !inBounds || typeof kind !== 'string' || !kind.endsWith('List')) return undefined;
    // `kind` may come after `items` (kubectl prints keys in order): items of a typed list get theirs now
    if (kind !== 'List') for (const c of out.candidates) c.value = withListKind(c.value, kind.slice(0, -4));
    return out;
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
    out.candidates.push({ value: trimObject(obj), from: sourceName });
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
    else out.candidates.push({ value: trimObject(item), from: sourceName, at: `items[${i}]` });
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
        let text: string;
        if (path === '-') {
            text = readStdin();
        } else {
            try {
                text = readFileText(path);
            } catch (e) {
                if (e instanceof SvcdigError) throw e;
                const code = (e as NodeJS.ErrnoException).code;
                const why =
                    code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String(code ?? e);
                throw new SvcdigError('usage', `${path}: cannot read: ${why}`);
            }
        }
        const parsed = parseObjects(text, path === '-' ? '<stdin>' : path);
        // Loops, not push(...): spreading hundreds of thousands of objects overflows the call stack.
        for (const c of parsed.candidates) candidates.push(c);
        for (const n of parsed.notes) notes.push(n);
    }
    const admitted = admitObjects(candidates);
    return { objects: admitted.objects, notes: [...notes, ...admitted.notes] };
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
