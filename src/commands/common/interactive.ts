import type { ChangeFeed } from '../../adapters/kube/change-feed.js';
import type { RunContext } from '../../context.js';
import type { ClusterSnapshot } from '../../core/snapshot.js';
import { nsOf } from '../../core/snapshot.js';
import { Interrupted, usageError } from '../../errors.js';
import { printable } from '../../render/escape.js';
import { cursorControl } from '../../render/style.js';

/** True when a person is at the keyboard: stdin and stdout are terminals. */
export function interactive(ctx: RunContext): boolean {
    return ctx.deps.stdinIsTTY && ctx.deps.stdout.isTTY;
}

/** On a TTY, offers the namespace's Services to choose from; off a TTY a missing SERVICE is a usage error. */
export async function chooseService(ctx: RunContext, snapshot: ClusterSnapshot, namespace: string, command: string): Promise<string> {
    const names = snapshot.services
        .filter((s) => nsOf(s) === namespace)
        .map((s) => s.metadata.name)
        .sort();
    if (names.length === 0) throw usageError(`${command} needs a SERVICE, and namespace "${namespace}" has none`);
    ctx.note(`Services in ${namespace}:`);
    names.forEach((n, i) => ctx.note(`  ${String(i + 1).padStart(2)}) ${n}`));
    for (let attempt = 0; attempt < 3; attempt++) {
        const typed = await ctx.deps.prompt(`Choose a Service [1-${names.length} or a name]: `);
        if (typed === null) throw new Interrupted();
        const answer = typed.trim();
        const byNumber = /^\d+$/.test(answer) ? names[Number(answer) - 1] : undefined;
        const chosen = byNumber ?? names.find((n) => n === answer);
        if (chosen) return chosen;
        if (answer === '') break;
        ctx.note(`"${answer}" is not one of them`);
    }
    throw usageError(`${command} needs a SERVICE`);
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A spinner with what svcdig waits for, on stderr when it may redraw there (render/style.ts cursorControl); nothing otherwise. */
export async function withSpinner<T>(ctx: RunContext, text: string, work: Promise<T>): Promise<T> {
    if (!cursorControl({ env: ctx.deps.env, isTTY: ctx.deps.stderr.isTTY })) return work;
    let i = 0;
    const draw = () => ctx.deps.stderr.write(`\r${FRAMES[i++ % FRAMES.length]} ${text}\u001b[K`);
    draw();
    const timer = setInterval(draw, 80);
    try {
        return await work;
    } finally {
        clearInterval(timer);
        ctx.deps.stderr.write('\r\u001b[K');
    }
}

/** What --watch waits on against a live cluster: changes the API reported (adapters/kube/change-feed.ts). */
export type ChangeSource = ChangeFeed;

/** With a live cluster, DNS is asked again at least this often even when the API reports nothing (caches expire). */
const REQUERY_MS = 30_000;
/** How often the change list is looked at, and how long a burst of changes (a rollout) is let settle. */
const TICK_MS = 250;

/**
 * One --watch round's output. `compared` is what counts as a change (the text when absent): resolve leaves out what
 * differs on every ask (round-trip times, query IDs, reply ports; core/watch-steady.ts), rendered line for line.
 */
export interface WatchRendering {
    text: string;
    compared?: string;
}

/**
 * --watch: renders, then re-renders when something changed, marking changed lines with "»". Against a live cluster
 * a round starts as the API reports a change to the Services, EndpointSlices or Pods watched (a rollout, a pod
 * becoming Ready), or every 30 s to re-query DNS; from files and the demo, every interval. Ends on Ctrl-C.
 */
export async function watchLoop(
    ctx: RunContext,
    intervalMs: number,
    renderOnce: () => Promise<string | WatchRendering>,
    changes?: ChangeSource,
): Promise<void> {
    const render = async () => {
        const r = await renderOnce();
        return typeof r === 'string' ? { text: r, compared: r } : { text: r.text, compared: r.compared ?? r.text };
    };
    try {
        let previous = await render();
        const redraw = cursorControl({ env: ctx.deps.env, isTTY: ctx.deps.stdout.isTTY });
        ctx.deps.stdout.write(previous.text);
        for (let round = 1; ; round++) {
            const seen = changes ? await waitForChanges(ctx, changes) : (await ctx.deps.sleep(intervalMs)) ? [] : null;
            if (seen === null) return;
            const next = await render();
            if (next.compared === previous.compared) continue;
            const why = seen.length ? `; after ${changeSummary(seen)}` : '';
            const stamp = `— changed (${ctx.deps.now().toISOString()}, round ${round}${why}) —\n`;
            const marked = markChanged(previous, next);
            ctx.deps.stdout.write(redraw ? `\u001b[2J\u001b[H${stamp}${marked}` : `\n${stamp}${marked}`);
            previous = next;
        }
    } finally {
        changes?.close();
    }
}

/** The changes the API reported, in one short line: the first three and how many more (a rollout is many). */
export function changeSummary(seen: string[]): string {
    return `${seen.slice(0, 3).map(printable).join(', ')}${seen.length > 3 ? ` and ${seen.length - 3} more` : ''}`;
}

/** The new text with "» " before each line whose compared form is new (by the text itself when the two do not align). */
function markChanged(before: Required<WatchRendering>, after: Required<WatchRendering>): string {
    const shown = after.text.split('\n');
    const keys = after.compared.split('\n');
    const aligned = keys.length === shown.length;
    const seen = new Set((aligned ? before.compared : before.text).split('\n'));
    return shown.map((l, i) => (l && !seen.has(aligned ? keys[i]! : l) ? `» ${l}` : l ? `  ${l}` : l)).join('\n');
}

/** The changes the API reported, once some arrived and settled, or [] after REQUERY_MS; null on Ctrl-C. */
async function waitForChanges(ctx: RunContext, changes: ChangeSource): Promise<string[] | null> {
    const seen: string[] = [];
    for (let waited = 0; waited < REQUERY_MS; waited += TICK_MS) {
        if (!(await ctx.deps.sleep(TICK_MS))) return null;
        const now = changes.take();
        if (now.length === 0 && seen.length > 0) return seen;
        seen.push(...now);
    }
    return seen;
}
