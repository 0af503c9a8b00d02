/**
 * Draws the app's icons (the brand mark: a blue ring and dot on the sidebar's dark ground) as PNG files, with no
 * image library and no network: `npx tsx scripts/make-icons.ts`. The output is committed in src/web/public/icons/;
 * run this again only to change the design.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';

type Rgb = [number, number, number];
const GROUND: Rgb = [0x11, 0x18, 0x27];
const BRAND: Rgb = [0x5b, 0x8d, 0xff];
const WHITE: Rgb = [0xff, 0xff, 0xff];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** An RGBA PNG of `size`², each pixel from `paint` (x, y in 0..1 from the centre's frame). */
function png(size: number, paint: (x: number, y: number) => [number, number, number, number]): Buffer {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const px = paint((x + 0.5) / size, (y + 0.5) / size);
      raw.set(px, y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * The mark, scaled by `scale` (1 fills the icon; a maskable icon keeps it inside the 80 % safe zone), on a rounded
 * square (`radius` as a share of the side) or, for maskable, a full-bleed ground.
 */
function mark(scale: number, radius: number) {
  return (x: number, y: number): [number, number, number, number] => {
    // Rounded-square ground.
    const qx = Math.max(Math.abs(x - 0.5) - (0.5 - radius), 0);
    const qy = Math.max(Math.abs(y - 0.5) - (0.5 - radius), 0);
    if (radius > 0 && Math.hypot(qx, qy) > radius) return [0, 0, 0, 0];
    const d = Math.hypot(x - 0.5, y - 0.5) / scale;
    const colour = d < 0.13 ? WHITE : d > 0.24 && d < 0.33 ? BRAND : GROUND;
    return [...colour, 255];
  };
}

const out = path.resolve('src/web/public/icons');
mkdirSync(out, { recursive: true });
for (const size of [192, 512]) writeFileSync(path.join(out, `icon-${size}.png`), png(size, mark(1, 0.18)));
writeFileSync(path.join(out, 'icon-maskable-512.png'), png(512, mark(0.8, 0)));
writeFileSync(path.join(out, 'apple-touch-icon.png'), png(180, mark(1, 0)));
console.log(`icons written to ${out}`);
