// /favicon.ico: the help desk's mark (a white speech bubble on the inbox's blue), drawn here as a 16×16 icon so no binary file or network is needed.
import { Hono } from 'hono';
import type { AppEnv } from '../types.ts';

const SIZE = 16;
const BLUE = [0x25, 0x63, 0xeb] as const;
const WHITE = [0xff, 0xff, 0xff] as const;

/** Which colour pixel (x, y) has, top-left origin; null is transparent (the rounded corners). */
function pixel(x: number, y: number): readonly [number, number, number] | null {
  const corner = (cx: number, cy: number) => (x - cx) ** 2 + (y - cy) ** 2 > 9;
  if ((x < 3 && y < 3 && corner(3, 3)) || (x > 12 && y < 3 && corner(12, 3))) return null;
  if ((x < 3 && y > 12 && corner(3, 12)) || (x > 12 && y > 12 && corner(12, 12))) return null;
  const bubble = x >= 3 && x <= 12 && y >= 3 && y <= 9 && !((x === 3 || x === 12) && (y === 3 || y === 9));
  const tail = (y === 10 && x >= 5 && x <= 6) || (y === 11 && x === 5);
  return bubble || tail ? WHITE : BLUE;
}

/** An ICO holding one 32-bit BMP image (bottom-up rows, BGRA, then the 1-bit AND mask). */
export function faviconIco(): Buffer {
  const pixels = SIZE * SIZE * 4;
  const mask = (SIZE / 8 + 2) * SIZE; // each mask row padded to 4 bytes
  const image = 40 + pixels + mask;
  const out = Buffer.alloc(6 + 16 + image);
  out.writeUInt16LE(0, 0); // reserved
  out.writeUInt16LE(1, 2); // type: icon
  out.writeUInt16LE(1, 4); // one image
  out.writeUInt8(SIZE, 6);
  out.writeUInt8(SIZE, 7);
  out.writeUInt16LE(1, 10); // colour planes
  out.writeUInt16LE(32, 12); // bits per pixel
  out.writeUInt32LE(image, 14);
  out.writeUInt32LE(22, 18); // offset of the image
  let o = 22;
  out.writeUInt32LE(40, o); // BITMAPINFOHEADER
  out.writeInt32LE(SIZE, o + 4);
  out.writeInt32LE(SIZE * 2, o + 8); // height counts the mask too
  out.writeUInt16LE(1, o + 12);
  out.writeUInt16LE(32, o + 14);
  out.writeUInt32LE(pixels + mask, o + 20);
  o += 40;
  for (let y = SIZE - 1; y >= 0; y--) {
    for (let x = 0; x < SIZE; x++) {
      const c = pixel(x, y);
      if (c) out.set([c[2], c[1], c[0], 0xff], o);
      o += 4;
    }
  }
  // The AND mask stays zero: the alpha channel decides transparency.
  return out;
}

export function createFaviconRoutes() {
  const app = new Hono<AppEnv>();
  const icon = faviconIco();
  app.get('/favicon.ico', (c) =>
    c.body(new Uint8Array(icon), 200, {
      'Content-Type': 'image/x-icon',
      'Cache-Control': 'public, max-age=86400',
      'X-Content-Type-Options': 'nosniff',
    }),
  );
  return app;
}
