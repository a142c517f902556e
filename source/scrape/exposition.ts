import {sanitizeText} from '../model/sanitize.js';
import {HASH, skipBlanks} from './exposition-chars.js';
import {parseMetadataLine} from './metadata-line.js';
import {SampleLineReader} from './sample-line.js';

/** One sample of an exposition. `labels` include `__name__`; every label value is sanitised. */
export type ExpositionSample = {labels: Record<string, string>; value: number; timestampMs?: number};

/** A `# TYPE` of the text format, or of OpenMetrics (whose `unknown` is read as `untyped`). */
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped' | 'info' | 'stateset' | 'gaugehistogram';

/**
 * A parsed exposition: the samples in input order, `# TYPE` and `# HELP` by metric family name
 * (the first of each wins; HELP text sanitised), and the lines that could not be read.
 */
export type Exposition = {samples: ExpositionSample[]; types: Record<string, MetricType>; help: Record<string, string>; errors: string[]};

/** Options of {@link parseExposition}. */
export type ParseExpositionOptions = {
	/** Stop after this many samples, with an error saying so. Default 200 000. */
	maxSamples?: number;
	/** Keep at most this many line errors, then one `…and K more`. Default 20. */
	maxErrors?: number;
};

const DEFAULT_MAX_SAMPLES = 200_000;
const DEFAULT_MAX_ERRORS = 20;
const BOM = 0xfeff;

/** Whether `text` from `index` on holds only spaces, tabs and line breaks. */
function isWhitespace(text: string, index: number): boolean {
	for (; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code !== 32 && code !== 9 && code !== 10 && code !== 13) return false;
	}
	return true;
}

/** A count option: a finite number ≥ 0 (rounded down), else the default. */
function limit(value: number | undefined, fallback: number): number {
	return typeof value === 'number' && value >= 0 && Number.isFinite(value) ? Math.floor(value) : fallback;
}

/**
 * Parses the Prometheus text format 0.0.4 as Prometheus 2.42 accepts it, also tolerating
 * OpenMetrics text (`# EOF` ends the input, exemplars after ` # ` are ignored, `_created` and
 * `# UNIT` lines are read as any sample or comment). A bad line is skipped and reported as
 * `line N: <reason>`. Never throws; one pass over the text, memory bounded by `maxSamples`.
 */
export function parseExposition(text: string, options: ParseExpositionOptions = {}): Exposition {
	const maxSamples = limit(options.maxSamples, DEFAULT_MAX_SAMPLES);
	const maxErrors = limit(options.maxErrors, DEFAULT_MAX_ERRORS);
	const exposition: Exposition = {samples: [], types: {}, help: {}, errors: []};
	let errorCount = 0;
	const report = (line: number, reason: string) => {
		if (errorCount++ < maxErrors) exposition.errors.push(`line ${line}: ${reason}`);
	};
	const input = typeof text === 'string' ? text : '';
	let line = 0;
	let ended: string | undefined;
	const reader = new SampleLineReader(input);
	try {
		let start = input.charCodeAt(0) === BOM ? 1 : 0;
		while (start <= input.length) {
			const newline = input.indexOf('\n', start);
			const lineEnd = newline === -1 ? input.length : newline;
			const end = lineEnd > start && input.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
			line++;
			const first = skipBlanks(input, start, end);
			if (first < end && input.charCodeAt(first) === HASH) {
				const meta = parseMetadataLine(input, first, end, exposition);
				if (meta === 'eof') {
					if (!isWhitespace(input, lineEnd)) report(line, 'content after "# EOF" ignored');
					break;
				}
				if (meta !== undefined) report(line, meta);
			} else if (first < end) {
				const sample = reader.read(first, end);
				if (sample === undefined) report(line, reader.error);
				else if (exposition.samples.length >= maxSamples) {
					ended = `sample limit of ${maxSamples} reached at line ${line}; the rest of the exposition was not read`;
					break;
				} else exposition.samples.push(sample);
			}
			if (newline === -1) break;
			start = newline + 1;
		}
	} catch (error) {
		// Nothing above should throw; if something does (an engine limit), keep what was read.
		ended = `parsing stopped at line ${line}: ${sanitizeText(error instanceof Error ? error.message : error, {maxLength: 200})}`;
	}
	if (errorCount > maxErrors) exposition.errors.push(`…and ${errorCount - maxErrors} more`);
	if (ended !== undefined) exposition.errors.push(ended);
	return exposition;
}
