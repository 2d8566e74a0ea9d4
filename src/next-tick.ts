// Keeps process.nextTick on V8's fast path for the life of the process.
//
// Node builds each tick as an object literal with computed symbol keys, and V8 holds the
// maps (hidden classes) such a literal goes through only weakly. A major GC that runs while
// no tick is queued, as it does in any idle moment of a server, frees them; the next tick
// builds new ones, and the literal's inline caches, which V8 lets be monomorphic or
// megamorphic with nothing between, go megamorphic for good. From then on every tick is a
// call into V8's runtime: about 350 ns instead of 55 (bench/next-tick-gc.ts), and Fastify
// makes several ticks a request. Whether a process falls into it depends on when its first
// major GCs come, which is why merely importing more code seemed to slow a server down.
//
// Holding one tick object keeps its whole map chain alive (each map points to its parent),
// so the maps are never rebuilt and the caches stay monomorphic. It must happen before the
// first major GC; importing the library does it.
import { executionAsyncResource } from 'node:async_hooks'

let kept: object | undefined

/** Keeps one tick object alive, taken inside a tick of its own (once per process). */
export function keepNextTickFast(): void {
  if (kept !== undefined) return
  kept = {}
  // inside a tick callback, the execution resource is that tick's object
  process.nextTick(() => {
    kept = executionAsyncResource()
  })
}
