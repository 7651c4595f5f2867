import type { ParsedReply, Expected } from './message.js';
import { screenReply } from './message.js';
import type { DroppedReplies } from './dropped.js';
import { ServerFailure } from './errors.js';

/** What one attempt (one query, one ID, over UDP or one TCP connection) needs to know. */
export interface AttemptContext {
    expected: Expected;
    timeoutMs: number;
    /** `127.0.0.1:5353`, for messages. */
    serverText: string;
    signal?: AbortSignal;
    /** Replies ignored so far; an attempt counts into it. */
    dropped: DroppedReplies;
}

export interface AttemptResult {
    reply: ParsedReply;
    rttMs: number;
}

/** What an attempt's `start` is given: hand it each message received, a failure, or the moment the query went out. */
export interface AttemptIo {
    offer(msg: Buffer): void;
    fail(f: ServerFailure): void;
    sentAt(): void;
}

/**
 * Runs one attempt: `start` sends the query and calls `offer` with each message received; the attempt settles on
 * the first accepted reply, a malformed one, a failure, the timeout or the abort. `cleanup` always runs once.
 */
export function runAttempt(ctx: AttemptContext, start: (io: AttemptIo) => void, cleanup: () => void): Promise<AttemptResult> {
    return new Promise<AttemptResult>((resolve, reject) => {
        let done = false;
        let sent = performance.now();
        let stopWatching: (() => void) | undefined;
        const finish = (outcome: { ok: AttemptResult } | { err: ServerFailure }) => {
            if (done) return;
            done = true;
            clearTimeout(timer);
            stopWatching?.();
            try {
                cleanup();
            } finally {
                if ('ok' in outcome) resolve(outcome.ok);
                else reject(outcome.err);
            }
        };
        const onAbort = () => finish({ err: new ServerFailure('aborted', `query to ${ctx.serverText} aborted`) });
        const timer = setTimeout(
            () => finish({ err: new ServerFailure('timeout', `no reply from ${ctx.serverText} within ${ctx.timeoutMs} ms`) }),
            ctx.timeoutMs,
        );
        if (ctx.signal?.aborted) return onAbort();
        if (ctx.signal) stopWatching = whenAborted(ctx.signal, onAbort);
        try {
            start({
                sentAt: () => {
                    sent = performance.now();
                },
                fail: (f) => finish({ err: f }),
                offer: (msg) => {
                    if (done) return;
                    const s = screenReply(msg, ctx.expected);
                    if (s.kind === 'drop') ctx.dropped.add(s.code);
                    else if (s.kind === 'malformed') finish({ err: new ServerFailure('malformed', `malformed reply from ${ctx.serverText}: ${s.why}`) });
                    else finish({ ok: { reply: s.reply, rttMs: Math.round((performance.now() - sent) * 100) / 100 } });
                },
            });
        } catch (err) {
            finish({ err: new ServerFailure('network', `cannot query ${ctx.serverText}: ${(err as Error).message}`) });
        }
    });
}

/** The attempts waiting on each signal: one 'abort' listener per signal, however many attempts share it. */
const waitingOn = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Calls `fn` when `signal` aborts; returns what stops that. A check's thousands of attempts share its deadline's
 * signal, and adding and removing an EventTarget listener per attempt cost more than a set entry.
 */
function whenAborted(signal: AbortSignal, fn: () => void): () => void {
    let waiting = waitingOn.get(signal);
    if (!waiting) {
        const fresh = new Set<() => void>();
        waitingOn.set(signal, (waiting = fresh));
        signal.addEventListener('abort', () => {
            for (const f of [...fresh]) f();
            fresh.clear();
        });
    }
    waiting.add(fn);
    const set = waiting;
    return () => set.delete(fn);
}
