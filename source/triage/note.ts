import {alertStateWord, alertValueText, suppressionText} from '../model/alert-state.js';
import {formatAge, formatNumber} from '../model/format.js';
import type {AlertItem, AppState} from '../model/types.js';
import type {Profile} from '../profiles/types.js';
import {checkOfCommand, checkOutcome} from '../runbooks/checks.js';
import {runbookFor} from '../runbooks/match.js';
import type {Runbook} from '../runbooks/types.js';
import {doneCount, isDone, type DoneSteps} from './done-steps.js';

/** What a triage note or section is written from. */
export type TriageInput = {
	readonly state: AppState;
	readonly profiles: readonly Profile[];
	/** The alerts to write about, in screen order. */
	readonly alerts: readonly AlertItem[];
	readonly at: Date;
	/** Steps marked done in the UI; `--once` has none. */
	readonly done?: DoneSteps;
};

/** Inline code that survives any backticks inside it. */
function code(text: string): string {
	const fence = text.includes('`') ? '``' : '`';
	return `${fence}${text.includes('`') ? ` ${text} ` : text}${fence}`;
}

/** Where a runbook came from, as the views say it. */
export function runbookOrigin(runbook: Runbook): string {
	if (runbook.source === 'url') return `from ${runbook.location ?? 'runbook_url'}`;
	if (runbook.source === 'directory') return `from ${runbook.location ?? 'the runbooks directory'}`;
	return runbook.source;
}

function runbookLines(alert: AlertItem, runbook: Runbook, input: TriageInput): string[] {
	const {done, state} = input;
	const progress = done === undefined ? '' : ` — ${doneCount(done, alert.id, runbook.steps.length)}/${runbook.steps.length} done`;
	const lines = [`**Runbook** (${runbookOrigin(runbook)}): ${runbook.title}${progress}`, ''];
	for (const [index, step] of runbook.steps.entries()) {
		const mark = done === undefined ? '' : isDone(done, alert.id, index) ? '[x] ' : '[ ] ';
		lines.push(`${index + 1}. ${mark}${step.title}`);
		for (const command of step.commands ?? []) {
			const spec = checkOfCommand(step, command);
			lines.push(`   \`\`\`${command.lang}`, ...command.code.split('\n').map(line => `   ${line}`), '   ```');
			if (spec) lines.push(`   → ${checkOutcome(spec, state.checks?.[spec.query]).text}`);
		}
	}
	lines.push('');
	return lines;
}

function alertLines(alert: AlertItem, input: TriageInput): string[] {
	const {state, profiles, at} = input;
	const since = alert.activeAt === undefined ? '' : ` for ${formatAge(at.getTime() - alert.activeAt)} (since ${new Date(alert.activeAt).toISOString()})`;
	const labels = Object.entries(alert.labels)
		.filter(([key]) => key !== 'alertname')
		.map(([key, value]) => `${key}=${value}`)
		.join(' ');
	const lines = [`### ${alert.name} — ${alertStateWord(alert)}${since}`, ''];
	lines.push(`- severity ${alert.severity}, value ${alertValueText(alert.value)}${alert.origin === 'local-rule' ? ' (local rule: evaluated by agentmon)' : ''}`);
	if (alert.summary) lines.push(`- ${alert.summary}`);
	if (alert.silenced?.state === 'suppressed') lines.push(`- ${suppressionText(alert.silenced)}`);
	if (labels) lines.push(`- labels ${code(labels)}`);
	if (alert.runbookUrl) lines.push(`- runbook_url ${alert.runbookUrl}`);
	if (alert.generatorUrl) lines.push(`- generatorURL ${alert.generatorUrl}`);
	lines.push('');
	const runbook = runbookFor(alert, state, profiles);
	if (runbook) lines.push(...runbookLines(alert, runbook, input));
	else {
		const fetched = alert.runbookUrl === undefined ? undefined : state.runbooks?.urls[alert.runbookUrl];
		const why = fetched?.state === 'skipped' ? `: runbook_url ${fetched.reason}` : fetched?.state === 'error' ? `: runbook_url: ${fetched.message}` : '';
		lines.push(`No runbook${why}.`, '');
	}
	return lines;
}

/** The triage part for some alerts: each with its labels, value, state and age, its runbook's steps and their live checks. */
export function triageSection(input: TriageInput): string[] {
	if (input.alerts.length === 0) return ['No alerts firing.', ''];
	return input.alerts.flatMap(alert => alertLines(alert, input));
}

/** A whole triage note (`w`): when, from where, then the alerts on screen and their runbooks. */
export function triageNote(input: TriageInput): string {
	const {state, at} = input;
	const lines = [
		`# agentmon triage note — ${at.toISOString()}`,
		'',
		`- written ${at.toISOString()} by agentmon`,
		`- source ${state.source.url} (${state.source.kind})`,
		`- data from ${state.updatedAt === undefined ? 'no refresh yet' : new Date(state.updatedAt).toISOString()}${state.paused ? ' (paused)' : ''}`,
		'',
		'## Alerts',
		'',
		...triageSection(input),
	];
	return `${lines.join('\n').trimEnd()}\n`;
}
