import { readdirSync, statSync, type Dirent } from 'node:fs';
import { extname, join } from 'node:path';
import { usageError } from '../../errors.js';

/** The endings kubectl reads in a directory (k8s.io/cli-runtime pkg/resource/builder.go FileExtensions); case counts. */
export const MANIFEST_EXTENSIONS = ['.json', '.yaml', '.yml'];

/**
 * The files `-f PATH` reads, as kubectl expands a path (k8s.io/cli-runtime pkg/resource/visitor.go,
 * ExpandPathsToFileVisitors): a file is read whatever its name; a directory gives its *.json, *.yaml and *.yml files
 * in lexical order (hidden ones too), and with `recursive` (-R) those of its subdirectories, each at its place in
 * that order. Like Go's filepath.Walk, a symbolic link to a directory is not followed. A directory with nothing to
 * read is a usage error. Paths that cannot be read are left for the reader to name.
 */
export function manifestPaths(path: string, recursive: boolean): string[] {
    if (!isDirectory(path)) return [path];
    const found: string[] = [];
    let skipped = 0;
    const walk = (dir: string) => {
        for (const entry of entriesOf(dir)) {
            const full = join(dir, entry.name);
            if (entry.isDirectory()) {
                if (recursive) walk(full);
                else skipped++;
            } else if (MANIFEST_EXTENSIONS.includes(extname(entry.name))) found.push(full);
        }
    };
    walk(path);
    if (found.length === 0)
        throw usageError(
            `${path}: no manifests to read (a directory gives its ${MANIFEST_EXTENSIONS.map((e) => `*${e}`).join(', ')} files)`,
            skipped ? '-R (--recursive) reads its subdirectories too' : undefined,
        );
    return found;
}

function isDirectory(path: string): boolean {
    try {
        return statSync(path).isDirectory();
    } catch {
        return false;
    }
}

/** A directory's entries by name, in byte order as Go's os.ReadDir sorts them (not the locale's order). */
function entriesOf(dir: string): Dirent[] {
    let entries: Dirent[];
    try {
        entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw usageError(`${dir}: cannot read: ${code === 'EACCES' ? 'permission denied' : String(code ?? e)}`);
    }
    return entries.sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)) as number);
}
