import {execFile} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';

const run = promisify(execFile);

/** Printed in the measuring terminal: each text from column 0, then a cursor position report read back. */
const MEASURE = `
import fs from 'node:fs';
const [input, output] = process.argv.slice(2);
const texts = JSON.parse(fs.readFileSync(input, 'utf8'));
process.stdin.setRawMode(true);
const ask = () => new Promise(resolve => {
	let buffer = '';
	const read = data => {
		buffer += data.toString();
		const match = /\\x1b\\[(\\d+);(\\d+)R/.exec(buffer);
		if (!match) return;
		process.stdin.off('data', read);
		resolve(Number(match[2]) - 1);
	};
	process.stdin.on('data', read);
	process.stdout.write('\\x1b[6n');
});
const columns = [];
for (const text of texts) {
	process.stdout.write('\\r\\x1b[2K' + text);
	columns.push(await ask());
}
fs.writeFileSync(output + '.part', JSON.stringify(columns));
fs.renameSync(output + '.part', output);
process.exit(0);
`;

/**
 * How many cells tmux draws each text in: each is printed from column 0 of a fresh tmux terminal (its
 * own server, as wide as `width`) and the cursor column read back. The truth a layout check needs for
 * emoji, whose widths differ between Ink's string-width and a terminal's wcwidth.
 */
export async function tmuxCellWidths(texts: readonly string[], width = 400): Promise<number[]> {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'agentmon-cells-'));
	const script = path.join(dir, 'measure.mjs');
	const input = path.join(dir, 'texts.json');
	const output = path.join(dir, 'columns.json');
	writeFileSync(script, MEASURE);
	writeFileSync(input, JSON.stringify(texts));
	const socket = `agentmon-cells-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
	const tmux = async (...args: string[]) => run('tmux', ['-L', socket, ...args], {env: {...process.env, TMUX: ''}});
	const quote = (part: string) => `'${part.replaceAll("'", "'\\''")}'`;
	await tmux('new-session', '-d', '-x', String(width), '-y', '10', ['env', 'TERM=xterm-256color', process.execPath, script, input, output].map(quote).join(' '));
	try {
		const deadline = Date.now() + 15_000;
		while (!existsSync(output)) {
			if (Date.now() > deadline) throw new Error('tmux never reported the cursor positions');
			await new Promise(resolve => setTimeout(resolve, 50));
		}
		return JSON.parse(readFileSync(output, 'utf8')) as number[];
	} finally {
		await tmux('kill-server').catch(() => undefined);
	}
}
