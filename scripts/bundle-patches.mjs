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
	{
		// Ink makes a new Output, with new caches, for every frame, so each frame tokenised every line
		// and measured every character again, though between two refreshes few lines change. One
		// cache for every frame (the same pure results, the same read-only cell objects), emptied when
		// it grows past a bound.
		file: /ink[\\/]build[\\/]output\.js$/,
		find: '    caches = new OutputCaches();\n',
		replace: '    caches = frameCaches();\n',
		append: `
/** The caches every frame shares (see bundle-patches.mjs). */
let sharedCaches;
/**
 * Cells the cached lines hold at most, about four screens' worth of text (a cell is two small
 * objects), and texts measured at most: past either the caches start empty again, and the next frame
 * tokenises what it draws once more (a few milliseconds, every few minutes). Every refresh adds the
 * lines whose numbers changed (about 200 cells), so the bound is how far the caches grow: bounded by
 * entries (1,500 lines and texts) they gained 25,000 cells from the second to the sixth minute (about
 * 2.5 MB of RSS) without being emptied once.
 */
const MAX_CACHED_CELLS = 20000;
const MAX_CACHED_TEXTS = 3000;
let countedLines = 0;
let cachedCells = 0;
function frameCaches() {
    if (sharedCaches !== undefined && sharedCaches.styledChars.size !== countedLines) {
        cachedCells = 0;
        for (const chars of sharedCaches.styledChars.values()) cachedCells += chars.length;
        countedLines = sharedCaches.styledChars.size;
    }
    if (sharedCaches === undefined || cachedCells > MAX_CACHED_CELLS || sharedCaches.widths.size + sharedCaches.blockWidths.size > MAX_CACHED_TEXTS) {
        sharedCaches = new OutputCaches();
        countedLines = 0;
        cachedCells = 0;
    }
    return sharedCaches;
}
`,
	},
	{
		// Every cell of a changed line is made by object spread (\`{...token, styles}\`). On Node 20's
		// V8 each spread object gets a map of its own (289 bytes and 11× the time of the same object
		// written as a literal, measured; Node 22: 97 bytes, 3×), and Ink's output caches keep the
		// cells of every line on screen: 18,000 one-off maps and descriptor arrays, 4 MB of heap. A
		// char token is exactly {type, value, fullWidth} (tokenize.js), so the literal is the same object.
		file: /@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]styledChars\.js$/,
		find: `            ret.push({
                ...token,
                styles: [...codes],
            });`,
		replace: `            ret.push({
                type: token.type,
                value: token.value,
                fullWidth: token.fullWidth,
                styles: [...codes],
            });`,
	},
	{
		// The blank cells of that grid (most of a 120×40 screen) are never changed once made, only
		// replaced: one shared blank instead of 4,800 new objects a frame.
		file: /ink[\\/]build[\\/]output\.js$/,
		find: `                row.push({
                    type: 'char',
                    value: ' ',
                    fullWidth: false,
                    styles: [],
                });`,
		replace: '                row.push(BLANK_CELL);',
		append: `
/** The blank cell every row starts with (see bundle-patches.mjs). */
const BLANK_CELL = Object.freeze({type: 'char', value: ' ', fullWidth: false, styles: Object.freeze([])});
`,
	},
	{
		// …and each row of cells back into text, char by char, though most rows are the very cells
		// (the shared cached ones above) of the row drawn there the frame before: keep that row's text.
		file: /ink[\\/]build[\\/]output\.js$/,
		find: `            .map(line => {
            // See https://github.com/vadimdemedes/ink/pull/564#issuecomment-1637022742
            const lineWithoutEmptyItems = line.filter(item => item !== undefined);
            return styledCharsToString(lineWithoutEmptyItems).trimEnd();`,
		replace: `            .map((line, y) => {
            const lineWithoutEmptyItems = line.filter(item => item !== undefined);
            return rowText(lineWithoutEmptyItems, lastRows, y);`,
		append: `
/** Each row's cells and text as last drawn (see bundle-patches.mjs). */
const lastRows = [];
function rowText(cells, rows, y) {
    const last = rows[y];
    if (last !== undefined && last.cells.length === cells.length && last.cells.every((cell, at) => cell === cells[at])) return last.text;
    const text = styledCharsToString(cells).trimEnd();
    rows[y] = {cells, text};
    return text;
}
`,
	},
	{
		// Ink measures every text it draws, every frame, with string-width (the costliest allocation
		// of a frame): the same texts as the frame before, mostly.
		file: /ink[\\/]build[\\/]render-node-to-output\.js$/,
		find: 'const currentWidth = widestLine(text);',
		replace: 'const currentWidth = cachedWidestLine(text);',
		append: `
/** Widths of the texts drawn lately (see bundle-patches.mjs); past a bound it starts empty again. */
let drawnWidths = new Map();
function cachedWidestLine(text) {
    let width = drawnWidths.get(text);
    if (width === undefined) {
        if (drawnWidths.size >= 5000) drawnWidths = new Map();
        width = widestLine(text);
        drawnWidths.set(text, width);
    }
    return width;
}
`,
	},
	{
		// string-width segments any text that is not pure ASCII into graphemes (an Intl.Segmenter
		// object per cluster, then regular expressions): every sparkline, border and `·`. Those
		// characters (box drawing, blocks, the dashboard's symbols) are one narrow grapheme each
		// whatever stands beside them (checked pairwise against string-width itself), so a text of
		// only them and printable ASCII is as wide as it is long, while ambiguous widths are narrow.
		file: /(?<!wrap-ansi[\\/])node_modules[\\/]string-width[\\/]index\.js$/,
		find: 'if (/^[\\u0020-\\u007E]*$/.test(string)) {',
		replace: 'if (/^[\\u0020-\\u007E]*$/.test(string) || (ambiguousIsNarrow && /^[\\u0020-\\u007E\\u00B7\\u00D7\\u2013\\u2014\\u2026\\u203A\\u2192\\u2500-\\u25CF\\u2713\\u2717\\u2731]*$/.test(string))) {',
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
