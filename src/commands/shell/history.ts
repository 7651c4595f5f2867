/**
 * The session's line history, kept between sessions as shells keep theirs: $XDG_STATE_HOME/svcdig/history, by
 * default ~/.local/state/svcdig/history (XDG Base Directory Specification: "state data that should persist between
 * (application) restarts", history named as its example). One line each, oldest first, the newest HISTORY_SIZE kept.
 */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export const HISTORY_SIZE = 1000;

export function historyPath(env: Record<string, string | undefined>): string {
    const state = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state');
    return join(state, 'svcdig', 'history');
}

/** The history, newest first (as readline holds it); none when the file cannot be read. */
export function readHistory(path: string): string[] {
    let text: string;
    try {
        text = readFileSync(path, 'utf8');
    } catch {
        return [];
    }
    const lines = text.split('\n').filter(Boolean);
    if (lines.length > HISTORY_SIZE) rewrite(path, lines.slice(-HISTORY_SIZE));
    return lines.slice(-HISTORY_SIZE).reverse();
}

/** Adds a line as soon as it was typed, so a session killed later keeps it; a history that cannot be written is no error. */
export function appendHistory(path: string, line: string): void {
    try {
        mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
        appendFileSync(path, `${line}\n`, { mode: 0o600 });
    } catch {
        /* a read-only home: the session goes on without a saved history */
    }
}

function rewrite(path: string, lines: string[]): void {
    try {
        writeFileSync(path, lines.map((l) => `${l}\n`).join(''), { mode: 0o600 });
    } catch {
        /* as above */
    }
}
