import { readFileSync } from 'node:fs';
import { LineCounter, parseAllDocuments } from 'yaml';
import { SvcdigError } from '../../errors.js';
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
    const lineCounter = new LineCounter();
    const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
    if (!Array.isArray(docs)) {
        return [];
    }
    const out: KubeObject[] = [];
    for (const doc of docs) {
        const err = doc.errors[0];
        if (err) {
            const pos = lineCounter.linePos(err.pos[0]);
            const firstLine = err.message.split('\n')[0] ?? err.message;
            throw new SvcdigError('usage', `${sourceName}:${pos.line}: cannot parse: ${firstLine.replace(/ at line \d+, column \d+:?$/, '')}`);
        }
        const value: unknown = doc.toJS({ maxAliasCount: 100 });
        collectObjects(value, out, sourceName);
    }
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
    out.push(obj as unknown as KubeObject);
}

/** Reads every path (`-` = stdin text passed in `stdinText`). */
export function readObjectFiles(paths: string[], readStdin: () => string): KubeObject[] {
    const out: KubeObject[] = [];
    for (const path of paths) {
        let text: string;
        if (path === '-') {
            text = readStdin();
        } else {
            try {
                text = readFileSync(path, 'utf8');
            } catch (e) {
                const code = (e as NodeJS.ErrnoException).code;
                const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String(code ?? e);
                throw new SvcdigError('usage', `${path}: cannot read: ${why}`);
            }
        }
        out.push(...parseObjects(text, path === '-' ? '<stdin>' : path));
    }
    return out;
}
