// Reads a PDF back the way a viewer does, with maintained libraries (pdfjs-dist's legacy build for Node,
// @napi-rs/canvas to draw): prints { pages, text: [per page] } as JSON, and with a second argument writes
// page 1 rendered to that PNG file. A script of its own because pdfjs-dist is ESM only (the tests run
// under Jest's CommonJS); test/e2e/fhir-kit-client.mjs does the same for fhir-kit-client.
//   node test/e2e/pdf-reader.mjs <file.pdf> [page1.png]
import { readFileSync, writeFileSync } from 'node:fs';
import { createCanvas } from '@napi-rs/canvas';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const [file, png] = process.argv.slice(2);
const pdf = await getDocument({ data: new Uint8Array(readFileSync(file)), useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
const text = [];
for (let n = 1; n <= pdf.numPages; n += 1) {
  const page = await pdf.getPage(n);
  const content = await page.getTextContent();
  // Items in reading order; a line break where pdf.js saw one (hasEOL), a space between runs otherwise.
  text.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
}
let rendered;
if (png) {
  const page = await pdf.getPage(1);
  const viewport = page.getViewport({ scale: 1.5 });
  const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  await page.render({ canvasContext: context, viewport, canvas }).promise;
  const image = canvas.toBuffer('image/png');
  writeFileSync(png, image);
  // How much of the page is ink: a blank render (fonts missing, nothing drawn) would be ~0.
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
  let dark = 0;
  for (let i = 0; i < pixels.length; i += 4) if (pixels[i] < 128 && pixels[i + 1] < 128 && pixels[i + 2] < 128) dark += 1;
  rendered = { width: canvas.width, height: canvas.height, bytes: image.length, darkShare: dark / (pixels.length / 4) };
}
process.stdout.write(JSON.stringify({ pages: pdf.numPages, text, rendered }));
