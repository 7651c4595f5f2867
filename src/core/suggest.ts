import { compareText } from './order.js';
/**
 * Close names for "did you mean": edit distance ≤ 2, or a shared prefix of 3+ characters, case aside (Kubernetes
 * names are lower case, so `NGINX` is a slip for `nginx`).
 */
export function closeNames(typed: string, candidates: string[], max = 3): string[] {
    const wanted = typed.toLowerCase();
    const scored = candidates
        .map((c) => ({ c, d: editDistance(wanted, c.toLowerCase()) }))
        .filter(({ c, d }) => d <= 2 || (wanted.length >= 3 && (c.startsWith(wanted) || wanted.startsWith(c))) || c.includes(wanted))
        .sort((a, b) => a.d - b.d || compareText(a.c, b.c));
    // A case slip names one object: when a name differs only in case, the others are no longer what was meant.
    const sameButCase = scored.filter((s) => s.d === 0);
    return (sameButCase.length ? sameButCase : scored).slice(0, max).map((s) => s.c);
}

export function editDistance(a: string, b: string): number {
    if (Math.abs(a.length - b.length) > 8) return 99;
    const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        let diag = prev[0]!;
        prev[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const tmp = prev[j]!;
            prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
            diag = tmp;
        }
    }
    return prev[b.length]!;
}
