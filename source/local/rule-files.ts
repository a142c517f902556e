import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {parse} from 'yaml';
import {z} from 'zod';
import {parseDuration} from '../config/duration.js';
import {sanitizeText} from '../model/sanitize.js';

/** One alerting rule of a Prometheus rule file, as agentmon evaluates it without a Prometheus. */
export type AlertRule = {
	readonly name: string;
	readonly expr: string;
	readonly forMs: number;
	readonly labels: Readonly<Record<string, string>>;
	readonly annotations: Readonly<Record<string, string>>;
	/** `file: group`, named in evaluation errors. */
	readonly origin: string;
	/** The rule's group and file, as `/api/v1/rules` names them (absent for rules made in code). */
	readonly group?: string;
	readonly file?: string;
};

/** A rule file that cannot be read or is not a Prometheus rule file; the message names the file. */
export class RuleFileError extends Error {
	override readonly name = 'RuleFileError';
}

const text = z.string().max(10_000);
const ruleSchema = z.object({
	alert: text.optional(),
	record: text.optional(),
	expr: z.union([text, z.number()]),
	for: text.optional(),
	labels: z.record(text, z.union([text, z.number(), z.boolean()])).optional(),
	annotations: z.record(text, z.union([text, z.number(), z.boolean()])).optional(),
});
const fileSchema = z.object({
	groups: z.array(z.object({name: text, interval: text.optional(), rules: z.array(ruleSchema).max(10_000)})).max(1000),
});

const clean = (record: Readonly<Record<string, string | number | boolean>> | undefined, maxLength: number) =>
	Object.fromEntries(Object.entries(record ?? {}).map(([key, value]) => [sanitizeText(key, {maxLength: 100}), sanitizeText(String(value), {maxLength})]));

/** Reads the alerting rules of a Prometheus rule file (recording rules are skipped). Throws RuleFileError. */
export function loadRuleFile(path: string): AlertRule[] {
	let document: unknown;
	try {
		document = parse(readFileSync(path, 'utf8'));
	} catch (error) {
		const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message.split('\n')[0] : 'unreadable');
		throw new RuleFileError(`cannot read the rule file ${path}: ${sanitizeText(reason, {maxLength: 200})}`);
	}
	const checked = fileSchema.safeParse(document);
	if (!checked.success) {
		const issue = checked.error.issues[0]!;
		// The path can hold a key of the file (a label name), so the message is sanitised like the rest.
		throw new RuleFileError(`${path}: ${sanitizeText(`${issue.path.join('.') || 'the file'}: ${issue.message}`, {maxLength: 300})}`);
	}
	const rules: AlertRule[] = [];
	for (const group of checked.data.groups) {
		// Shown in errors (stderr, the alerts pane): a name with ESC or BEL must not reach the terminal as such.
		const groupName = sanitizeText(group.name, {maxLength: 200});
		for (const [index, rule] of group.rules.entries()) {
			if (rule.alert === undefined) continue;
			const forMs = rule.for === undefined ? 0 : parseDuration(rule.for);
			if (forMs === undefined) throw new RuleFileError(`${path}: groups.${groupName}.rules.${index}.for: "${sanitizeText(rule.for, {maxLength: 40})}" is not a duration`);
			rules.push({
				name: sanitizeText(rule.alert, {maxLength: 200}),
				expr: String(rule.expr),
				forMs,
				labels: clean(rule.labels, 500),
				annotations: clean(rule.annotations, 2000),
				origin: `${path}: ${groupName}`,
				group: groupName,
				file: sanitizeText(path, {maxLength: 500}),
			});
		}
	}
	return rules;
}

/** The rule file shipped for a built-in system (`examples/<id>/alerts.yml`): the seed's own rules. */
export function builtInRuleFile(profileId: string): string {
	return fileURLToPath(new URL(`../../examples/${profileId}/alerts.yml`, import.meta.url));
}
