#!/usr/bin/env node
// Parses each .tf file named on the command line with @cdktf/hcl2json (HashiCorp's HCL parser
// compiled to WebAssembly, so no Terraform binary or provider is needed) and prints one JSON line:
// {"files": [{"file": "...", "json": {...}} or {"file": "...", "error": "..."}]}.
// Exit 0 even when a file does not parse: the Java checks name the file and the parser's message.
'use strict';
const fs = require('fs');
const { parse } = require('@cdktf/hcl2json');

async function main(files) {
  const results = [];
  // One at a time: the WebAssembly bridge runs a single Go runtime.
  for (const file of files) {
    try {
      const json = await parse(file, fs.readFileSync(file, 'utf8'));
      results.push({ file, json });
    } catch (e) {
      results.push({ file, error: String(e && e.message ? e.message : e) });
    }
  }
  process.stdout.write(JSON.stringify({ files: results }) + '\n');
}

main(process.argv.slice(2)).catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + '\n');
  process.exit(2);
});
