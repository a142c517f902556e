/** A comparison operator as PromQL writes it. */
export type ComparisonOp = '>' | '<' | '>=' | '<=' | '==' | '!=';

/** What a step says its query's value should be, e.g. `> 5` from "is above 5%". */
export type Comparison = {
	readonly op: ComparisonOp;
	/** The threshold in the query's own unit (a percentage stays 5 for a `100 * …` query, 0.05 otherwise). */
	readonly threshold: number;
	/** How the runbook wrote it, e.g. `> 0.05` or `above 5%`. */
	readonly text: string;
};

/** A PromQL command as a live check: the query to evaluate and the comparison its value is held to. */
export type CheckSpec = {readonly query: string; readonly comparison?: Comparison};

const NUMBER = String.raw`[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?`;
const TRAILING = new RegExp(String.raw`^([\s\S]*?\S)\s*(==|!=|>=|<=|>|<)\s*(?:bool\s+)?(${NUMBER})\s*$`, 'i');

/** Whether `text` has balanced brackets and no top-level `and`/`or`/`unless` (which bind looser than a comparison). */
function isTopLevelOperand(text: string): boolean {
	let depth = 0;
	let quote: string | undefined;
	for (let index = 0; index < text.length; index++) {
		const char = text[index]!;
		if (quote) {
			if (char === '\\') index++;
			else if (char === quote) quote = undefined;
			continue;
		}
		if (char === '"' || char === "'" || char === '`') quote = char;
		else if ('([{'.includes(char)) depth++;
		else if (')]}'.includes(char)) depth--;
		else if (depth === 0 && /\s/.test(char) && /^\s+(and|or|unless)\s/i.test(text.slice(index))) return false;
		if (depth < 0) return false;
	}
	return depth === 0 && quote === undefined;
}

/**
 * Splits `expr > 0.05` into the expression and its comparison with a number, when the comparison is
 * the last, top-level operation. The expression alone is what a live check evaluates: its value is
 * shown for every series, with the comparison as pass or fail, instead of only the series that pass.
 */
export function splitTrailingComparison(promql: string): CheckSpec {
	const trimmed = promql.trim();
	const match = TRAILING.exec(trimmed);
	if (!match || !isTopLevelOperand(match[1]!) || /(==|!=|>=|<=|>|<|[-+*/%^,(]|\bbool)$/.test(match[1]!.trim())) return {query: trimmed};
	const op = match[2] as ComparisonOp;
	const threshold = Number(match[3]);
	return {query: match[1]!.trim(), comparison: {op, threshold, text: `${op} ${match[3]}`}};
}

const WORDS: ReadonlyArray<[RegExp, ComparisonOp]> = [
	[/^(?:above|over|more than|greater than|higher than|exceeds?|exceeding)$/i, '>'],
	[/^(?:below|under|less than|lower than|fewer than)$/i, '<'],
	[/^(?:at least|no less than)$/i, '>='],
	[/^(?:at most|no more than)$/i, '<='],
	[/^(?:equal to|exactly)$/i, '=='],
];
const WORD_PATTERN = 'above|over|more than|greater than|higher than|exceeds?|exceeding|below|under|less than|lower than|fewer than|at least|no less than|at most|no more than|equal to|exactly';
const UNIT_PATTERN = String.raw`%|percent\b|ms\b|milliseconds?\b|s\b|secs?\b|seconds?\b|minutes?\b|mins?\b|h\b|hours?\b|[KMG]iB\b|[KMG]B\b|/s\b|per (?:second|minute|hour)\b`;
const PHRASE = new RegExp(String.raw`\b(${WORD_PATTERN})\s+\$?(${NUMBER})\s*(${UNIT_PATTERN})?`, 'i');
const SYMBOL = new RegExp(String.raw`(==|!=|>=|<=|>|<)\s*(${NUMBER})\s*(${UNIT_PATTERN})?`);
/** "should be below 5%", "must stay under 10", "should be < 0.05": a detail states the expected value. */
const SHOULD = new RegExp(String.raw`\b(?:should|must)\s+(?:be|stay|remain|fall|drop|read)\s+(?:back\s+)?(?:(${WORD_PATTERN})|(==|!=|>=|<=|>|<))\s*\$?(${NUMBER})\s*(${UNIT_PATTERN})?`, 'i');

/** The threshold in the unit the query most likely answers in. */
function scale(value: number, unit: string | undefined, query: string): number {
	const lower = (unit ?? '').toLowerCase();
	if (lower === '%' || lower === 'percent') return /\b100\s*\*|\*\s*100\b/.test(query) ? value : value / 100;
	if (/^(ms|milliseconds?)$/.test(lower)) return /\*\s*1000\b/.test(query) ? value : value / 1000;
	if (/^(minutes?|mins?)$/.test(lower)) return value * 60;
	if (/^(h|hours?)$/.test(lower)) return value * 3600;
	const bytes = /^([kmg])i?b$/.exec(lower);
	if (bytes) return /\/\s*1024\b|\/\s*1e[369]\b/.test(query) ? value : value * 1024 ** ('kmg'.indexOf(bytes[1]!) + 1);
	return value;
}

function opOfWords(words: string): ComparisonOp {
	return WORDS.find(([pattern]) => pattern.test(words.replace(/\s+/g, ' ')))?.[1] ?? '>';
}

/**
 * The comparison a step's title states ("Confirm the error rate is above 5%", "Verify p95 falls
 * below 1 s"), or its detail with "should"/"must" ("should be below 5%"), scaled to the query's unit.
 */
export function comparisonInText(title: string, detail: string | undefined, query: string): Comparison | undefined {
	const inTitle = PHRASE.exec(title);
	if (inTitle) return {op: opOfWords(inTitle[1]!), threshold: scale(Number(inTitle[2]), inTitle[3], query), text: inTitle[0].trim()};
	const symbol = SYMBOL.exec(title);
	if (symbol) return {op: symbol[1] as ComparisonOp, threshold: scale(Number(symbol[2]), symbol[3], query), text: symbol[0].trim()};
	const should = detail === undefined ? undefined : SHOULD.exec(detail);
	if (!should) return undefined;
	const op = should[1] ? opOfWords(should[1]) : (should[2] as ComparisonOp);
	return {op, threshold: scale(Number(should[3]), should[4], query), text: should[0].trim()};
}

/** Whether a value satisfies a comparison (NaN never does). */
export function holds(value: number, comparison: Comparison): boolean {
	const {op, threshold} = comparison;
	switch (op) {
		case '>':
			return value > threshold;
		case '<':
			return value < threshold;
		case '>=':
			return value >= threshold;
		case '<=':
			return value <= threshold;
		case '==':
			return value === threshold;
		case '!=':
			return !Number.isNaN(value) && value !== threshold;
	}
}
