import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {SHOWN} from '../fixtures/hostile/payloads.js';
import {longUrl, runbookUrl} from '../fixtures/hostile/prometheus-api.js';
import {RUNBOOK_ALERT} from '../fixtures/hostile/runbook.js';
import {auditLayout} from '../fixtures/hostile/screen-layout.js';
import {auditTerminalBytes, describeFindings} from '../fixtures/hostile/terminal-bytes.js';
import {CLI} from '../helpers/agentmon.js';
import {sourceArgs, startHostileServer, type HostileServer} from '../helpers/hostile-server.js';
import {startRecordedTmux, type TmuxSession} from '../helpers/tmux.js';
import {waitFor} from '../helpers/wait-for.js';

// The dashboard in a real terminal (tmux) against a server whose every string is hostile: every byte
// agentmon writes is recorded and checked against the sequences Ink writes, the screen stays laid
// out, keys respond and q exits 0. `--once`: hostile.test.ts.

const WIDTH = 120;
const HEIGHT = 36;

let server: HostileServer;

beforeAll(async () => {
	server = await startHostileServer();
});
afterAll(async () => server?.close());

/** A TUI run in tmux whose raw output (every byte agentmon wrote) is recorded with `tmux pipe-pane`. */
type Recorded = {readonly session: TmuxSession; raw(): Buffer};

/** Starts agentmon in tmux, recording from before its first byte. */
async function startRecorded(args: readonly string[]): Promise<Recorded> {
	const session = await startRecordedTmux([process.execPath, CLI, ...args], {width: WIDTH, height: HEIGHT});
	return {session, raw: session.raw};
}

/** The screen is laid out: no line wider than the terminal, every box whole, at least `boxes` of them. */
function expectLaidOut(screen: string, boxes: number): void {
	const layout = auditLayout(screen, WIDTH);
	expect(layout.findings, `${describeFindings(layout.findings)}\n${screen}`).toEqual([]);
	expect(layout.boxes.length, screen).toBeGreaterThanOrEqual(boxes);
}

/** The selected row of the alerts pane. */
const selectedAlert = (screen: string) => screen.split('\n').find(line => line.startsWith('┃ › ')) ?? '';

/** Moves the selection down the alerts pane, a row at a time, to the first row matching `pattern`. */
async function selectAlert(session: TmuxSession, pattern: RegExp): Promise<void> {
	for (let step = 0; step < 40; step++) {
		const selected = selectedAlert(await session.capture());
		if (pattern.test(selected)) return;
		await session.keys('Down');
		await waitFor(async () => selectedAlert(await session.capture()) !== selected, {timeoutMs: 3000, intervalMs: 50, description: 'the selection to move'});
	}
	throw new Error(`no alert row matches ${String(pattern)}`);
}

/** `?` opens the help over the dashboard and closes it again: the keys still work. */
async function expectHelpResponds(session: TmuxSession, back: RegExp | string): Promise<void> {
	await session.keys('?');
	expectLaidOut(await session.waitFor('Keys (Esc or ? closes)', 5000), 1);
	await session.keys('Escape');
	await session.waitFor(back, 5000);
}

/** `q` exits 0; then every byte written is checked, and the links it drew must be among `links`. Returns the output and the links. */
async function expectCleanExit({session, raw}: Recorded, links: readonly string[] = []): Promise<{output: string; links: string[]}> {
	await session.keys('q');
	await session.waitFor(/\[exit \d+\]/, 5000);
	expect(await session.exitStatus()).toBe(0);
	// The pipe is read by tmux a moment after the pane: wait for the shell's line after agentmon's output.
	const bytes = await waitFor(() => (raw().includes('[exit 0]') ? raw() : undefined), {timeoutMs: 5000, intervalMs: 100, description: 'the recording'});
	const audit = auditTerminalBytes(bytes);
	expect(audit.findings, describeFindings(audit.findings)).toEqual([]);
	for (const link of audit.links) expect(links, `a link to ${link.slice(0, 100)}`).toContain(link);
	return {output: bytes.toString('utf8'), links: audit.links};
}

