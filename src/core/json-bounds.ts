/**
 * Bounds on parsed JSON/YAML before anything walks it: nesting depth (recursive code — JSON.stringify, the YAML
 * loader, comparisons — would otherwise end in "Maximum call stack size exceeded") and the number of nodes once
 * YAML aliases are expanded (an alias bomb: a few hundred bytes that stand for 10⁵ objects, YAML 1.2.2 §3.2.2.2
 * https://yaml.org/spec/1.2.2/#3222-anchors-and-aliases). The walk is iterative, so it cannot overflow itself.
 */

/** Deepest nesting svcdig reads: js-yaml's default maxDepth, used for JSON too so both formats have one limit. */
export const MAX_NESTING = 100;

/**
 * Why `value` is out of bounds, or null. `maxNodes`: without aliases every node takes at least one character of
 * the text it came from, so the text's length bounds the nodes of any document that is not an alias bomb.
 * `counted`: for a document read in parts, the nodes of the parts before, to which this part's are added.
 */
export function boundsProblem(value: unknown, maxNodes: number, maxDepth = MAX_NESTING, counted: { nodes: number } = { nodes: 0 }): string | null {
    const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 0 }];
    let nodes = counted.nodes;
    try {
        while (stack.length > 0) {
            const { v, depth } = stack.pop()!;
            if (++nodes > maxNodes) return `expands to more than ${maxNodes} values (YAML aliases?)`;
            if (v === null || typeof v !== 'object') continue;
            if (depth >= maxDepth) return `nests deeper than ${maxDepth} levels`;
            for (const child of Array.isArray(v) ? v : Object.values(v as object)) {
                if (child !== null && typeof child === 'object') stack.push({ v: child, depth: depth + 1 });
                else if (++nodes > maxNodes) return `expands to more than ${maxNodes} values (YAML aliases?)`;
            }
        }
        return null;
    } finally {
        counted.nodes = nodes;
    }
}
