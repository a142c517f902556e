import {alertStateWord} from '../model/alert-state.js';
import {distinguishingLabels} from '../model/alert-labels.js';
import {formatAge, formatNumber, formatSeconds, formatValue} from '../model/format.js';
import type {AppState, SystemSnapshot} from '../model/types.js';
import type {Profile} from '../profiles/types.js';
import {runbookFor} from '../runbooks/match.js';
import type {SourceProxy} from '../sources/proxy.js';
import {paneNote, upLine} from './text.js';
import {triageSection} from '../triage/note.js';
import {systemWarnings} from './warnings.js';

/** Escapes text for a markdown table cell. */
function cell(text: string): string {
	return text.replaceAll('\\', '\\\\').replaceAll('|', '\\|').replaceAll('`', '\\`');
}

function systemMarkdown(system: SystemSnapshot, window: string): string[] {
	const {agents, locks, queue, latency} = system;
	const lines = [`## ${cell(system.title)} (\`${system.profile}\`)`, '', `Targets: ${cell(upLine(system))}`, ''];
	lines.push('| pane | status | value |', '| --- | --- | --- |');
	const {table} = agents;
	const agentText = table
		? table.rows.map(row => `${row.name} (${table.columns.map((column, index) => `${column.name} ${formatValue(row.values[index], column.unit)}`).join(', ')})`).join(', ')
		: agents.items.map(agent => `${agent.name}: ${agent.state}`).join(', ');
	lines.push(`| Agents | ${agents.status} | ${cell(paneNote(agents) ?? agentText)} |`);
	const wait = locks.waitP95 === undefined ? '' : ` (acquire p95 ${formatSeconds(locks.waitP95)})`;
	lines.push(`| Locks | ${locks.status} | ${cell(paneNote(locks) ?? `${formatNumber(locks.total)} — ${locks.items.map(row => `${row.name} ${formatNumber(row.value)}`).join(', ')}${wait}`)} |`);
	const active = queue.active.length > 0 ? ` · active: ${queue.active.map(row => `${row.name} ${formatNumber(row.value)}`).join(', ')}` : '';
	lines.push(`| Queue | ${queue.status} | ${cell(paneNote(queue) ?? `${formatNumber(queue.depth)} — ${queue.items.map(row => `${row.name} ${formatNumber(row.value)}`).join(', ')}${active}`)} |`);
	lines.push('', `Latency over ${window}${paneNote(latency) ? `: ${cell(paneNote(latency)!)}` : ''}`, '');
	if (latency.items.length > 0) {
		lines.push('| histogram | p50 | p95 | p99 |', '| --- | ---: | ---: | ---: |');
		for (const row of latency.items) lines.push(`| ${cell(row.name)} | ${formatValue(row.p50, row.unit)} | ${formatValue(row.p95, row.unit)} | ${formatValue(row.p99, row.unit)} |`);
		lines.push('');
	}
	if (latency.ratios.length > 0) lines.push(latency.ratios.map(ratio => `${cell(ratio.name)}: **${formatValue(ratio.value, ratio.unit)}**`).join(' · '), '');
	for (const extra of system.extras) {
		lines.push(`### ${cell(extra.title)}`, '');
		if (extra.status !== 'ok') {
			lines.push(cell(paneNote(extra) ?? ''), '');
			continue;
		}
		lines.push(`| | ${extra.columns.map(column => cell(column.name)).join(' | ')} |`, `| --- |${extra.columns.map(() => ' ---: |').join('')}`);
		for (const row of extra.rows) lines.push(`| ${cell(row.name)} | ${row.values.map((value, index) => formatValue(value, extra.columns[index]!.unit)).join(' | ')} |`);
		lines.push('');
	}
	const warnings = systemWarnings(system);
	if (warnings.length > 0) lines.push('Warnings from the server:', '', ...warnings.map(warning => `- ${cell(warning)}`), '');
	return lines;
}

/** `--format markdown`: the same picture as tables, for an incident channel. `proxy`: the source line names the proxy in use. */
export function toMarkdown(state: AppState, profiles: readonly Profile[], at: Date, window: string, proxy?: SourceProxy): string {
	const lines = [`# agentmon snapshot — ${at.toISOString()}`, '', `Source: ${cell(state.source.url)}${proxy ? ` (${cell(proxy.note).replaceAll('*', '\\*')})` : ''}`, ''];
	if (state.connection.state === 'error') lines.push(`**Source error:** ${cell(state.connection.message)}`, '');
	if (state.detection.status === 'none') {
		lines.push(`**No known agent system found** among ${state.detection.metricCount} metric names. Most common prefixes: ${cell(state.detection.prefixes.map(item => `${item.prefix}_* (${item.count})`).join(', ') || 'none')}.`, '');
	}
	for (const system of state.systems) lines.push(...systemMarkdown(system, window));
	lines.push('## Alerts', '');
	// Alertmanager (or Prometheus' alerts) not answering while the other did: the list may be short.
	const alertWarnings = [...new Set(state.alerts.warnings)];
	if (alertWarnings.length > 0) lines.push(...alertWarnings.map(warning => `> ⚠ ${cell(warning)}`), '');
	if (state.alerts.status !== 'ok') lines.push(cell(paneNote(state.alerts) ?? ''), '');
	else if (state.alerts.items.length === 0) lines.push('No alerts firing or pending.', '');
	else {
		lines.push('| severity | state | alert | since | summary | runbook |', '| --- | --- | --- | --- | --- | --- |');
		const distinct = distinguishingLabels(state.alerts.items);
		for (const alert of state.alerts.items) {
			const which = distinct.get(alert.id) ? ` {${distinct.get(alert.id)}}` : '';
			const since = alert.activeAt === undefined ? '' : formatAge(at.getTime() - alert.activeAt);
			const runbook = runbookFor(alert, state, profiles)?.source ?? (alert.runbookUrl ? `[link](${alert.runbookUrl})` : '');
			lines.push(`| ${cell(alert.severity)} | ${alertStateWord(alert)} | ${cell(alert.name + which)} | ${since} | ${cell(alert.summary)} | ${runbook} |`);
		}
		lines.push('');
	}
	// For the incident channel: what to do about each firing alert, and what its checks say now.
	// Alerts someone silenced (or Alertmanager inhibits) are being handled: counted, not triaged again.
	const firing = state.alerts.items.filter(alert => alert.state === 'firing' && alert.silenced?.state !== 'suppressed');
	const held = state.alerts.items.filter(alert => alert.state === 'firing' && alert.silenced?.state === 'suppressed').length;
	const heldNote = held > 0 ? [`${held} firing alert${held === 1 ? ' is' : 's are'} suppressed in Alertmanager (silenced or inhibited) and left out here.`, ''] : [];
	if (firing.length > 0) lines.push('## Triage', '', ...heldNote, ...triageSection({state, profiles, alerts: firing, at}));
	return `${lines.join('\n')}\n`;
}
