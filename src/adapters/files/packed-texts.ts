/**
 * Texts kept in order, deflated a block at a time: the JSON of a trimmed object repeats its keys and most of its
 * values across a dump (every pod has "containerPort", "Running", the same image), so zlib's fastest level holds it
 * in about a tenth of its size, for less than the parse costs (README: Performance). Each text is a JSON text, which
 * never holds a raw newline (RFC 8259 section 7: control characters in strings are escaped), so a block is its texts
 * joined by newlines.
 */
import type * as Zlib from 'node:zlib';
import type { AdmittedLog } from '../../core/object-shape.js';

/** Characters of text per block: large enough to compress well, small enough that inflating one is quick. */
const BLOCK_CHARS = 256 * 1024;

/** node:zlib, loaded when a first block is sealed: a file smaller than a block (`explain -f`'s) never needs it. */
export const zlib = (): typeof Zlib => process.getBuiltinModule('node:zlib');

export class PackedTexts {
    private readonly blocks: Uint8Array[] = [];
    /** How many texts the blocks before each hold, and all of them at the end. */
    private readonly starts: number[] = [0];
    private pending: string[] = [];
    private pendingChars = 0;

    constructor(private readonly blockChars = BLOCK_CHARS) {}

    get size(): number {
        return this.starts.at(-1)! + this.pending.length;
    }

    push(text: string): void {
        this.pending.push(text);
        this.pendingChars += text.length;
        if (this.pendingChars >= this.blockChars) this.seal();
    }

    /** The text at `i`. */
    at(i: number): string {
        const sealed = this.starts.at(-1)!;
        if (i >= sealed) return this.pending[i - sealed]!;
        let b = this.starts.length - 2;
        while (this.starts[b]! > i) b--;
        return this.block(b)[i - this.starts[b]!]!;
    }

    /** Forgets every text from `size` on. */
    truncate(size: number): void {
        const all = [...this.texts()].slice(0, size);
        this.lastBlock = undefined;
        this.blocks.length = 0;
        this.starts.length = 1;
        this.pending = [];
        this.pendingChars = 0;
        for (const t of all) this.push(t);
    }

    /** Every text, in order, a block inflated at a time. */
    *texts(): Generator<string> {
        for (let b = 0; b < this.blocks.length; b++) yield* this.block(b);
        yield* this.pending;
    }

    /** The texts not yet in a block go into one. */
    seal(): void {
        if (!this.pending.length) return;
        // a copy of its own: zlib's result may be a view of a larger chunk, which it would keep
        this.blocks.push(new Uint8Array(zlib().deflateRawSync(this.pending.join('\n'), { level: 1 })));
        this.starts.push(this.starts.at(-1)! + this.pending.length);
        this.pending = [];
        this.pendingChars = 0;
    }

    /** The block inflated last: a repeated object looks up its earlier copy, most often in the same block. */
    private lastBlock: { b: number; texts: string[] } | undefined;

    /** How many times a block was inflated: a file read twice (`-f x -f x`) looks each earlier copy up in order. */
    inflated = 0;

    private block(b: number): string[] {
        if (this.lastBlock?.b === b) return this.lastBlock.texts;
        this.inflated++;
        const texts = zlib().inflateRawSync(this.blocks[b]!).toString('utf8').split('\n');
        this.lastBlock = { b, texts };
        return texts;
    }
}

/** Admitted objects (core/object-shape.ts Admission) as packed JSON texts, each with its kind and whether a later one replaced it. */
export class PackedObjects implements AdmittedLog {
    private readonly texts = new PackedTexts();
    private readonly kinds: string[] = [];
    private readonly dropped = new Set<number>();

    get size(): number {
        return this.kinds.length;
    }

    /** How many objects are kept (not replaced by a later one). */
    get count(): number {
        return this.kinds.length - this.dropped.size;
    }

    add(kind: string, json: string): number {
        this.texts.push(json);
        return this.kinds.push(kind) - 1;
    }

    text(place: number): string {
        return this.texts.at(place);
    }

    drop(place: number, dropped: boolean): void {
        if (dropped) this.dropped.add(place);
        else this.dropped.delete(place);
    }

    truncate(size: number): void {
        this.texts.truncate(size);
        this.kinds.length = size;
        for (const p of this.dropped) if (p >= size) this.dropped.delete(p);
    }

    /** The kept objects' texts of one kind, in order. */
    *textsOf(kind: string): Generator<string> {
        for (const o of this.entries()) if (o.kind === kind) yield o.json;
    }

    /** The kept objects' kinds and texts, in order. */
    *entries(): Generator<{ kind: string; json: string }> {
        let place = 0;
        for (const json of this.texts.texts()) {
            if (!this.dropped.has(place)) yield { kind: this.kinds[place]!, json };
            place++;
        }
    }
}
