import type { RunContext } from '../../context.js';
import type { Session } from './session.js';

export async function runTerminal(session: Session, ctx: RunContext): Promise<void> {
    void session;
    void ctx;
}
