#!/usr/bin/env node
// Bundles what tsc built (dist/main.js and everything it imports, node_modules included) into
// dist/bundle/, which dist/cli.js then loads instead of dist/main.js (issue 7). Loading ~750
// modules one by one (Ink alone is ~460, es-toolkit 415 files) was most of the time to the first
// frame; one bundle plus a chunk per lazy import loads in a fraction of it.
//   node scripts/bundle.mjs        (after tsc: `npm run build` runs both)
// dist/cli.js uses the bundle only while it is newer than dist/main.js, so a tsc run alone (an
// editor, `tsc --watch`) never leaves a stale bundle in charge.
import {rm} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'rolldown';
import {dependencyPatches} from './bundle-patches.mjs';
import {dependencyChoices} from './bundle-resolve.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist/bundle');

await rm(out, {recursive: true, force: true});
await build({
	input: {main: path.join(root, 'dist/main.js')},
	platform: 'node',
	// Not bundled: `debug` must stay the one instance in node_modules, which proxy.ts silences for every
	// client (the proxy agents print through it); react-devtools-core is Ink's, for DEV=true only.
	external: ['debug', 'react-devtools-core'],
	// cli.ts runs React in production mode; fixing it here drops the development builds of react,
	// react-reconciler and scheduler from the bundle (more than half of it) instead of parsing them at start.
	transform: {define: {'process.env.NODE_ENV': '"production"'}},
	// One copy of axios and no form-data (scripts/bundle-resolve.mjs), exact speed-ups of Ink's
	// dependencies (scripts/bundle-patches.mjs says which and why).
	plugins: [dependencyChoices(), dependencyPatches()],
	logLevel: 'warn',
	output: {
		dir: out,
		format: 'esm',
		entryFileNames: '[name].js',
		// Every chunk sits two levels below the package root, as dist/<folder>/<file>.js did: code
		// that finds files relative to itself (`new URL('../../examples/…', import.meta.url)`,
		// meow's package.json) still finds them.
		chunkFileNames: '[name]-[hash].js',
		// The loaded source stays in memory (V8 keeps it for lazy compilation): without whitespace and
		// comments the bundle is 2.0 MB instead of 2.4, and ASCII only (non-ASCII as \u escapes) lets V8
		// keep it one byte a character (one non-ASCII character made a whole chunk two bytes a character;
		// most had one). Names are kept (no mangling, no compression): stack traces read as the sources.
		minify: {compress: false, mangle: false, codegen: {removeWhitespace: true, asciiOnly: true}},
		// Licence notices (`/*! … */`, `@license`) stay: the bundle ships in the npm package.
		comments: {legal: true, annotation: false, jsdoc: false},
	},
});
process.stdout.write(`bundled dist/main.js into ${path.relative(root, out)}/\n`);
