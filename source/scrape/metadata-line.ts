import {MAX_HELP_LENGTH, MAX_NAME_LENGTH, hasNonPrintable, isBlank, quote, safeText, scanName, setOwn, skipBlanks} from './exposition-chars.js';
import type {Exposition, MetricType} from './exposition.js';

const TYPES: Readonly<Record<string, MetricType>> = {
	counter: 'counter',
	gauge: 'gauge',
	histogram: 'histogram',
	summary: 'summary',
	untyped: 'untyped',
	// OpenMetrics.
	unknown: 'untyped',
	info: 'info',
	stateset: 'stateset',
	gaugehistogram: 'gaugehistogram',
};

/** `\\` → `\` and `\n` → LF, the only escapes of HELP text; any other backslash stays. */
function unescapeHelp(text: string): string {
	if (!text.includes('\\')) return text;
	let out = '';
	let runStart = 0;
	for (let index = 0; index < text.length - 1; index++) {
		if (text.charCodeAt(index) !== 92) continue;
		const next = text.charCodeAt(index + 1);
		if (next !== 92 && next !== 110) continue;
		out += text.slice(runStart, index) + (next === 92 ? '\\' : '\n');
		runStart = index + 2;
		index++;
	}
	return out + text.slice(runStart);
}

/** Whether the keyword is at `index`, followed by a space or tab. */
function keywordAt(text: string, index: number, end: number, keyword: string): boolean {
	return index + keyword.length < end && text.startsWith(keyword, index) && isBlank(text.charCodeAt(index + keyword.length));
}

/**
 * Reads a line starting with `#` (at `hash`): `# HELP name text` and `# TYPE name type` go into
 * `exposition.help` / `exposition.types` (the first of each name wins), `# EOF` gives `'eof'`,
 * any other comment is ignored (as is `#HELP` without a space, like Prometheus does).
 * Returns the reason when the line is a malformed HELP or TYPE.
 */
export function parseMetadataLine(text: string, hash: number, end: number, exposition: Exposition): 'eof' | string | undefined {
	if (hash + 1 >= end || !isBlank(text.charCodeAt(hash + 1))) return undefined;
	const keyword = skipBlanks(text, hash + 1, end);
	const isHelp = keywordAt(text, keyword, end, 'HELP');
	if (!isHelp && !keywordAt(text, keyword, end, 'TYPE')) {
		return text.startsWith('EOF', keyword) && skipBlanks(text, keyword + 3, end) === end ? 'eof' : undefined;
	}
	const what = isHelp ? 'HELP' : 'TYPE';
	const nameStart = skipBlanks(text, keyword + 4, end);
	const nameEnd = scanName(text, nameStart, end, true);
	if (nameEnd === nameStart) return `expected a metric name after ${what}, got ${quote(text.slice(nameStart, end))}`;
	if (nameEnd - nameStart > MAX_NAME_LENGTH) return `metric name longer than ${MAX_NAME_LENGTH} characters`;
	if (nameEnd < end && !isBlank(text.charCodeAt(nameEnd))) return `invalid metric name ${quote(text.slice(nameStart, end))} after ${what}`;
	const name = text.slice(nameStart, nameEnd);
	// Like Prometheus: the text is everything after the one blank that ends the name.
	const rest = nameEnd < end ? text.slice(nameEnd + 1, end) : '';
	if (isHelp) {
		if (Object.hasOwn(exposition.help, name)) return undefined;
		const help = unescapeHelp(rest.length > MAX_HELP_LENGTH * 4 ? rest.slice(0, MAX_HELP_LENGTH * 4) : rest);
		setOwn(exposition.help, name, safeText(help, MAX_HELP_LENGTH, hasNonPrintable(help)));
		return undefined;
	}
	const typeName = rest.trim();
	const type = Object.hasOwn(TYPES, typeName) ? TYPES[typeName] : undefined;
	if (type === undefined) return `invalid metric type ${quote(rest)} for ${name}`;
	if (!Object.hasOwn(exposition.types, name)) setOwn(exposition.types, name, type);
	return undefined;
}
