/** @module How the node's V8 heap grows: in step with what it holds, not four times over (issue 13's flood). */
import { setFlagsFromString } from 'node:v8';

/**
 * V8 runs its next full collection once the old generation reaches its live size times a growing factor that it
 * picks itself, up to 4 on a large machine. The node holds about 250 MiB live with the 2020 registry, so under a
 * flood of 16,000 connections that never bring their pass back (request objects promoted by the scavenger, dead a
 * second later) no full collection ran for the whole 15 s and the old space grew to 600 MiB of mostly garbage: peak
 * RSS 957-1,130 MiB. A fixed factor of 1 + percent/100 (1.5 with GUICHET_HEAP_GROWING_PERCENT=50; off by default, since it costs claim throughput) keeps it to about 640 MiB, with incremental
 * collections of 15-18 ms of main-thread time. 0 leaves V8's own choice. V8 reads the flag at each collection, so
 * it applies when set at start, before the registry is loaded.
 */
export function tuneHeapGrowth(percent: number): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${Math.round(percent)}`);
}
