import {sanitizeText} from '../model/sanitize.js';
import {expandTabs} from './expand-tabs.js';
import type {Runbook, RunbookCommand, RunbookSource, RunbookStep} from './types.js';

/** A runbook document that cannot be used; the message starts with `file:line:`. */
export class RunbookParseError extends Error {
	override readonly name = 'RunbookParseError';
}

/** Options of {@link parseRunbookMarkdown}. */
export type ParseRunbookOptions = {
	/** How errors name the document: a file path or a URL. */
	readonly file: string;
	/** The alertname the runbook is for. */
	readonly alert: string;
	readonly source: RunbookSource;
	/** Shown beside the runbook (the file or the URL); defaults to `file`. */
	readonly location?: string;
	/** A URL's `#fragment`: when a heading has this anchor, only its section is read. */
	readonly fragment?: string;
};

/** The longest document read (characters); the rest is cut before parsing. */
export const MAX_RUNBOOK_CHARS = 256 * 1024;
const MAX_STEPS = 50;

type Line = {readonly text: string; readonly number: number};

const HEADING_START = /^ {0,3}(#{1,6})\s+(.*)$/;

/**
 * A markdown heading: its level marks and its text without a closing run of `#`. Written without a
 * backtracking pattern: `(.*?)\s*#*\s*$` took cubic time on a heading with a long run of blanks,
 * and a runbook_url document is server text.
 */
function matchHeading(text: string): [string, string, string] | undefined {
	const match = HEADING_START.exec(text);
	if (!match) return undefined;
	let title = match[2]!.trimEnd();
	let end = title.length;
	while (end > 0 && title[end - 1] === '#') end--;
	// A closing run counts only after a blank (`# C#` keeps its `#`), or when the heading is only `#`s.
	if (end === 0 || /\s/.test(title[end - 1]!)) title = title.slice(0, end).trimEnd();
	return [match[0], match[1]!, title];
}
const NUMBERED = /^ {0,3}(\d{1,3})[.)]\s+(.*)$/;
const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)/;

/** GitHub's heading anchor: lower case, punctuation dropped, spaces as dashes. */
export function headingSlug(text: string): string {
	return text
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s_-]/gu, '')
		.trim()
		.replace(/\s/g, '-');
}

/**
 * Inline markdown a terminal cannot show: `**bold**`, `__bold__` and `[text](url)` become plain text.
 * A link's parts stop at the next bracket and are bounded, so hostile text (`ESC[` repeated) scans in linear time.
 */
function inline(text: string): string {
	return text
		.replace(/\*\*(.+?)\*\*/g, '$1')
		.replace(/__(.+?)__/g, '$1')
		.replace(/\[([^[\]\n]{1,300})\]\(([^()\s]{1,2000})\)/g, (_, label: string, url: string) => (label === url ? url : `${label} (${url})`));
}

const oneLine = (text: string, maxLength: number) => sanitizeText(inline(text).trim(), {maxLength});
const block = (text: string, maxLength: number) => sanitizeText(text, {singleLine: false, maxLength});

/** The lines of the section whose heading has the anchor `fragment`, or every line when none has. */
function section(lines: readonly Line[], fragment: string | undefined): readonly Line[] {
	if (!fragment) return lines;
	let wanted: string;
	try {
		wanted = decodeURIComponent(fragment).toLowerCase();
	} catch {
		// A fragment that is not valid percent-encoding (`#%`) is compared as written.
		wanted = fragment.toLowerCase();
	}
	let fenced = false;
	let start = -1;
	let level = 0;
	for (const [index, line] of lines.entries()) {
		if (FENCE.test(line.text)) fenced = !fenced;
		if (fenced) continue;
		const heading = matchHeading(line.text);
		if (!heading) continue;
		if (start === -1 && headingSlug(heading[2]!) === wanted) {
			start = index;
			level = heading[1]!.length;
		} else if (start !== -1 && heading[1]!.length <= level) {
			return lines.slice(start, index);
		}
	}
	return start === -1 ? lines : lines.slice(start);
}

/** A step being read: its title, paragraphs of detail and commands. */
type Draft = {title: string; paragraphs: string[][]; commands: RunbookCommand[]};

function finishStep(draft: Draft): RunbookStep {
	const detail = draft.paragraphs
		.filter(paragraph => paragraph.length > 0)
		.map(paragraph => paragraph.map(line => (/^[-*+]\s/.test(line) ? `\n${line}` : line)).join(' ').replace(/^\n/, '').replace(/ \n/g, '\n'))
		.join('\n');
	const cleanDetail = detail ? block(inline(detail), 4000) : '';
	return {title: oneLine(draft.title, 200), ...(cleanDetail ? {detail: cleanDetail} : {}), ...(draft.commands.length > 0 ? {commands: draft.commands} : {})};
}

