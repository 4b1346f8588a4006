import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

/**
 * Child processes in the concurrency tests run the engine as plain JavaScript. Rather than
 * depend on `dist/` being fresh (or on the rest of the package compiling while it is being
 * written), each suite transpiles the import closure of its worker into a temp folder, with a
 * `node_modules` link back to the repository's. Transpiling (no type check) takes well under
 * a second.
 */

export const REPO_ROOT = resolve(fileURLToPath(new URL("../../", import.meta.url)));

/** Transpiles `entry` (a .ts file) and everything it imports relatively; returns the .js path of the entry. */
export function compileForChildren(entry: string, outDir: string): string {
  const seen = new Set<string>();
  const queue = [resolve(entry)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, "utf8");
    const output = ts.transpileModule(source, {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    });
    const target = join(outDir, relative(REPO_ROOT, file)).replace(/\.ts$/, ".js");
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, output.outputText);
    for (const match of source.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)\.js"/g)) {
      queue.push(resolve(dirname(file), `${match[1]}.ts`));
    }
  }
  try {
    symlinkSync(join(REPO_ROOT, "node_modules"), join(outDir, "node_modules"), "dir");
  } catch (error) {
    if ((error as { code?: string }).code !== "EEXIST") throw error;
  }
  return join(outDir, relative(REPO_ROOT, resolve(entry))).replace(/\.ts$/, ".js");
}
