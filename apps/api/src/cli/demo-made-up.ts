// Made-up values for the demo market, free of imports: demo-orders.ts (read by the e2e script) uses them too.

/** Made-up digits in `base` (10 or 16), the same for the same seed. */
export function madeUpDigits(seed: string, length: number, base: number): string {
  let out = '';
  for (let i = 0; out.length < length; i += 1) out += ((seed.charCodeAt(i % seed.length) * 31 + i * 7) % base).toString(base);
  return out;
}

/** A checksum as download tools print it, made up for a demo batch. */
export const demoChecksum = (name: string): string => `sha256:${madeUpDigits(name, 64, 16)}`;
