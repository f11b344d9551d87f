// Validate documents against a JSON Schema with ajv (Draft 2020-12, strict mode).
// usage: node ajv_check.cjs NODE_DIR SCHEMA.json DOCS.json  -> prints a JSON array of booleans
"use strict";
const fs = require("fs");
const path = require("path");
const [nodeDir, schemaPath, docsPath] = process.argv.slice(2);
const load = (name) => require(path.join(path.resolve(nodeDir), "node_modules", name));
const Ajv2020 = load("ajv/dist/2020").default;
const addFormats = load("ajv-formats").default;
// strict: true rejects unknown keywords and ambiguous schemas; gxopen declares its one
// annotation keyword and uses type unions (["integer", "null"]) on purpose.
const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
addFormats(ajv);
ajv.addVocabulary(["x-gxopen-code"]);
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, "utf8")));
const docs = JSON.parse(fs.readFileSync(docsPath, "utf8"));
process.stdout.write(JSON.stringify(docs.map((d) => validate(d))));
