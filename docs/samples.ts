// The Markdown code samples are files: every ```ts block in a checked document is preceded by
// `<!-- sample: path/from/repo/root.ts -->` and must equal that file, which `pnpm typecheck` checks
// and a test beside it runs. `pnpm docs:samples` reports differences; `--write` copies the files in.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The documents whose samples are checked (paths from the repository root). Adding one is a line here. */
export const CHECKED_DOCUMENTS: readonly string[] = [
  "README.md",
  "docs/porting.md",
  "docs/adapters.md",
  "packages/core/README.md",
  "packages/aws-lambda/README.md",
  "packages/cloudflare-workers/README.md",
  "packages/cloud-run/README.md",
  "packages/gcp-functions/README.md",
  "packages/oidc/README.md",
  "packages/state-redis/README.md",
  "packages/state-dynamodb/README.md",
  "conformance/README.md",
  "examples/hello/README.md",
  "examples/todos/README.md",
  "examples/queue-worker/README.md",
  "examples/pocket-adapter/README.md",
  "bench/README.md",
  "conformance/fixtures/README.md",
  "conformance/fixtures/SOURCES.md",
];

const SKIPPED_FOLDERS = new Set(["node_modules", "dist", ".git", ".changeset", ".wrangler", "coverage", ".conformance"]);

/** Every Markdown document of the repository (paths from the root), for the check that each is listed above. */
export function markdownDocuments(folder = ""): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(`${repoRoot}${folder}`, { withFileTypes: true })) {
    const path = `${folder}${entry.name}`;
    if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) found.push(...markdownDocuments(`${path}/`));
    else if (entry.isFile() && entry.name.endsWith(".md") && entry.name !== "CHANGELOG.md") found.push(path);
  }
  return found.sort();
}

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const MARKER = /^<!--\s*sample:\s*(\S+)\s*-->$/;
const TS_FENCE = /^```(?:ts|typescript|tsx)\s*$/;

/** One ```ts block: where it is, what it holds, and the sample file its marker names (if any). */
export interface CodeBlock {
  /** 1-based line of the opening fence. */
  line: number;
  sample: string | undefined;
  code: string;
  /** Line indexes (0-based) of the first and last code lines, for rewriting. */
  from: number;
  to: number;
}

/** Every TypeScript block of a Markdown text. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split("\n");
  const blocks: CodeBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    const fence = (lines[index] as string).match(/^(`{3,})/);
    if (!fence) continue;
    const close = fence[1] as string;
    let end = index + 1;
    while (end < lines.length && (lines[end] as string).trimEnd() !== close) end++;
    if (TS_FENCE.test((lines[index] as string).slice(close.length - 3))) {
      let before = index - 1;
      while (before >= 0 && (lines[before] as string).trim() === "") before--;
      const marker = before >= 0 ? (lines[before] as string).trim().match(MARKER) : null;
      blocks.push({ line: index + 1, sample: marker?.[1], code: lines.slice(index + 1, end).join("\n"), from: index + 1, to: end - 1 });
    }
    index = end;
  }
  return blocks;
}

/** What is wrong with one document's samples (empty: nothing). `read` reads a repository file, or undefined when missing. */
export function checkDocument(document: string, markdown: string, read: (path: string) => string | undefined): string[] {
  const problems: string[] = [];
  for (const block of codeBlocks(markdown)) {
    const where = `${document}:${block.line}`;
    if (block.sample === undefined) {
      problems.push(`${where}: a ts block without a <!-- sample: path --> line before it (every sample must be a checked file)`);
      continue;
    }
    const file = read(block.sample);
    if (file === undefined) problems.push(`${where}: sample file ${block.sample} does not exist`);
    else if (file.replace(/\n$/, "") !== block.code)
      problems.push(`${where}: differs from ${block.sample} (run pnpm docs:samples --write)`);
  }
  return problems;
}

/** The document with every marked block replaced by its sample file's text. */
export function writeDocument(markdown: string, read: (path: string) => string | undefined): string {
  const lines = markdown.split("\n");
  // From the last block up, so earlier line numbers stay valid.
  for (const block of codeBlocks(markdown).reverse()) {
    const file = block.sample === undefined ? undefined : read(block.sample);
    if (file === undefined) continue;
    lines.splice(block.from, block.to - block.from + 1, ...file.replace(/\n$/, "").split("\n"));
  }
  return lines.join("\n");
}

export function readRepoFile(path: string): string | undefined {
  const full = `${repoRoot}${path}`;
  return existsSync(full) ? readFileSync(full, "utf8") : undefined;
}

/** Every problem in every checked document. */
export function checkAll(): string[] {
  return CHECKED_DOCUMENTS.flatMap((document) => {
    const markdown = readRepoFile(document);
    return markdown === undefined ? [`${document}: missing`] : checkDocument(document, markdown, readRepoFile);
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes("--write")) {
    for (const document of CHECKED_DOCUMENTS) {
      const markdown = readRepoFile(document);
      if (markdown !== undefined) writeFileSync(`${repoRoot}${document}`, writeDocument(markdown, readRepoFile));
    }
  }
  const problems = checkAll();
  for (const problem of problems) console.error(problem);
  process.exitCode = problems.length === 0 ? 0 : 1;
}
