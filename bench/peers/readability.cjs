// @mozilla/readability on jsdom over every page of the shared sets, for bench/peers/peers.py: JSON Lines
// of {"set", "id", "text", "title", "seconds", "error"}, timed in-process over pages already in memory.
// jsdom gets the page's bytes and sniffs their encoding as a browser does.
//
//     NODE_PATH=node_modules node readability.cjs DATASETS OUT.jsonl
"use strict";
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");
const { JSDOM, VirtualConsole } = require("jsdom");
const { Readability } = require("@mozilla/readability");

const [datasets, out] = process.argv.slice(2);
const pages = [];
for (const set of fs.readdirSync(datasets).sort()) {
  const truthFile = path.join(datasets, set, "truth.json");
  if (!fs.existsSync(truthFile)) continue;
  const truth = JSON.parse(fs.readFileSync(truthFile, "utf8"));
  for (const id of Object.keys(truth).sort()) {
    const file = path.join(datasets, set, "pages", id + ".html.gz");
    if (!fs.existsSync(file)) continue;
    const url = truth[id].url && truth[id].url.startsWith("http") ? truth[id].url : "http://example.invalid/";
    pages.push({ set, id, url, raw: zlib.gunzipSync(fs.readFileSync(file)) });
  }
}
const quiet = new VirtualConsole();   // the pages' own console noise and CSS errors stay out of the figures
const lines = [];
let done = 0;
for (const p of pages) {
  if (global.gc && ++done % 20 === 0) global.gc();   // outside the timed part
  const record = { set: p.set, id: p.id };
  const start = process.hrtime.bigint();
  try {
    const dom = new JSDOM(p.raw, { url: p.url, contentType: "text/html", virtualConsole: quiet });
    const article = new Readability(dom.window.document).parse();
    record.text = article && article.textContent ? article.textContent.replace(/\n\s*\n+/g, "\n").trim() : "";
    record.title = article && article.title ? article.title : "";
    dom.window.close();
  } catch (e) {
    record.text = "";
    record.error = String(e).slice(0, 200);
  }
  record.seconds = Number(process.hrtime.bigint() - start) / 1e9;
  lines.push(JSON.stringify(record));
}
fs.writeFileSync(out, lines.join("\n") + "\n");
const version = require("@mozilla/readability/package.json").version;
const jsdomVersion = require("jsdom/package.json").version;
console.log(JSON.stringify({ peer: "@mozilla/readability", version: `${version} (jsdom ${jsdomVersion})`, pages: pages.length }));
