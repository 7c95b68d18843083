// A small PNG made on the spot (a mock identity card), so the tests upload a real image.
import { deflateSync } from 'node:zlib';

const table = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = table[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

// width×height RGB; pixel(x, y) → [r, g, b]
export function png(width, height, pixel) {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x += 1) raw.set(pixel(x, y), row + 1 + x * 3);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

export function identityCardPng() {
  return png(360, 228, (x, y) => {
    if (x < 6 || y < 6 || x > 353 || y > 221) return [31, 78, 121];
    if (x > 250 && x < 330 && y > 40 && y < 150) return [180, 190, 205];
    if ((y > 50 && y < 60) || (y > 80 && y < 90) || (y > 110 && y < 120)) return x > 30 && x < 220 ? [90, 100, 115] : [236, 241, 247];
    if (y > 180 && y < 195 && x > 30 && x < 330) return [90, 100, 115];
    return [236, 241, 247];
  });
}
