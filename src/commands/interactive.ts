import type { RunContext } from '../context.js';
import type { ClusterSnapshot } from '../core/snapshot.js';
import { nsOf } from '../core/snapshot.js';
import { usageError } from '../errors.js';

/** True when a person is at the keyboard: stdin and stdout are terminals. */
export function interactive(ctx: RunContext): boolean {
    return ctx.deps.stdinIsTTY && ctx.deps.stdout.isTTY;
}

/** On a TTY, offers the namespace's Services to choose from; off a TTY a missing SERVICE is a usage error. */
export async function chooseService(ctx: RunContext, snapshot: ClusterSnapshot, namespace: string, command: string): Promise<string> {
    const names = snapshot.services.filter((s) => nsOf(s) === namespace).map((s) => s.metadata.name).sort();
    if (names.length === 0) throw usageError(`${command} needs a SERVICE, and namespace "${namespace}" has none`);
    ctx.note(`Services in ${namespace}:`);
    names.forEach((n, i) => ctx.note(`  ${String(i + 1).padStart(2)}) ${n}`));
    for (let attempt = 0; attempt < 3; attempt++) {
        const answer = (await ctx.deps.prompt(`Choose a Service [1-${names.length} or a name]: `)).trim();
        const byNumber = /^\d+$/.test(answer) ? names[Number(answer) - 1] : undefined;
        const chosen = byNumber ?? names.find((n) => n === answer);
        if (chosen) return chosen;
        if (answer === '') break;
        ctx.note(`"${answer}" is not one of them`);
    }
    throw usageError(`${command} needs a SERVICE`);
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A spinner with what svcdig waits for, on stderr and only on a TTY; nothing otherwise. */
export async function withSpinner<T>(ctx: RunContext, text: string, work: Promise<T>): Promise<T> {
    if (!ctx.deps.stderr.isTTY) return work;
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

/**
 * --watch: renders, then re-reads the cluster (and re-queries DNS) every interval, and re-renders when the output
 * changes, marking changed lines with "»". Ends on Ctrl-C.
 */
export async function watchLoop(ctx: RunContext, intervalMs: number, renderOnce: () => Promise<string>): Promise<void> {
    let previous = await renderOnce();
    const tty = ctx.deps.stdout.isTTY;
    ctx.deps.stdout.write(previous);
    for (let round = 1; ; round++) {
        if (!(await ctx.deps.sleep(intervalMs))) return;
        const next = await renderOnce();
        if (next === previous) continue;
        const before = new Set(previous.split('\n'));
        const marked = next
            .split('\n')
            .map((l) => (l && !before.has(l) ? `» ${l}` : l ? `  ${l}` : l))
            .join('\n');
        const stamp = `— changed (${ctx.deps.now().toISOString()}, round ${round}) —\n`;
        ctx.deps.stdout.write(tty ? `\u001b[2J\u001b[H${stamp}${marked}` : `\n${stamp}${marked}`);
        previous = next;
    }
}
