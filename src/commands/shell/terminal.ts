/**
 * svcdig shell on a terminal: node:readline's line editor (Emacs keys, Up/Down through the history), the prompt with
 * the context and namespace, TAB completion from the session's cache (core/shell/complete.ts), history kept in a file
 * (history.ts). Ctrl-C cancels the line being answered (its DNS query is aborted) or, at the prompt, drops what was
 * typed, as shells do; the session goes on. Ctrl-D at an empty prompt, or `exit`, ends it.
 */
import type { Interface } from 'node:readline';
import type { RunContext } from '../../context.js';
import { completeShellLine } from '../../core/shell/complete.js';
import { printable } from '../../render/escape.js';
import { appendHistory, HISTORY_SIZE, historyPath, readHistory } from './history.js';
import type { Session } from './session.js';

/**
 * The editor's terminal: stdout's, or stderr's when stdout is a pipe or a file (`svcdig shell | tee log`): the prompt
 * and the echo stay on the terminal, the answers go where stdout goes.
 */
const terminalOut = () => (process.stdout.isTTY ? process.stdout : process.stderr);

export async function runTerminal(session: Session, ctx: RunContext): Promise<void> {
    const { createInterface } = await import('node:readline');
    const out = terminalOut();
    const path = historyPath(ctx.deps.env);
    const rl = createInterface({
        input: process.stdin,
        output: out,
        terminal: true,
        history: readHistory(path),
        historySize: HISTORY_SIZE,
        removeHistoryDuplicates: true,
        completer: (line: string) => completeShellLine(line, session.cache.names(session.settings.namespace)),
    });
    const promptText = () => `svcdig ${printable(session.where())}> `;
    const prompt = () => {
        rl.setPrompt(promptText());
        rl.prompt();
    };
    let running: AbortController | undefined;
    // Ctrl-D while a line is answered is the end of input, as in nslookup and sh: the line finishes, then the session ends
    let ended = false;
    rl.on('close', () => (ended = true));
    // Ctrl-C while a line is answered also drops what was typed meanwhile, as a terminal's ISIG flushes its input
    // queue (termios(3), NOFLSH unset): lines that hang on the same server would otherwise run one after another.
    let arrived = 0;
    let taken = 0;
    let skip = 0;
    rl.on('line', () => arrived++);
    rl.on('SIGINT', () => {
        if (!running) return dropTyped(rl, prompt);
        running.abort();
        skip = arrived - taken;
        if (rl.line) out.write('\n');
        Object.assign(rl, { line: '', cursor: 0 });
    });
    let prompted = true;
    try {
        prompt();
        for await (const line of rl) {
            taken++;
            if (skip > 0 && skip--) continue;
            // a line typed ahead while the one before was answered: shown after its own prompt, as bash shows it
            if (!prompted) out.write(`${promptText()}${line}\n`);
            if (line.trim()) appendHistory(path, line);
            running = new AbortController();
            const done = await session.runLine(line, running.signal);
            running = undefined;
            if (done === 'exit') return;
            if (ended) break;
            prompted = arrived - taken - skip === 0;
            if (prompted) prompt();
        }
        // Ctrl-D: the shell's own prompt starts on a line of its own
        out.write('\n');
    } finally {
        rl.close();
    }
}

/**
 * Ctrl-C at the prompt, as bash does it: what was typed stays on the screen followed by ^C, and a fresh prompt starts
 * on the next line. readline has no call that empties its line without redrawing it, so its public `line` and
 * `cursor` fields (nodejs.org/api/readline.html, rl.line and rl.cursor) are reset directly.
 */
function dropTyped(rl: Interface, prompt: () => void): void {
    rl.write(null, { ctrl: true, name: 'e' });
    terminalOut().write('^C\n');
    Object.assign(rl, { line: '', cursor: 0 });
    prompt();
}
