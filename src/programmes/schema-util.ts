/** @module Small helpers shared by the programme and rule validators: the problem list and key checks. */

/** Collects "path: message" lines; a malformed file is refused with all of them, not just the first. */
export class Problems {
  readonly list: string[] = [];
  add(path: string, message: string): void {
    this.list.push(`${path}: ${message}`);
  }
  get count(): number {
    return this.list.length;
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A misspelt key ("budget" for "budget_fcfa") would silently mean "absent": name it instead. */
export function unknownKeys(o: Record<string, unknown>, allowed: readonly string[], path: string, problems: Problems, hint?: string): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) problems.add(keyPath(path, k), `unknown key${hint ? ` (${hint})` : ` (allowed: ${allowed.join(', ')})`}`);
  }
}

/** `$.cycles` for a plain key, `$["odd key"]` otherwise, so a path can always be read back unambiguously. */
export function keyPath(path: string, key: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(key)) return `${path}.${key}`;
  return `${path}[${JSON.stringify(key.length > 64 ? key.slice(0, 64) + '…' : key)}]`;
}
