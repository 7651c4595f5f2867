// Lists the functions in src/ longer than the project's limit (default 60 lines), longest first:
//   node --import tsx scripts/long-functions.ts [--max N] [dir]
// A function's length is the lines from its first to its last (signature and closing brace included); a nested
// function is listed on its own and also counts in the function around it. Methods, arrow functions and function
// expressions count as functions. Exit code 0 always: this is a map for maintainers, not a check.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

interface LongFunction {
    file: string;
    line: number;
    name: string;
    lines: number;
}

function sourceFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const path = join(dir, e.name);
        if (e.isDirectory()) return sourceFiles(path);
        return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
    });
}

/** The name a reader would search for: the declaration's own, else the variable or property it is assigned to. */
function functionName(node: ts.FunctionLikeDeclaration, sf: ts.SourceFile): string {
    if (node.name) return node.name.getText(sf);
    if (ts.isConstructorDeclaration(node)) return 'constructor';
    const parent = node.parent;
    if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && parent.name)
        return parent.name.getText(sf);
    if (ts.isCallExpression(parent)) return `<callback of ${parent.expression.getText(sf).slice(0, 40)}>`;
    return '<anonymous>';
}

function longFunctions(file: string, max: number, root: string): LongFunction[] {
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const out: LongFunction[] = [];
    const visit = (node: ts.Node): void => {
        if (ts.isFunctionLike(node) && 'body' in node && node.body) {
            const fnNode = node as ts.FunctionLikeDeclaration;
            const first = sf.getLineAndCharacterOfPosition(fnNode.getStart(sf)).line;
            const last = sf.getLineAndCharacterOfPosition(fnNode.getEnd()).line;
            if (last - first + 1 > max) out.push({ file: relative(root, file), line: first + 1, name: functionName(fnNode, sf), lines: last - first + 1 });
        }
        ts.forEachChild(node, visit);
    };
    visit(sf);
    return out;
}

const args = process.argv.slice(2);
const maxAt = args.indexOf('--max');
const max = maxAt >= 0 ? Number(args.splice(maxAt, 2)[1]) : 60;
const root = process.cwd();
const dir = args[0] ?? 'src';
const found = sourceFiles(dir)
    .flatMap((f) => longFunctions(f, max, root))
    .sort((a, b) => b.lines - a.lines || a.file.localeCompare(b.file));
for (const f of found) console.log(`${String(f.lines).padStart(4)}  ${f.file}:${f.line}  ${f.name}`);
console.log(`${found.length} functions over ${max} lines in ${dir}/`);
