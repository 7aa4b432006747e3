/** @module Cookies and the facts about a request the console decides on: who sent it (through a trusted proxy), and whether it came over TLS. */
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

/** The cookie header as a map; a malformed pair is skipped, the first of two same-named cookies wins (RFC 6265 §5.4 order). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (!out.has(name)) out.set(name, value);
  }
  return out;
}

export interface CookieOptions {
  path?: string;
  maxAgeS?: number;
  secure: boolean;
}

/**
 * HttpOnly and SameSite=Strict always: no script reads a console cookie, and no other site's link or form carries
 * one. Path=/console keeps them off the subscriber pages. Values are ours (base64url and digits): never escaped.
 */
export function setCookie(name: string, value: string, o: CookieOptions): string {
  const parts = [`${name}=${value}`, `Path=${o.path ?? '/console'}`, 'HttpOnly', 'SameSite=Strict'];
  if (o.maxAgeS !== undefined) parts.push(`Max-Age=${o.maxAgeS}`);
  if (o.secure) parts.push('Secure');
  return parts.join('; ');
}

export const clearCookie = (name: string, secure: boolean): string => setCookie(name, '', { maxAgeS: 0, secure });

/** The peer, or the client a trusted proxy names last in X-Forwarded-For (the same rule as the abuse guard). */
export function clientAddress(req: IncomingMessage, trusted: ReadonlySet<string>): string {
  const peer = req.socket.remoteAddress ?? '';
  const xff = req.headers['x-forwarded-for'];
  if (xff === undefined || !trusted.has(peer)) return peer;
  const hops = (Array.isArray(xff) ? xff.join(',') : xff).split(',').map((h) => h.trim()).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) if (!trusted.has(hops[i]) || i === 0) return hops[i];
  return peer;
}

/**
 * Over TLS: the node's own (a TLS socket), or a trusted proxy's word (`x-forwarded-proto: https`). An untrusted
 * peer's header is ignored: a client saying "https" over plain HTTP must not get a cookie it cannot send back.
 */
export function overTls(req: IncomingMessage, trusted: ReadonlySet<string>): boolean {
  if ((req.socket as TLSSocket).encrypted) return true;
  if (!trusted.has(req.socket.remoteAddress ?? '')) return false;
  const p = req.headers['x-forwarded-proto'];
  const first = (Array.isArray(p) ? p[0] : p)?.split(',')[0]?.trim().toLowerCase();
  return first === 'https';
}
