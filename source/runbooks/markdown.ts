import type {Profile} from '../profiles/types.js';
import type {Runbook} from './types.js';

function runbookMarkdown(runbook: Runbook): string[] {
	const lines = [`## ${runbook.alert}`, '', `**${runbook.title}.** ${runbook.summary}`, ''];
	for (const [index, step] of runbook.steps.entries()) {
		lines.push(`${index + 1}. **${step.title}**${step.detail ? ` ${step.detail}` : ''}`);
		for (const command of step.commands ?? []) lines.push('', `   \`\`\`${command.lang}`, ...command.code.split('\n').map(line => `   ${line}`), '   ```');
		lines.push('');
	}
	return lines;
}

/**
 * The built-in runbooks of a profile as one markdown document, one `## AlertName` section each,
 * so the `runbook_url` annotations of the example rules (…/<profile>.md#<alertname>) lead somewhere.
 */
export function profileRunbooksMarkdown(profile: Profile): string {
	const lines = [
		`# Runbooks: ${profile.title}`,
		'',
		`The built-in runbooks of agentmon's \`${profile.id}\` profile, one section per alert rule. agentmon shows the same steps in its alert view; this file is generated from them (\`npm run docs\`), do not edit it by hand.`,
		'',
	];
	for (const runbook of profile.runbooks) lines.push(...runbookMarkdown(runbook));
	return `${lines.join('\n').trimEnd()}\n`;
}
