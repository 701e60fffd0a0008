// Validates Teams app manifest files (manifest.json, localization files) offline against the JSON schemas Microsoft
// bundles in @microsoft/app-manifest, chosen by each file's "$schema". Prints one JSON object on standard output:
// {"files":[{"file":"…","schema":"…","errors":["/path message. Details: …"]}]}; exit 0 when every file is valid,
// 1 when any is not, 2 when a file cannot be read or names no bundled schema. Nothing is fetched over the network.
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const { AppManifestUtils } = require("@microsoft/app-manifest");
const packageRoot = path.dirname(require.resolve("@microsoft/app-manifest/package.json"));
const prefix = "https://developer.microsoft.com/json-schemas/teams/";

const results = [];
let exitCode = 0;
for (const file of process.argv.slice(2)) {
  const result = { file, schema: null, errors: [] };
  results.push(result);
  try {
    const manifest = JSON.parse((await readFile(file, "utf8")).replace(/^\uFEFF/, ""));
    const url = manifest.$schema;
    // Only the schemas in the package: a $schema elsewhere would be fetched over the network, which is not done here.
    const local = typeof url === "string" && url.startsWith(prefix) ? path.join(packageRoot, "build", "json-schemas", "teams", url.substring(prefix.length)) : null;
    if (!local || !existsSync(local)) {
      result.errors.push(`$schema ${JSON.stringify(url ?? null)} is not one of the Teams schemas bundled in @microsoft/app-manifest (${prefix}v1.xx/…)`);
      exitCode = Math.max(exitCode, 2);
      continue;
    }
    result.schema = url;
    const schema = repairPatterns(await AppManifestUtils.fetchSchema(url), result);
    result.errors = await AppManifestUtils.validateAgainstSchema(manifest, schema);
    if (result.errors.length > 0) {
      exitCode = Math.max(exitCode, 1);
    }
  } catch (e) {
    result.errors.push(e instanceof Error ? e.message : String(e));
    exitCode = Math.max(exitCode, 2);
  }
}
/**
 * The localization schemas (v1.24 to v1.30 at least) name keys such as activities.activityTypes[…] with a pattern
 * holding an unescaped "]" after "\b", which a Unicode regular expression (as Ajv compiles them) refuses, so the whole
 * schema would fail to compile. Such a pattern is repaired in memory (that "]" escaped, the same meaning) and named in
 * the result's "repaired" list; everything else in the schema is used as Microsoft wrote it.
 */
function repairPatterns(node, result) {
  if (Array.isArray(node)) {
    node.forEach((item) => repairPatterns(item, result));
  } else if (node && typeof node === "object") {
    if (node.patternProperties && typeof node.patternProperties === "object") {
      for (const key of Object.keys(node.patternProperties)) {
        try {
          new RegExp(key, "u");
        } catch {
          const repaired = key.replace(/\\b\]/g, "\\b\\]");
          new RegExp(repaired, "u"); // still broken: let Ajv say so
          node.patternProperties[repaired] = node.patternProperties[key];
          delete node.patternProperties[key];
          (result.repaired ??= []).push(key);
        }
      }
    }
    Object.values(node).forEach((value) => repairPatterns(value, result));
  }
  return node;
}

process.stdout.write(JSON.stringify({ files: results }) + "\n");
process.exitCode = exitCode;
