import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {CLI} from '../helpers/agentmon.js';
import {startTmux, type TmuxSession} from '../helpers/tmux.js';
import {tmuxCellWidths} from '../helpers/tmux-cells.js';

/**
 * Emoji in label values, in a real terminal: Ink lays rows out with string-width, tmux draws them
 * with wcwidth, and where the two disagree (variation selectors, keycaps, skin tones, regional
 * indicators that are no flag, pictographs newer than the terminal) a row pushes its pane's right
 * border out of line. The sanitiser makes both agree; here every border column is checked as tmux
 * itself puts it.
 */

const WIDTH = 120;
/** Agent names, each with emoji that once shifted its row (see sanitize.ts). */
const AGENTS = ['cloud ☁️', 'love ❤️', 'warn ⚠️', 'key 1️⃣', 'dev 👩‍💻', 'flag 🇺🇸', 'noflag 🇦🇦', 'thumb 👍🏽', 'shake 🫨', 'rainbow 🏳️‍🌈'];
const PRIORITIES = ['high 🔥', 'low ✔️', 'keycap #️⃣'];

function exposition(): string {
	const escape = (value: string) => value.replaceAll('\\', '\\\\').replaceAll('"', '\\"');
	return [
		'# TYPE coordination_server_agent_availability gauge',
		...AGENTS.map((agent, index) => `coordination_server_agent_availability{agent="${escape(agent)}",state="${index % 2 ? 'busy' : 'available'}"} 1`),
		'# TYPE coordination_server_active_locks gauge',
		...AGENTS.map((agent, index) => `coordination_server_active_locks{agent="${escape(agent)}"} ${index + 1}`),
		'# TYPE coordination_server_pending_tasks gauge',
		...PRIORITIES.map((priority, index) => `coordination_server_pending_tasks{priority="${escape(priority)}"} ${index + 2}`),
		'',
	].join('\n');
}

let server: http.Server;
let url: string;
let session: TmuxSession | undefined;

beforeAll(async () => {
	server = http.createServer((_request, response) => response.writeHead(200, {'Content-Type': 'text/plain; version=0.0.4; charset=utf-8'}).end(exposition()));
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
});

afterAll(async () => {
	await session?.kill();
	server.closeAllConnections();
	await new Promise(resolve => server.close(resolve));
});

const BORDER = new Set('│┃╭╮╰╯┏┓┗┛');

/** The tmux columns of every border character of each line, measured by printing the line up to it. */
async function borderColumns(lines: readonly string[]): Promise<number[][]> {
	const prefixes: Array<[number, string]> = [];
	for (const [row, line] of lines.entries()) {
		const chars = [...line];
		for (const [index, char] of chars.entries()) if (BORDER.has(char)) prefixes.push([row, chars.slice(0, index).join('')]);
	}
	const columns = await tmuxCellWidths(prefixes.map(([, prefix]) => prefix));
	const byRow: number[][] = lines.map(() => []);
	for (const [index, [row]] of prefixes.entries()) byRow[row]!.push(columns[index]!);
	return byRow;
}

describe('emoji in label values, in tmux', () => {
	it('keep every row of the agents, locks and queue panes inside borders in line', async () => {
		session = await startTmux([process.execPath, CLI, '--scrape', url, '--profile', 'coordination-server', '--interval', '1s'], {width: WIDTH, height: 36});
		const screen = await session.waitFor(/rainbow[\s\S]*Latency/, 20_000);
		const lines = screen.split('\n');
		// A row wider in the terminal than Ink thought wraps and scrolls the header off the top.
		expect(lines[0], screen).toMatch(/^agentmon › /);
		const top = lines.findIndex(line => line.startsWith('╭') || line.startsWith('┏'));
		const bottom = lines.findIndex((line, row) => row > top && (line.startsWith('╰') || line.startsWith('┗')));
		expect(top, screen).toBeGreaterThanOrEqual(0);
		const rows = lines.slice(top, bottom + 1);
		// The rows under test are there, with what the sanitiser made of their emoji.
		for (const shown of ['cloud ☁', 'key 1<U+20E3>', 'dev 👩<U+200D>💻', 'noflag <U+1F1E6><U+1F1E6>', 'thumb 👍', 'shake <U+1FAE8>', 'high 🔥', 'low ✔']) expect(screen).toContain(shown);
		const columns = await borderColumns(rows);
		const expected = columns[0]!;
		expect(expected.length, screen).toBeGreaterThanOrEqual(6);
		for (const [index, row] of columns.entries()) expect(row, `row ${top + index}: ${rows[index]}\n${screen}`).toEqual(expected);
		expect(expected.at(-1)).toBe(WIDTH - 1);
	}, 40_000);
});
