/**
 * An input that can be read only once (stdin for `-f -`, a named pipe for `-f <(kubectl get … -o json)`), kept as it
 * arrives in deflated blocks of its bytes: the parser then reads it a piece at a time (load-objects.ts parseByParts),
 * as it reads a regular file, without the input ever being one string, and can still read it again whole when that
 * parse gives up (another shape, an error to report with its line). `kubectl get -o json` repeats its keys and
 * indentation on every line, so zlib's fastest level holds a dump in a tenth of its size or less.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { zlib } from './packed-texts.js';
import { MAX_INPUT_BYTES, tooLarge } from './read-input.js';

/** Bytes per block: large enough to compress well, small enough that inflating one is quick. */
const BLOCK_BYTES = 1 << 20;

export class PackedInput {
    private readonly blocks: Uint8Array[] = [];
    private pending: Buffer[] = [];
    private pendingBytes = 0;
    /** Bytes added so far. */
    bytes = 0;

    constructor(
        private readonly name: string,
        private readonly limit = MAX_INPUT_BYTES,
    ) {}

    /** The next bytes of the input; past the limit (what one string can hold) a usage error naming the input. */
    add(chunk: Buffer | string): void {
        const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
        this.bytes += buf.length;
        if (this.bytes > this.limit) throw tooLarge(this.name, this.limit);
        this.pending.push(buf);
        this.pendingBytes += buf.length;
        if (this.pendingBytes >= BLOCK_BYTES) this.seal();
    }

    /** The text a piece (a block) at a time, undefined at its end; a character cut by a block's end is decoded whole. */
    pieces(): () => string | undefined {
        const decoder = new StringDecoder('utf8');
        let b = 0;
        let ended = false;
        return () => {
            while (!ended) {
                const raw =
                    b < this.blocks.length ? zlib().inflateRawSync(this.blocks[b]!) : b === this.blocks.length ? Buffer.concat(this.pending) : undefined;
                b++;
                if (raw === undefined) {
                    ended = true;
                    return decoder.end() || undefined;
                }
                const text = decoder.write(raw);
                if (text !== '') return text;
            }
            return undefined;
        };
    }

    /** The whole text, for a parse that needs it at once. */
    text(): string {
        const parts: string[] = [];
        const next = this.pieces();
        for (let piece = next(); piece !== undefined; piece = next()) parts.push(piece);
        return parts.join('');
    }

    private seal(): void {
        // a copy of its own: zlib's result may be a view of a larger chunk, which it would keep
        this.blocks.push(new Uint8Array(zlib().deflateRawSync(Buffer.concat(this.pending, this.pendingBytes), { level: 1 })));
        this.pending = [];
        this.pendingBytes = 0;
    }
}

/**
 * A stream read to its end (stdin), packed. Read as a stream, not with a synchronous read of fd 0: a pipe whose writer
 * is slower than svcdig (kubectl still listing) is non-blocking and would fail with EAGAIN.
 */
export async function packStream(stream: AsyncIterable<Buffer | string>, name: string, limit = MAX_INPUT_BYTES): Promise<PackedInput> {
    const input = new PackedInput(name, limit);
    for await (const chunk of stream) input.add(chunk);
    return input;
}

/** Text already in memory (a test's stdin), as the same kind of input. */
export function packText(text: string, name: string): PackedInput {
    const input = new PackedInput(name);
    input.add(text);
    return input;
}

/** What is not a regular file (a named pipe, `/dev/fd/63` of `<(…)`), read to its end and packed; read errors are the caller's. */
export function packPath(path: string, limit = MAX_INPUT_BYTES): PackedInput {
    const input = new PackedInput(path, limit);
    const fd = openSync(path, 'r');
    try {
        const buffer = Buffer.allocUnsafe(1 << 16);
        for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) input.add(Buffer.from(buffer.subarray(0, n)));
    } finally {
        closeSync(fd);
    }
    return input;
}
