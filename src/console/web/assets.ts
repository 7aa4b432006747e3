/**
 * @module The console's static files, served from the package itself (no CDN): our stylesheet and scripts, and uPlot
 * from node_modules. Each is read once, and its URL carries a hash of its bytes, so a browser may keep it for a year
 * and still never runs a stale copy after an upgrade.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The package root: this file sits three folders down, in src/console/web (tsx) or dist/console/web (built). */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(import.meta.url);

const SOURCES = {
  'console.css': { file: () => `${ROOT}src/console/web/static/console.css`, type: 'text/css; charset=utf-8' },
  'console.js': { file: () => `${ROOT}src/console/web/static/console.js`, type: 'text/javascript; charset=utf-8' },
  'live.js': { file: () => `${ROOT}src/console/web/static/live.js`, type: 'text/javascript; charset=utf-8' },
  'upload.js': { file: () => `${ROOT}src/console/web/static/upload.js`, type: 'text/javascript; charset=utf-8' },
  'uplot.js': { file: () => require.resolve('uplot/dist/uPlot.iife.min.js'), type: 'text/javascript; charset=utf-8' },
  'uplot.css': { file: () => require.resolve('uplot/dist/uPlot.min.css'), type: 'text/css; charset=utf-8' },
} as const;

export type AssetName = keyof typeof SOURCES;
export const ASSET_NAMES = Object.keys(SOURCES) as AssetName[];

interface Asset {
  body: Buffer;
  type: string;
  version: string;
}

const loaded = new Map<AssetName, Asset>();

export function isAssetName(s: string): s is AssetName {
  return Object.hasOwn(SOURCES, s);
}

export function asset(name: AssetName): Asset {
  let a = loaded.get(name);
  if (!a) {
    const body = readFileSync(SOURCES[name].file());
    a = { body, type: SOURCES[name].type, version: createHash('sha256').update(body).digest('base64url').slice(0, 12) };
    loaded.set(name, a);
  }
  return a;
}

/** `/console/static/console.css?v=<hash>`: what pages link to. */
export function assetUrl(name: AssetName): string {
  return `/console/static/${name}?v=${asset(name).version}`;
}