describe('agentmon in a terminal against a hostile server', () => {
	let recorded: Recorded | undefined;
	afterEach(async () => {
		await recorded?.session.kill();
		recorded = undefined;
	});

	it('--prometheus: panes, help, alert views and a fetched runbook stay laid out and emit no sequence', async () => {
		recorded = await startRecorded(sourceArgs(server)['--prometheus']);
		const {session} = recorded;
		let screen = await session.waitFor(new RegExp(`${RUNBOOK_ALERT}[\\s\\S]*Hostile\\d`), 15_000);
		for (const shown of [SHOWN.clear, SHOWN.bidi, SHOWN.c1]) expect(screen).toContain(shown);
		expectLaidOut(screen, 5);
		await expectHelpResponds(session, 'Latency');
		// The oldest critical alert comes first: its runbook is fetched from its (safe) runbook_url.
		await session.keys('Enter');
		screen = await session.waitFor(/Runbook.*Hostile runbook/, 10_000);
		expect(screen).toContain(SHOWN.title.slice('title:'.length));
		expectLaidOut(screen, 1);
		// Walking it: the step's detail holds every payload, a TAB and wide characters among them.
		await session.keys('Enter');
		expectLaidOut(await session.waitFor(/step 1 of \d+/, 5000), 1);
		// One key at a time: an Esc followed at once by another key reads as Alt+key.
		await session.keys('Escape');
		await session.waitFor('Enter walks them', 5000);
		await session.keys('Escape');
		await session.waitFor('Latency', 5000);
		await selectAlert(session, /LongLink/);
		await session.keys('Enter');
		// The breadcrumb: the summary alone is on the dashboard too.
		expectLaidOut(await session.waitFor('› alerts › LongLink', 5000), 1);
		await session.keys('Escape');
		await session.waitFor('Latency', 5000);
		const origin = new URL(server.metrics).origin;
		const {output, links} = await expectCleanExit(recorded, [runbookUrl(origin), longUrl(origin)]);
		expect(output).toContain(SHOWN.title);
		// Both safe runbook_urls were drawn as links, the one wider than the screen closed all the same.
		expect(new Set(links)).toEqual(new Set([runbookUrl(origin), longUrl(origin)]));
	}, 40_000);

	it('--prometheus --alertmanager: silenced and inhibited alerts, and who silenced them, stay inert', async () => {
		recorded = await startRecorded(sourceArgs(server)['--prometheus --alertmanager']);
		const {session} = recorded;
		expectLaidOut(await session.waitFor(/Alerts .*suppressed/, 15_000), 5);
		// Down to the first silenced alert: its view names the silence's author and comment.
		await selectAlert(session, /silenced/);
		await session.keys('Enter');
		const screen = await session.waitFor(`silenced by ${SHOWN.title}: `, 5000);
		expect(screen).toContain(SHOWN.clear);
		expectLaidOut(screen, 1);
		await session.keys('Escape');
		await session.waitFor('Latency', 5000);
		await expectHelpResponds(session, 'Latency');
		const origin = new URL(server.metrics).origin;
		await expectCleanExit(recorded, [runbookUrl(origin), longUrl(origin)]);
	}, 40_000);

	it.each([
		['--scrape', /Locks[\s\S]*\\x1b\[2J/],
		['--sse', /SSE live[\s\S]*\\x1b\[2J/],
	] as const)('%s: hostile label values, HELP text and stream data stay inert and laid out', async (name, ready) => {
		recorded = await startRecorded(sourceArgs(server)[name]);
		const screen = await recorded.session.waitFor(ready, 15_000);
		for (const shown of [SHOWN.bidi, SHOWN.c1]) expect(screen).toContain(shown);
		expectLaidOut(screen, 3);
		await expectHelpResponds(recorded.session, ready);
		await expectCleanExit(recorded);
	}, 40_000);

	it('hostile Prometheus errors in every pane, and a proxy page for the alerts, stay inert and laid out', async () => {
		recorded = await startRecorded(['--prometheus', server.prometheus('query-error')]);
		const screen = await recorded.session.waitFor(/✖ HTTP 422 execution[\s\S]*✖ HTTP 422[\s\S]*HTTP 502: 502 Bad Gateway \\x1b\]0;pwned/, 15_000);
		expect(screen).toContain(SHOWN.clear);
		expectLaidOut(screen, 4);
		await expectHelpResponds(recorded.session, 'Latency');
		await expectCleanExit(recorded);
	}, 40_000);

	it('100k series and 10k alerts: the dashboard draws, keys respond and q quits', async () => {
		recorded = await startRecorded(['--prometheus', server.prometheus('huge')]);
		const screen = await recorded.session.waitFor(/agent-\d+admin<U\+202E>[\s\S]*Flood\d+/, 20_000);
		expect(screen).not.toContain('HUGE-TAIL');
		expectLaidOut(screen, 5);
		await expectHelpResponds(recorded.session, 'Latency');
		await expectCleanExit(recorded);
	}, 40_000);
});
