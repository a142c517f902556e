import {describe, expect, it} from 'vitest';
import {sanitizeText} from '../../source/model/sanitize.js';
import {INVALID_UTF8, PAYLOADS} from '../fixtures/hostile/payloads.js';
import {auditLayout} from '../fixtures/hostile/screen-layout.js';
import {auditTerminalBytes, forbiddenCharacter} from '../fixtures/hostile/terminal-bytes.js';

// The checks hostile.test.ts relies on, checked themselves: what Ink writes passes, each attack is caught.

const ESC = '\u001B';
/** A frame as Ink and agentmon write it: alternate screen, hidden cursor, synchronised update, erase, SGR, a link, CRLF from the tty. */
const INK_FRAME = [
	`${ESC}[?1049h${ESC}[?25l${ESC}[?2026h`,
	`${ESC}[2K${ESC}[1A${ESC}[2K${ESC}[G`,
	`${ESC}[1m${ESC}[38;5;208m╭──╮${ESC}[39m${ESC}[22m\r\n`,
	'│ok│ 監視 ',
	`${ESC}]8;;https://runbooks.example/a?b=%1B%07\u0007runbook${ESC}]8;;\u0007\r\n`,
	`${ESC}[2J${ESC}[3J${ESC}[H${ESC}[K${ESC}[2B${ESC}[E`,
	`${ESC}[?2026l${ESC}[0m${ESC}[?25h${ESC}[?1049l[exit 0]\r\n`,
].join('');

const audit = (text: string | Uint8Array) => auditTerminalBytes(typeof text === 'string' ? Buffer.from(text) : text);

describe('auditTerminalBytes', () => {
	it('passes what Ink writes, and lists the links', () => {
		expect(audit(INK_FRAME)).toEqual({findings: [], links: ['https://runbooks.example/a?b=%1B%07']});
	});

	// Not `clear` and `colour`: Ink writes those sequences itself (the screen checks catch them in server text);
	// not `surrogate`: UTF-8 cannot carry a lone surrogate (Node writes U+FFFD).
	const caughtRaw = Object.entries(PAYLOADS).filter(([name]) => !['wide', 'markdown', 'clear', 'colour', 'surrogate'].includes(name));
	it.each(caughtRaw)('catches the %s payload written raw', (_, payload) => {
		expect(audit(`${INK_FRAME}${payload}\r\n`).findings).not.toEqual([]);
	});

	it.each([
		['a cursor position', `${ESC}[10;10H`],
		['a scroll region', `${ESC}[1;5r`],
		['a link to javascript:', `${ESC}]8;;javascript:alert(1)\u0007x${ESC}]8;;\u0007`],
		['an ST-terminated link', `${ESC}]8;;https://ok.example${ESC}\\x`],
		['a link left open', `${ESC}]8;;https://ok.example\u0007x\r\nnext line`],
		['a full reset', `${ESC}c`],
		['a bare CR', 'FAKE\rreal'],
		['a TAB', 'a\tb'],
		['a Hangul filler', 'x\u3164y'],
		['a tag character', 'x\u{E0041}y'],
		['bytes that are not UTF-8', INVALID_UTF8],
	])('catches %s', (_, bytes) => {
		expect(audit(typeof bytes === 'string' ? `${INK_FRAME}${bytes}` : Buffer.concat([Buffer.from(INK_FRAME), bytes])).findings).not.toEqual([]);
	});
});

describe('auditLayout', () => {
	const box = (rows: string[]) => ['╭────╮', ...rows, '╰────╯'].join('\n');

	it('finds whole boxes, counting a wide character as two cells', () => {
		expect(auditLayout(`${box(['│ab  │', '│監視│'])}\n`, 10)).toEqual({boxes: [{top: 0, bottom: 3, left: 0, right: 5}], findings: []});
	});

	it('reports a moved border, a missing corner and a line wider than the terminal', () => {
		expect(auditLayout(box(['│ab   │']), 10).findings).not.toEqual([]);
		expect(auditLayout('╭────╮\n│ab  │\n', 10).findings).not.toEqual([]);
		expect(auditLayout('x'.repeat(11), 10).findings).not.toEqual([]);
	});
});

describe('the payloads', () => {
	it.each(Object.entries(PAYLOADS).filter(([name]) => name !== 'wide' && name !== 'markdown'))('%s is caught raw and harmless once sanitised', (_, payload) => {
		expect(forbiddenCharacter(payload)).toBeDefined();
		expect(forbiddenCharacter(sanitizeText(payload))).toBeUndefined();
		expect(audit(sanitizeText(payload)).findings).toEqual([]);
	});
});
