/**
 * Kubernetes label selectors as kubectl -l takes them (apimachinery labels.Parse): `k=v`, `k==v`, `k!=v`,
 * `k in (a,b)`, `k notin (a,b)`, `k` (exists), `!k` (does not exist), joined by commas (AND).
 */
import { invalidLabelKeyReason, invalidLabelValueReason } from './name-rules.js';

export type Requirement =
    { key: string; op: 'eq' | 'neq'; value: string } | { key: string; op: 'in' | 'notin'; values: string[] } | { key: string; op: 'exists' | 'notexists' };

export function parseLabelSelector(text: string): Requirement[] {
    const out: Requirement[] = [];
    const src = text.trim();
    if (src === '') return out;
    // split on commas outside parentheses
    const parts: string[] = [];
    let depth = 0;
    let cur = '';
    for (const ch of src) {
        if (ch === '(') depth++;
        if (ch === ')') depth--;
        if (ch === ',' && depth === 0) {
            parts.push(cur);
            cur = '';
        } else cur += ch;
    }
    parts.push(cur);
    for (const raw of parts) {
        const p = raw.trim();
        let m: RegExpExecArray | null;
        if ((m = /^([A-Za-z0-9._/-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(p))) {
            out.push({
                key: m[1]!,
                op: m[2] as 'in' | 'notin',
                values: m[3]!
                    .split(',')
                    .map((v) => v.trim())
                    .filter((v) => v !== ''),
            });
        } else if ((m = /^([A-Za-z0-9._/-]+)\s*(==|=|!=)\s*([A-Za-z0-9._-]*)$/.exec(p))) {
            out.push({ key: m[1]!, op: m[2] === '!=' ? 'neq' : 'eq', value: m[3]! });
        } else if ((m = /^!\s*([A-Za-z0-9._/-]+)$/.exec(p))) {
            out.push({ key: m[1]!, op: 'notexists' });
        } else if ((m = /^([A-Za-z0-9._/-]+)$/.exec(p))) {
            out.push({ key: m[1]!, op: 'exists' });
        } else {
            throw new Error(`invalid label selector "${text}": cannot read "${p}"`);
        }
    }
    for (const r of out) checkRequirement(r, text);
    return out;
}

/** kubectl refuses a selector whose keys or values the API server could never hold (apimachinery labels.Parse). */
function checkRequirement(r: Requirement, text: string): void {
    const keyWrong = invalidLabelKeyReason(r.key);
    if (keyWrong) throw new Error(`invalid label selector "${text}": key "${r.key}" ${keyWrong}`);
    const values = 'value' in r ? [r.value] : 'values' in r ? r.values : [];
    for (const v of values) {
        const wrong = invalidLabelValueReason(v);
        if (wrong) throw new Error(`invalid label selector "${text}": value "${v}" of "${r.key}" ${wrong}`);
    }
}

export function matchesSelector(requirements: Requirement[], labels: Record<string, string> | undefined): boolean {
    const l = labels ?? {};
    return requirements.every((r) => {
        const has = Object.prototype.hasOwnProperty.call(l, r.key);
        switch (r.op) {
            case 'eq':
                return has && l[r.key] === r.value;
            case 'neq':
                return !has || l[r.key] !== r.value;
            case 'in':
                return has && r.values.includes(l[r.key]!);
            case 'notin':
                return !has || !r.values.includes(l[r.key]!);
            case 'exists':
                return has;
            case 'notexists':
                return !has;
        }
    });
}
