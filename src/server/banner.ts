/** @module The line `guichet serve` prints once it listens: read by people, and by the tools that start nodes (cluster, bench, tests). */

/** "Guichet serving on http://127.0.0.1:8080", and in demo mode the DÉMO the contract asks for on the console. */
export function servingLine(url: string, demo: boolean): string {
  return `Guichet serving on ${url}${demo ? ' — DÉMO (demo data: fictitious numbers and codes)' : ''}`;
}

/** Finds the address in what a node printed: the one pattern every launcher matches. */
export const SERVING_ADDRESS = /Guichet serving on (http:\/\/[0-9a-f.:[\]]+)/;
