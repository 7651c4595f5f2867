import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { constants } from 'node:buffer';
import { usageError } from '../../errors.js';

/**
 * The most svcdig reads from one input, a file or stdin: the longest string V8 can hold (~512 MiB), since every input
 * becomes one string to parse. Bytes are counted, and UTF-8 never has fewer bytes than characters, so whatever fits
 * can be decoded; what does not is a usage error naming the input, not a crash halfway through.
 */
export const MAX_INPUT_BYTES = constants.MAX_STRING_LENGTH;

function tooLarge(name: string, limit: number): Error {
    return usageError(`${name}: too large to read (over ${limit >= 1 << 20 ? `${Math.floor(limit / (1 << 20))} MiB` : `${limit} bytes`})`);
}

/**
 * A stream read to its end as UTF-8 text (stdin: `-f -`, `--batch -`). Read as a stream, not with a synchronous read of
 * fd 0: a pipe whose writer is slower than svcdig (kubectl still listing) is non-blocking and would fail with EAGAIN.
 */
export async function readStreamText(stream: AsyncIterable<Buffer | string>, name: string, limit = MAX_INPUT_BYTES): Promise<string> {
    const chunks: Buffer[] = [];
    let bytes = 0;
    for await (const chunk of stream) {
        const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
        bytes += buf.length;
        if (bytes > limit) throw tooLarge(name, limit);
        chunks.push(buf);
    }
    return Buffer.concat(chunks, bytes).toString('utf8');
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
