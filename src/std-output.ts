/**
 * stdout and stderr without Node's stream objects when they are not terminals. `process.stdout` is built on first use:
 * for a pipe a net.Socket, for a file a SyncWriteStream, for a terminal a tty.WriteStream, each loading node:net or
 * node:stream with ~40 internal modules (~7–10 ms of CPU, a tenth of `node -e 0`, on every start: README, Performance).
 * A pipe or a file is written with write(2) instead (fs.writeSync), as Node itself writes to them synchronously on
 * Linux; a terminal still gets process.stdout (its width, colours and line discipline are the stream's).
 *
 * Anything writeSync cannot do (EAGAIN on a pipe another process made non-blocking, EPIPE once the reader is gone,
 * ENOSPC on /dev/full, a closed descriptor) hands that text and every later write to the stream, so those cases behave
 * exactly as before: the stream queues what a full pipe cannot take, and its 'error' event reaches svcdig's handlers
 * (cli.ts runFromProcess).
 */
import { fstatSync, writeSync } from 'node:fs';

/** A stream svcdig writes to; tests pass buffers (kubectl's IOStreams). */
export interface OutStream {
    write(text: string): void;
    isTTY: boolean;
    columns?: number;
}

export function standardOutput(fd: 1 | 2): OutStream {
    const stream = () => (fd === 1 ? process.stdout : process.stderr);
    const tty = isTerminal(fd);
    let viaStream = tty;
    return {
        isTTY: tty,
        get columns() {
            return tty ? stream().columns : undefined;
        },
        write(text: string) {
            if (!viaStream) {
                const rest = writeAll(fd, text);
                if (rest === undefined) return;
                viaStream = true;
                stream().write(rest);
                return;
            }
            stream().write(text);
        },
    };
}

/** Writes `text` whole; on an error, what is left of it for the stream (bytes: a partial write may end mid-character). */
function writeAll(fd: number, text: string): string | Buffer | undefined {
    let bytes: Buffer | undefined;
    let done = 0;
    try {
        done = writeSync(fd, text);
        const length = Buffer.byteLength(text);
        if (done === length) return undefined;
        bytes = Buffer.from(text);
        while (done < length) done += writeSync(fd, bytes, done);
        return undefined;
    } catch {
        return bytes ? bytes.subarray(done) : text;
    }
}

/**
 * Is `fd` a terminal? As tty.isatty, but a descriptor that is not a character device, or is one of Linux's memory
 * devices (/dev/null, /dev/zero, /dev/full: major 1, linux Documentation/admin-guide/devices.txt), is answered without
 * loading node:tty, which loads node:net and the streams.
 */
export function isTerminal(fd: number): boolean {
    try {
        const stat = fstatSync(fd);
        if (!stat.isCharacterDevice()) return false;
        if (process.platform === 'linux' && ((stat.rdev >> 8) & 0xfff) === 1) return false;
    } catch {
        return false;
    }
    return process.getBuiltinModule('node:tty').isatty(fd);
}
