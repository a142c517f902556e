// Source patches the bundle applies to dependencies (issue 7): each is exact (same output, less
// work), and each must find its text exactly once, so an upgrade that changes the code fails the
// build here instead of silently losing the patch (or patching the wrong thing).

/** One patch: the file it applies to, the text it replaces, and why. */
const PATCHES = [
	{
		// Yoga (Ink's layout engine) ships its wasm as a data: URL and loads it with `fetch` whenever
		// `fetch` exists, so every start paid for loading undici, Node's fetch (about 40 ms before the
		// first frame), to decode a string it decodes itself otherwise (atob): take that path always.
		file: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/,
		find: 'function ya(){return w||"function"!=typeof fetch?',
		replace: 'function ya(){return true?',
	},
	{
		// Ink turns every frame into text cell by cell (120×40 cells), asking for the codes that lead
		// from one cell's style to the next: three Sets and five arrays per cell, two thirds of what
		// agentmon allocated while running, for a result that is empty whenever the styles are equal.
		file: /@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]diff\.js$/,
		find: 'export function diffAnsiCodes(from, to) {\n',
		replace: 'export function diffAnsiCodes(from, to) {\n    if (sameAnsiCodes(from, to)) return [];\n',
		append: `
/** Whether two reduced style lists are the same codes in the same order (their diff is then empty). */
function sameAnsiCodes(from, to) {
    if (from === to) return true;
    if (from.length !== to.length) return false;
    for (let index = 0; index < from.length; index++) {
        if (from[index].code !== to[index].code || from[index].endCode !== to[index].endCode) return false;
    }
    return true;
}
`,
	},
	{
		// The same loop turns each (mostly empty) list of codes into a string through a Set and two arrays.
		file: /@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]ansiCodes\.js$/,
		find: 'export function ansiCodesToString(codes) {\n',
		replace: 'export function ansiCodesToString(codes) {\n    if (codes.length === 0) return "";\n',
	},
];

/** A rolldown plugin applying {@link PATCHES}; it fails the build when one no longer applies. */
export function dependencyPatches() {
	const applied = new Set();
	return {
		name: 'agentmon-dependency-patches',
		transform(code, id) {
			const patches = PATCHES.filter(patch => patch.file.test(id));
			if (patches.length === 0) return null;
			let result = code;
			for (const patch of patches) {
				const at = result.indexOf(patch.find);
				if (at === -1 || result.indexOf(patch.find, at + 1) !== -1) throw new Error(`scripts/bundle-patches.mjs: ${id} changed (${JSON.stringify(patch.find)} is not there exactly once): update or drop this patch`);
				result = `${result.slice(0, at)}${patch.replace}${result.slice(at + patch.find.length)}${patch.append ?? ''}`;
				applied.add(patch);
			}
			return {code: result, map: null};
		},
		buildEnd(error) {
			const missing = PATCHES.filter(patch => !applied.has(patch));
			if (!error && missing.length > 0) throw new Error(`scripts/bundle-patches.mjs: no module matched ${missing.map(patch => patch.file).join(', ')}: update or drop these patches`);
		},
	};
}
