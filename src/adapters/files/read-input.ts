import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { constants } from 'node:buffer';
import { usageError } from '../../errors.js';

/**
 * The most svcdig reads from one input, a file or stdin: the longest string V8 can hold (~512 MiB), since every input
 * becomes one string to parse. Bytes are counted, and UTF-8 never has fewer bytes than characters, so whatever fits
 * can be decoded; what does not is a usage error naming the input, not a crash halfway through.
 */
export const MAX_INPUT_BYTES = constants.MAX_STRING_LENGTH;

export function tooLarge(name: string, limit: number): Error {
    return usageError(`${name}: too large to read (over ${limit >= 1 << 20 ? `${Math.floor(limit / (1 << 20))} MiB` : `${limit} bytes`})`);
}

/** A file as UTF-8 text, within the same bound as stdin (checked before reading); read errors are left to the caller. */
export function readFileText(path: string, limit = MAX_INPUT_BYTES): string {
    const fd = openSync(path, 'r');
    try {
        const { size } = fstatSync(fd);
        if (size > limit) throw tooLarge(path, limit);
        return readFileSync(fd, 'utf8');
    } finally {
        closeSync(fd);
    }
}

/** How much of a file is read at once when it is read in pieces. */
const PIECE_BYTES = 1 << 20;

/**
 * A file's UTF-8 text given to `use` a piece at a time (`next()`, undefined at the end), within the same bound as
 * readFileText (so that the whole read, if `use` gives up, can follow); a character cut by a piece's end is decoded
 * whole (StringDecoder), so the pieces join to what readFileText gives. Read errors are left to the caller.
 */
export function readFilePieces<T>(
    path: string,
    use: (next: () => string | undefined, size: number) => T,
    limit = MAX_INPUT_BYTES,
    pieceBytes = PIECE_BYTES,
): T {
    const fd = openSync(path, 'r');
    try {
        const { size } = fstatSync(fd);
        if (size > limit) throw tooLarge(path, limit);
        const decoder = new StringDecoder('utf8');
        const buffer = Buffer.allocUnsafe(pieceBytes);
        let ended = false;
        return use(() => {
            if (ended) return undefined;
            const n = readSync(fd, buffer, 0, buffer.length, null);
            if (n > 0) return decoder.write(buffer.subarray(0, n));
            ended = true;
            const last = decoder.end();
            return last === '' ? undefined : last;
        }, size);
    } finally {
        closeSync(fd);
    }
}
