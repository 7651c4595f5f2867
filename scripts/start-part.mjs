/**
 * One file for everything a start loads before a command runs (scripts/build.mjs, after the code splitting).
 *
 * esbuild puts each module into a part by the set of entry points (src/cli.ts and every `import()` target) that reach
 * it, so cli.js's static imports come as ~16 small shared parts: a module used by cli.ts and by explain's run lands in
 * another part than one used by cli.ts and by resolve's. esbuild cannot know that every `import()` target is loaded
 * after cli.js, whose parts are then always there. Node's ES module loader costs a fixed share per file (a resolve, two
 * reads with the compile cache's, a module record, linking), which was most of `--help` above `node -e 0` (README,
 * Performance). So cli.js and the parts it imports are bundled again into one cli.js that also exports each part's
 * exports under the part's name (chunk-AB12.js's `a` as `chunk_AB12$a`), and every other part imports them from there:
 * one instance of each module, as before; the merged parts are not written.
 */
import { build } from 'esbuild';
import { posix } from 'node:path';

/**
 * `files`: the build's output text by path relative to the project ('dist/chunk-AB12.js'); `meta`: its metafile.
 * Returns the new set of files (the merged parts left out).
 */
export async function mergeStartPart(files, meta, { dir, root, minify, target }) {
    const start = `${dir}/cli.js`;
    const resolveDir = posix.join(root, dir);
    const merged = staticClosure(meta, start);
    merged.delete(start);
    const dynamicTargets = new Set(Object.values(meta.outputs).flatMap((o) => o.imports.filter((i) => i.kind === 'dynamic-import').map((i) => i.path)));
    for (const part of merged) if (dynamicTargets.has(part)) throw new Error(`build: ${part} is both loaded with cli.js and imported on demand`);
    const exportName = (part, name) => `${posix.basename(part, '.js').replace(/\W/g, '_')}$${name}`;
    const common = {
        absWorkingDir: root,
        bundle: true,
        format: 'esm',
        platform: 'node',
        target,
        minify,
        legalComments: 'inline',
        logLevel: 'warning',
        write: false,
    };
    const inMemory = (onResolve) => ({
        name: 'dist-in-memory',
        setup(b) {
            // every part is a file of one directory (dist/)
            b.onResolve({ filter: /^\.\.?\// }, (args) => onResolve(`${dir}/${posix.basename(args.path)}`, args));
            b.onLoad({ filter: /.*/, namespace: 'dist' }, (args) => ({ contents: files.get(args.path), loader: 'js', resolveDir }));
            b.onLoad({ filter: /.*/, namespace: 'exports' }, (args) => ({ contents: exportsOf(args.path), loader: 'js', resolveDir }));
        },
    });
    // cli.js with its parts, exporting theirs
    const reexports = [...merged].map(
        (part) => `export { ${meta.outputs[part].exports.map((n) => `${n} as ${exportName(part, n)}`).join(', ')} } from './${posix.basename(part)}';`,
    );
    const startEntry = `export * from './cli.js';\n${reexports.join('\n')}\n`;
    const exportsOf = (part) =>
        part === '<start>' ? startEntry : `export { ${meta.outputs[part].exports.map((n) => `${exportName(part, n)} as ${n}`).join(', ')} } from './cli.js';`;
    const one = await build({
        ...common,
        entryPoints: ['<start>'],
        outfile: start,
        plugins: [
            {
                name: 'start-entry',
                setup(b) {
                    b.onResolve({ filter: /^<start>$/ }, () => ({ path: '<start>', namespace: 'exports' }));
                },
            },
            inMemory((path, args) => (args.kind === 'dynamic-import' ? { path: args.path, external: true } : { path, namespace: 'dist' })),
        ],
    });
    const out = new Map([...files].filter(([path]) => !merged.has(path)));
    out.set(start, one.outputFiles[0].text);
    // every other part: the merged parts' exports from cli.js
    const others = [...out.keys()].filter((p) => p.endsWith('.js') && p !== start && meta.outputs[p]?.imports.some((i) => merged.has(i.path)));
    for (const part of others) {
        const rebuilt = await build({
            ...common,
            entryPoints: [`./${part}`],
            outfile: part,
            plugins: [
                inMemory((path, args) => {
                    if (args.namespace === 'exports') return { path: './cli.js', external: true };
                    if (args.kind === 'entry-point') return { path, namespace: 'dist' };
                    if (merged.has(path) && args.kind === 'import-statement') return { path, namespace: 'exports' };
                    return { path: args.path, external: true };
                }),
            ],
        });
        out.set(part, rebuilt.outputFiles[0].text);
    }
    for (const [path, text] of out) {
        for (const part of merged) {
            if (path.endsWith('.js') && text.includes(`./${posix.basename(part)}`)) throw new Error(`build: ${path} still imports ${part}`);
        }
    }
    return out;
}

function staticClosure(meta, from) {
    const seen = new Set();
    const todo = [from];
    while (todo.length > 0) {
        const path = todo.pop();
        if (seen.has(path)) continue;
        seen.add(path);
        for (const i of meta.outputs[path].imports) if (i.kind === 'import-statement' && meta.outputs[i.path]) todo.push(i.path);
    }
    return seen;
}