/** `**Title.** more words` as a list item: the bold part is the title, the rest starts the detail. */
function splitBoldTitle(text: string): {title: string; rest: string} {
	const bold = /^\*\*(.+?)\*\*[.:]?\s*(.*)$/.exec(text);
	if (!bold || !bold[2]) return {title: text, rest: ''};
	return {title: bold[1]!.replace(/[.:]$/, ''), rest: bold[2]};
}

/**
 * Reads a runbook written in markdown: the title from the first heading, the summary from the first
 * paragraph, the steps from a numbered list (`1. Title`, the indented text under it as its detail)
 * and fenced code blocks (```` ```promql ````, ```` ```sh ````; any other language counts as sh)
 * attached to the step they follow. All text is sanitised. Throws RunbookParseError naming
 * `file:line` for a document that is not a runbook.
 */
export function parseRunbookMarkdown(text: string, options: ParseRunbookOptions): Runbook {
	const fail = (line: number, message: string): never => {
		throw new RunbookParseError(`${options.file}:${line}: ${message}`);
	};
	// Control characters become visible text before anything reads the document; LF (and CRLF) stay,
	// TABs become spaces (a terminal and Ink disagree on their width).
	const clean = expandTabs(block(text, MAX_RUNBOOK_CHARS));
	const lines = section(
		clean.split('\n').map((line, index) => ({text: line, number: index + 1})),
		options.fragment,
	);
	let title: string | undefined;
	const summary: string[] = [];
	let summaryDone = false;
	const steps: Draft[] = [];
	let fence: {marker: string; indent: number; lang: RunbookCommand['lang']; line: number; code: string[]; keep: boolean} | undefined;
	/** A heading after the steps ends the list: what follows it (notes, links) belongs to no step. */
	let closed = false;

	for (const line of lines) {
		const current = steps.at(-1);
		if (fence) {
			const closing = /^(\s*)(`{3,}|~{3,})\s*$/.exec(line.text);
			if (closing && closing[2]![0] === fence.marker[0] && closing[2]!.length >= fence.marker.length) {
				const code = block(fence.code.join('\n').replace(/^\n+|\s+$/g, ''), 4000);
				if (code && fence.keep) current!.commands.push({lang: fence.lang, code});
				fence = undefined;
			} else {
				fence.code.push(line.text.slice(Math.min(fence.indent, line.text.length - line.text.trimStart().length)));
			}
			continue;
		}
		const opening = FENCE.exec(line.text);
		if (opening) {
			if (!current) fail(line.number, 'a code block before the first numbered step; put it under the step it belongs to');
			const lang = opening[3]!.toLowerCase() === 'promql' ? 'promql' : 'sh';
			fence = {marker: opening[2]!, indent: opening[1]!.length, lang, line: line.number, code: [], keep: !closed};
			continue;
		}
		const heading = matchHeading(line.text);
		if (heading) {
			if (title === undefined) title = heading[2]!;
			else if (current) closed = true;
			if (summary.length > 0) summaryDone = true;
			continue;
		}
		const numbered = NUMBERED.exec(line.text);
		if (numbered) {
			if (!numbered[2]!.trim()) fail(line.number, `step ${steps.length + 1} has no title`);
			if (steps.length >= MAX_STEPS) fail(line.number, `more than ${MAX_STEPS} steps`);
			const {title: stepTitle, rest} = splitBoldTitle(numbered[2]!.trim());
			steps.push({title: stepTitle, paragraphs: [rest ? [rest] : []], commands: []});
			closed = false;
			continue;
		}
		const trimmed = line.text.trim();
		if (!current) {
			if (!trimmed) {
				if (summary.length > 0) summaryDone = true;
			} else if (!summaryDone) summary.push(trimmed);
			continue;
		}
		if (closed) continue;
		if (!trimmed) current.paragraphs.push([]);
		else current.paragraphs.at(-1)!.push(trimmed);
	}
	if (fence) fail(fence.line, `the code block opened here is never closed (${fence.marker})`);
	if (steps.length === 0) fail(lines[0]?.number ?? 1, 'no numbered steps: a runbook needs a list such as "1. Check the error rate"');

	let shownTitle = oneLine(title ?? options.alert, 200) || options.alert;
	let summaryText = summary.join(' ');
	// The generated docs/runbooks files head each section with the alertname and open it with `**Title.**`.
	const lead = /^\*\*(.+?)\.?\*\*\s*(.*)$/.exec(summaryText);
	if (lead && shownTitle.toLowerCase() === options.alert.toLowerCase()) {
		shownTitle = oneLine(lead[1]!, 200);
		summaryText = lead[2]!;
	}
	return {
		alert: options.alert,
		title: shownTitle,
		summary: oneLine(summaryText, 1000),
		steps: steps.map(finishStep),
		source: options.source,
		location: options.location ?? options.file,
	};
}
