// Parses each .tf file named on the command line with @cdktf/hcl2json (HashiCorp's HCL parser
// compiled to WASM) and prints one JSON object: { "<file>": {"json": ...} | {"error": "..."} }.
// A parse error is reported per file rather than aborting, so the Java test names every bad file.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { parse } = require("@cdktf/hcl2json");

const out = {};
for (const file of process.argv.slice(2)) {
  try {
    const text = await readFile(file, "utf8");
    out[file] = { json: await parse(file, text) };
  } catch (e) {
    out[file] = { error: String(e && e.message ? e.message : e) };
  }
}
process.stdout.write(JSON.stringify(out));
