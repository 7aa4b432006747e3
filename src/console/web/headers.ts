/** @module The headers every console answer carries: scripts and styles from the console's own files only, never framed, never cached. */

/**
 * No `unsafe-inline` anywhere: an injected `<script>`, `on...=` attribute, `<style>` or `style=` does nothing.
 * connect-src 'self' lets the dashboard open its event stream and the upload send its file, to this origin only.
 */
export const CONSOLE_CSP = [
  "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
  "form-action 'self'", "base-uri 'none'", "frame-ancestors 'none'",
].join('; ');

export const CONSOLE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  // Pages show tokens, names and phone numbers; answers show sessions' CSRF tokens: nothing is kept by a cache.
  'cache-control': 'no-store',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};
