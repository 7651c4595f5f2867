import { CORE_SCHEMA, loadAll, YAMLException } from 'js-yaml';
import { SvcdigError } from '../../errors.js';
import { readFileText } from './read-input.js';
import type { KubeObject } from '../../core/k8s.js';

/**
 * Reads Kubernetes objects from YAML (multi-document) or JSON text: single objects, `kind: List` and
 * `*List` kinds (what `kubectl get ... -o json|yaml` prints). Malformed text is a usage error naming the
 * file and line.
 */
export function parseObjects(text: string, sourceName: string): KubeObject[] {
    if (text.includes('\u0000')) {
        throw new SvcdigError('usage', `${sourceName}: not a text file (binary content)`);
    }
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
            const out: KubeObject[] = [];
            collectObjects(value, out, sourceName);
            return out;
        }
    }
    // YAML 1.2 core schema: timestamps stay strings (as in `kubectl get -o json`); `json: true` lets a later
    // duplicate key win, as the API server's decoder does, instead of failing the file.
    let docs: unknown[];
    try {
        docs = loadAll(text, null, { schema: CORE_SCHEMA, json: true, filename: sourceName });
    } catch (e) {
        if (!(e instanceof YAMLException)) throw e;
        const line = (e.mark?.line ?? 0) + 1;
        throw new SvcdigError('usage', `${sourceName}:${line}: cannot parse: ${e.reason}`);
    }
    const out: KubeObject[] = [];
    for (const value of docs) collectObjects(value, out, sourceName);
    return out;
}

function collectObjects(value: unknown, out: KubeObject[], sourceName: string): void {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
        for (const v of value) collectObjects(v, out, sourceName);
        return;
    }
    if (typeof value !== 'object') {
        throw new SvcdigError('usage', `${sourceName}: expected Kubernetes objects, found a ${typeof value}`);
    }
    const obj = value as Record<string, unknown>;
    if (Array.isArray(obj.items) && (obj.kind === 'List' || (typeof obj.kind === 'string' && obj.kind.endsWith('List')))) {
        const itemKind = obj.kind === 'List' ? undefined : obj.kind.slice(0, -4);
        for (const item of obj.items) {
            if (item && typeof item === 'object' && itemKind && !(item as KubeObject).kind) {
                (item as { kind?: string }).kind = itemKind;
            }
            collectObjects(item, out, sourceName);
        }
        return;
    }
    if (typeof obj.kind !== 'string' || !obj.metadata || typeof obj.metadata !== 'object') {
        // Not an API object (no kind or metadata): ignored like an unknown kind.
        return;
    }
    const why = malformedReason(obj);
    if (why) {
        const meta = obj.metadata as { name?: unknown; namespace?: unknown };
        const name = typeof meta.name === 'string' ? `${typeof meta.namespace === 'string' ? `${meta.namespace}/` : ''}${meta.name}` : '(unnamed)';
        throw new SvcdigError('usage', `${sourceName}: ${obj.kind} ${name} ${why}`);
    }
    out.push(obj as unknown as KubeObject);
}

/** Kinds whose spec the API server always returns (required, defaulted): a file object without one is malformed. */
const SPEC_REQUIRED = new Set(['Service', 'Pod', 'StatefulSet', 'Deployment']);

/** What makes an object unusable (the API server would never return it so), or null. */
function malformedReason(obj: Record<string, unknown>): string | null {
    if (typeof (obj.metadata as { name?: unknown }).name !== 'string') return 'has no metadata.name';
    if (!SPEC_REQUIRED.has(obj.kind as string)) return null;
    const spec = obj.spec;
    if (!spec || typeof spec !== 'object' || Array.isArray(spec)) return 'has no spec';
    if (obj.kind === 'Pod' && !Array.isArray((spec as { containers?: unknown }).containers)) return 'has no spec.containers';
    return null;
}

/** Reads every path (`-` = stdin, whose text `readStdin` gives: the caller reads the stream before). */
export function readObjectFiles(paths: string[], readStdin: () => string): KubeObject[] {
    const out: KubeObject[] = [];
    for (const path of paths) {
        let text: string;
        if (path === '-') {
            text = readStdin();
        } else {
            try {
                text = readFileText(path);
            } catch (e) {
                if (e instanceof SvcdigError) throw e;
                const code = (e as NodeJS.ErrnoException).code;
                const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String(code ?? e);
                throw new SvcdigError('usage', `${path}: cannot read: ${why}`);
            }
        }
        // A loop, not push(...): spreading hundreds of thousands of objects overflows the call stack.
        for (const o of parseObjects(text, path === '-' ? '<stdin>' : path)) out.push(o);
    }
    return out;
}
