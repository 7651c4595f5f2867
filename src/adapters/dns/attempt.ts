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
    /** The ID the query was asked under (expected.id). */
    id: number;
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
    return new Promise<AttemptResult>((resolve, reject) => new Attempt(ctx, cleanup, resolve, reject).begin(start));
}

/**
 * One attempt's state, as one object that is also the `io` its sender is given: `check` runs tens of thousands of
 * attempts, and a closure per callback (the timeout, the abort, each of `io`'s methods) was most of what an attempt
 * allocated (garbage collection, README Performance).
 */
class Attempt implements AttemptIo {
    private done = false;
    private sent = performance.now();
    /** The attempts waiting on ctx.signal, this one among them until it settles. */
    private watching: Set<Attempt> | undefined;
    private timer: ReturnType<typeof setTimeout> | undefined;

    constructor(
        private readonly ctx: AttemptContext,
        private readonly cleanup: () => void,
        private readonly resolve: (r: AttemptResult) => void,
        private readonly reject: (f: ServerFailure) => void,
    ) {}

    begin(start: (io: AttemptIo) => void): void {
        const { ctx } = this;
        this.timer = setTimeout(onTimeout, ctx.timeoutMs, this);
        if (ctx.signal?.aborted) return this.aborted();
        if (ctx.signal) (this.watching = watchersOf(ctx.signal)).add(this);
        try {
            start(this);
        } catch (err) {
            this.fail(new ServerFailure('network', `cannot query ${ctx.serverText}: ${(err as Error).message}`));
        }
    }

    sentAt(): void {
        this.sent = performance.now();
    }

    fail(f: ServerFailure): void {
        this.finish(undefined, f);
    }

    offer(msg: Buffer): void {
        if (this.done) return;
        const s = screenReply(msg, this.ctx.expected);
        if (s.kind === 'drop') this.ctx.dropped.add(s.code);
        else if (s.kind === 'malformed') this.fail(new ServerFailure('malformed', `malformed reply from ${this.ctx.serverText}: ${s.why}`));
        else this.finish({ reply: s.reply, rttMs: Math.round((performance.now() - this.sent) * 100) / 100, id: this.ctx.expected.id });
    }

    timedOut(): void {
        this.fail(new ServerFailure('timeout', `no reply from ${this.ctx.serverText} within ${this.ctx.timeoutMs} ms`));
    }

    aborted(): void {
        this.fail(new ServerFailure('aborted', `query to ${this.ctx.serverText} aborted`));
    }

    private finish(ok: AttemptResult | undefined, err?: ServerFailure): void {
        if (this.done) return;
        this.done = true;
        clearTimeout(this.timer);
        this.watching?.delete(this);
        try {
            this.cleanup();
        } finally {
            if (ok) this.resolve(ok);
            else this.reject(err!);
        }
    }
}

function onTimeout(attempt: Attempt): void {
    attempt.timedOut();
}

/** The attempts waiting on each signal: one 'abort' listener per signal, however many attempts share it. */
const waitingOn = new WeakMap<AbortSignal, Set<Attempt>>();

/**
 * The attempts waiting on `signal`, each ended as aborted when it aborts. A check's thousands of attempts share its
 * deadline's signal, and adding and removing an EventTarget listener per attempt cost more than a set entry.
 */
function watchersOf(signal: AbortSignal): Set<Attempt> {
    let waiting = waitingOn.get(signal);
    if (!waiting) {
        const fresh = new Set<Attempt>();
        waitingOn.set(signal, (waiting = fresh));
        signal.addEventListener('abort', () => {
            for (const a of [...fresh]) a.aborted();
            fresh.clear();
        });
    }
    return waiting;
}
