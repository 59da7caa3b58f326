#!/usr/bin/env node
// Draws the Teams app icons (manifests/teams/color.png, 192×192, and outline.png, 32×32 white on transparent) as
// Teams asks for them: https://learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/apps-package#app-icons
// A check mark (approved) on Teammate's indigo. No image library: a few lines of anti-aliased drawing and PNG encoding.
//   node scripts/teams-icons.mjs
import { writeFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';

/** Distance from (x, y) to the segment a–b. */
function distance(x, y, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

/** How much of pixel (px, py) a round-capped polyline of this width covers, from 4×4 samples. */
function coverage(px, py, points, width) {
  let inside = 0;
  for (let sy = 0; sy < 4; sy++) {
    for (let sx = 0; sx < 4; sx++) {
      const x = px + (sx + 0.5) / 4;
      const y = py + (sy + 0.5) / 4;
      let d = Number.POSITIVE_INFINITY;
      for (let i = 1; i < points.length; i++) d = Math.min(d, distance(x, y, points[i - 1], points[i]));
      if (d <= width / 2) inside++;
    }
  }
  return inside / 16;
}

function png(size, pixel) {
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) row.set(pixel(x, y), 1 + x * 4);
    rows.push(row);
  }
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const check = (scale) => [
  [52 * scale, 100 * scale],
  [84 * scale, 132 * scale],
  [142 * scale, 66 * scale],
];
const indigo = [0x4f, 0x46, 0xe5];

const color = png(192, (x, y) => {
  const c = coverage(x, y, check(1), 18);
  return [...indigo.map((v) => Math.round(v + (255 - v) * c)), 255];
});
const outline = png(32, (x, y) => [255, 255, 255, Math.round(255 * coverage(x, y, check(32 / 192), 3.5))]);

writeFileSync(new URL('../manifests/teams/color.png', import.meta.url), color);
writeFileSync(new URL('../manifests/teams/outline.png', import.meta.url), outline);
console.log('wrote manifests/teams/color.png and manifests/teams/outline.png');
