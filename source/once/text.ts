import {distinguishingLabels} from '../model/alert-labels.js';
import {alertStateWord, countAlerts} from '../model/alert-state.js';
import {formatAge, formatNumber, formatSeconds, formatValue} from '../model/format.js';
import type {AppState, PaneBase, SystemSnapshot, TablePane} from '../model/types.js';
import type {Profile} from '../profiles/types.js';
import {runbookFor} from '../runbooks/match.js';
import type {SourceProxy} from '../sources/proxy.js';
import {systemWarnings} from './warnings.js';

/** What a pane says instead of data when it has none (or a marker when its data is stale). */
export function paneNote(pane: PaneBase): string | undefined {
	if (pane.status === 'ok') return undefined;
	if (pane.status === 'error') return pane.stale ? `stale: ${pane.message}` : `error: ${pane.message}`;
	if (pane.status === 'no-data') return `no data (${pane.message})`;
	return pane.message;
}

/** The up line: which scrape targets of the system are up. */
export function upLine(system: SystemSnapshot): string {
	const {up} = system;
	if (up.status === 'missing') return `no scrape target found (looked for ${up.describe})`;
	if (up.status === 'unknown') return 'target state unknown';
	return up.targets.map(target => `${target.instance} ${target.up ? 'up' : 'DOWN'}`).join(', ');
}

/** Table rows as aligned lines: the name padded to the longest, then each column's name and value. */
function tableLines(table: TablePane): string[] {
	const width = Math.max(...table.rows.map(row => row.name.length));
	return table.rows.map(row => `    ${row.name.padEnd(width)}  ${table.columns.map((column, index) => `${column.name} ${formatValue(row.values[index], column.unit)}`).join('  ')}`);
}

const list = (rows: ReadonlyArray<{name: string; value: number}>) => rows.map(row => `${row.name} ${formatNumber(row.value)}`).join(', ');

function systemText(system: SystemSnapshot, window: string): string[] {
	const {agents, locks, queue, latency} = system;
	const lines = [`${system.title} [${system.profile}] — targets: ${upLine(system)}`];
	const okAgents = agents.items.filter(agent => agent.level === 'ok').length;
	const {table} = agents;
	if (table) {
		lines.push(`  Agents: ${paneNote(agents) ?? `${okAgents}/${agents.items.length} ok`}`);
		lines.push(...tableLines(table));
	} else {
		lines.push(`  Agents: ${paneNote(agents) ?? `${okAgents}/${agents.items.length} available — ${agents.items.map(agent => `${agent.name} ${agent.state}`).join(', ')}`}`);
	}
	const wait = locks.waitP95 === undefined ? '' : ` · acquire p95 ${formatSeconds(locks.waitP95)}`;
	lines.push(`  Locks: ${paneNote(locks) ?? `total ${formatNumber(locks.total)} — ${list(locks.items)}${wait}`}`);
	const active = queue.active.length > 0 ? ` · active: ${list(queue.active)}` : '';
	lines.push(`  Queue: ${paneNote(queue) ?? `depth ${formatNumber(queue.depth)} — ${list(queue.items)}${active}`}`);
	const note = paneNote(latency);
	lines.push(`  Latency (window ${window}): ${note ?? ''}`.trimEnd());
	const latencyWidth = Math.max(12, ...latency.items.map(row => row.name.length));
	for (const row of latency.items) {
		lines.push(`    ${row.name.padEnd(latencyWidth)} p50 ${formatValue(row.p50, row.unit).padStart(7)}  p95 ${formatValue(row.p95, row.unit).padStart(7)}  p99 ${formatValue(row.p99, row.unit).padStart(7)}`);
	}
	if (latency.ratios.length > 0) lines.push(`    ${latency.ratios.map(ratio => `${ratio.name} ${formatValue(ratio.value, ratio.unit)}`).join(' · ')}`);
	for (const extra of system.extras) {
		lines.push(`  ${extra.title}: ${paneNote(extra) ?? ''}`.trimEnd());
		lines.push(...tableLines(extra));
	}
	for (const warning of systemWarnings(system)) lines.push(`  warning from the server — ${warning}`);
	return lines;
}

/** `--format text`: a picture a person pastes into a chat. `proxy`: the source line says which proxy its requests go through. */
export function toText(state: AppState, profiles: readonly Profile[], at: Date, window: string, proxy?: SourceProxy): string {
	const lines = [`agentmon — ${state.source.url}${proxy ? ` (${proxy.note})` : ''} — ${at.toISOString()}`];
	if (state.connection.state === 'error') lines.push(`SOURCE ERROR: ${state.connection.message}`);
	if (state.detection.status === 'none') {
		lines.push(`No known agent system found among ${state.detection.metricCount} metric names. Most common prefixes: ${state.detection.prefixes.map(item => `${item.prefix}_* (${item.count})`).join(', ') || 'none'}.`);
		lines.push('Use --profile ID to force a built-in profile, or --profile ./my-system.yaml for another system.');
	}
	for (const system of state.systems) lines.push(...systemText(system, window));
	const {alerts} = state;
	const {firing, pending, suppressed} = countAlerts(alerts.items);
	lines.push(`Alerts: ${paneNote(alerts) ?? `${firing.length} firing, ${pending} pending${suppressed > 0 ? `, ${suppressed} suppressed in Alertmanager` : ''}`}`);
	const distinct = distinguishingLabels(alerts.items);
	for (const alert of alerts.items) {
		const which = distinct.get(alert.id) ? ` {${distinct.get(alert.id)}}` : '';
		const age = alert.activeAt === undefined ? '' : ` for ${formatAge(at.getTime() - alert.activeAt)}`;
		const source = runbookFor(alert, state, profiles)?.source;
		const runbook = source ? ` [runbook: ${source}]` : '';
		const local = `${alert.origin === 'local-rule' ? ' (local rule)' : ''}${alert.silenced?.state === 'suppressed' ? ` (${alertStateWord(alert)})` : ''}`;
		lines.push(`  ${alert.severity.toUpperCase()} ${alert.state}${age} ${alert.name}${which}${local} — ${alert.summary || alert.description || '(no summary)'}${runbook}`);
	}
	for (const warning of new Set(alerts.warnings)) lines.push(`  warning — ${warning}`);
	return `${lines.join('\n')}\n`;
}
