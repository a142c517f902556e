/**
 * Replaces each TAB with the spaces up to the next tab stop (every `width` columns), line by line.
 * Ink measures a TAB as no column while the terminal jumps to the next stop, so runbook text with
 * a TAB in it would overflow its box; markdown reads a TAB as 4 columns of indentation too.
 */
export function expandTabs(text: string, width = 4): string {
	if (!text.includes('\t')) return text;
	let out = '';
	let column = 0;
	for (const char of text) {
		if (char === '\t') {
			const spaces = width - (column % width);
			out += ' '.repeat(spaces);
			column += spaces;
		} else {
			out += char;
			column = char === '\n' ? 0 : column + 1;
		}
	}
	return out;
}
