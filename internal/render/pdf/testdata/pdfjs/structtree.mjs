// structtree.mjs FILE.pdf: prints the PDF's structure tree as pdf.js reads it,
// one line per element ("  " per level, its role) and one per marked-content
// text run (quoted), in the tree's order, like poppler's pdfinfo -struct-text.
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { readFileSync } from "node:fs";

const data = new Uint8Array(readFileSync(process.argv[2]));
const doc = await getDocument({ data, verbosity: 0 }).promise;
const out = [];
for (let p = 1; p <= doc.numPages; p++) {
  const page = await doc.getPage(p);
  const tc = await page.getTextContent({ includeMarkedContent: true });
  const text = new Map(); // marked content id → text
  const stack = [];
  for (const it of tc.items) {
    if (it.type === "beginMarkedContentProps" || it.type === "beginMarkedContent") {
      stack.push(it.id ?? null);
    } else if (it.type === "endMarkedContent") {
      stack.pop();
    } else if (it.str !== undefined) {
      const id = stack.findLast((x) => x !== null);
      if (id) text.set(id, (text.get(id) ?? "") + it.str + (it.hasEOL ? " " : ""));
    }
  }
  const tree = await page.getStructTree();
  const walk = (node, depth) => {
    if (node.type === "annotation") {
      out.push("  ".repeat(depth) + "Object"); // an OBJR: a link annotation
      return;
    }
    if (node.type === "content") {
      const s = text.get(node.id);
      if (s) out.push("  ".repeat(depth) + JSON.stringify(s));
      return;
    }
    if (node.role) out.push("  ".repeat(depth) + node.role + (node.alt ? " alt=" + JSON.stringify(node.alt) : ""));
    for (const c of node.children ?? []) walk(c, depth + (node.role && node.role !== "Root" ? 1 : 0));
  };
  if (tree) walk(tree, 0);
  out.push("-- page " + p);
}
console.log(out.join("\n"));
