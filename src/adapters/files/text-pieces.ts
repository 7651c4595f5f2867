/**
 * Text given a piece at a time (a file read a chunk at a time: read-input.ts readFilePieces), so that a large dump is
 * never held as one string. TextWindow is what the JSON list scanner (json-list.ts) reads from: the text not yet
 * consumed, which a step that runs off its end asks to be extended (needMore) and then runs again from its start.
 */

/** Thrown by needMore to start the step again on a longer window; never escapes TextWindow.run. */
const MORE = Symbol('more text');

export class TextWindow {
    /** The text not yet consumed. */
    text = '';
    private ended = false;

    constructor(private readonly next: () => string | undefined) {}

    /** Called when the window ran out: more is read and the step runs again; at the text's end, -1. */
    needMore(): -1 {
        if (!this.ended) throw MORE;
        return -1;
    }

    /** The first `n` characters are done with. */
    consume(n: number): void {
        this.text = this.text.slice(n);
    }

    /** `step` run on the window, extended until it fits; false when the text holds a NUL. */
    run<T>(step: () => T): T | false {
        for (;;) {
            try {
                return step();
            } catch (e) {
                if (e !== MORE) throw e;
            }
            if (!this.extend()) return false;
        }
    }

    /**
     * At least as much again as the window holds, so a step that keeps running off the end costs linear time; false
     * when a piece holds a NUL (binary content, which the whole parse reports).
     */
    private extend(): boolean {
        const parts = [this.text];
        const want = Math.max(this.text.length, 1);
        for (let got = 0; got < want;) {
            const piece = this.next();
            if (piece === undefined) {
                this.ended = true;
                break;
            }
            if (piece.includes('\u0000')) return false;
            parts.push(piece);
            got += piece.length;
        }
        this.text = parts.join('');
        return true;
    }
}

/** The text of `pieces` as a `next` function (one string is one piece). */
export function piecesOf(pieces: Iterable<string>): () => string | undefined {
    const it = pieces[Symbol.iterator]();
    return () => {
        const r = it.next();
        return r.done ? undefined : r.value;
    };
}
