#!/usr/bin/env -S node --max-semi-space-size=1 --no-memory-reducer --v8-pool-size=1
// Node and V8 flags, measured with `npm run bench` (issue 7); `agentmon`, `npm start` and the bench
// run with them:
// - a 1 MB young generation (V8's default grows to 16 MB per semi-space): about 20 MB less RSS
//   for a few more, cheap scavenges;
// - no memory reducer: it runs two or three full GCs (~50 ms of CPU) about 8 s after the
//   allocations stop, i.e. after every pause (`p`), and the heap is kept small anyway (below);
// - one V8 worker thread instead of four: a dashboard's background work (compiling, marking) is
//   small and waking four threads for it cost more than it did; about 4 MB less RSS (their malloc
//   arenas) and no more CPU.
import {statSync} from 'node:fs';
import v8 from 'node:v8';

// The old generation grows by at most 20% of what survived the last full GC before the next one
// (V8 lets it grow up to 4×): RSS stays flat near 100 MB instead of climbing to 130–160 MB between
// full GCs. Set here, not on the shebang line, so `node dist/cli.js` and `npm start` get it too.
v8.setFlagsFromString('--heap-growing-percent=20');
// React's development build leaks timing entries in a long-running dashboard; ESM imports run
// before any statement of the importing module, so this tiny entry sets the mode first.
process.env.NODE_ENV ??= 'production';
await import(bundled() ? './bundle/main.js' : './main.js');

/**
 * Whether `npm run build` bundled this build (scripts/bundle.mjs): one file and a few chunks load
 * in a fraction of the time of the ~750 modules behind main.js, most of the time to the first
 * frame. Only a bundle newer than main.js counts: after a tsc run alone it would be stale.
 */
function bundled(): boolean {
	try {
		return statSync(new URL('bundle/main.js', import.meta.url)).mtimeMs >= statSync(new URL('main.js', import.meta.url)).mtimeMs;
	} catch {
		return false;
	}
}
