import {readFileSync} from 'node:fs';
import {parse} from 'yaml';
import {z} from 'zod';
import {sanitizeText} from '../model/sanitize.js';
import {defaultConfigPath} from './config-path.js';

const context = z.strictObject({
	prometheus: z.string().optional(),
	alertmanager: z.string().optional(),
	profile: z.string().optional(),
	interval: z.string().optional(),
	window: z.string().optional(),
	timeout: z.string().optional(),
	'bearer-token-file': z.string().optional(),
	'basic-auth-user': z.string().optional(),
	'basic-auth-password-file': z.string().optional(),
	'ca-file': z.string().optional(),
	'cert-file': z.string().optional(),
	'key-file': z.string().optional(),
	'insecure-skip-verify': z.boolean().optional(),
	'http-config-file': z.string().optional(),
	runbooks: z.string().optional(),
	headers: z.record(z.string(), z.string()).optional(),
});

const configFile = z.strictObject({
	'current-context': z.string().optional(),
	/** Key remaps: command id → key or keys (see source/keys/key-map.ts). */
	keys: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
	contexts: z.record(z.string(), context).default({}),
});

/** One named context of the config file: flag values by flag name (kebab-case), headers apart. */
export type ContextValues = z.infer<typeof context>;

/** What the command line asks of the config file. */
export type ContextRequest = {readonly file?: string; readonly name?: string};

/** The context to use (none when there is no file and none was asked for), or why not. */
export type ContextResult =
	| {readonly values?: ContextValues; readonly name?: string; readonly keys?: Readonly<Record<string, string | readonly string[]>>; readonly file?: string}
	| {readonly error: string};


/**
 * Reads the config file and picks a context: `--context NAME`, else the file's `current-context`.
 * A missing default file is fine; a missing `--config` file, bad YAML, a misspelt field or an
 * unknown context is an error naming the file and the field.
 */
export function loadContext(request: ContextRequest, env: NodeJS.ProcessEnv): ContextResult {
	const file = request.file ?? defaultConfigPath(env);
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (request.file === undefined && code === 'ENOENT') {
			return request.name === undefined ? {} : {error: `--context ${request.name}: there is no config file (${file})`};
		}
		return {error: `${file}: cannot read it (${code ?? 'error'})`};
	}
	let raw: unknown;
	try {
		raw = parse(text, {maxAliasCount: 100}) ?? {};
	} catch (error) {
		return {error: `${file}: not valid YAML: ${sanitizeText((error as Error).message.split('\n')[0], {maxLength: 200})}`};
	}
	const result = configFile.safeParse(raw);
	if (!result.success) {
		const issue = result.error.issues[0]!;
		return {error: `${file}: ${issue.path.map(String).join('.') || '(top level)'}: ${sanitizeText(issue.message, {maxLength: 200})}`};
	}
	const keys = result.data.keys;
	const name = request.name ?? result.data['current-context'];
	if (name === undefined) return {keys, file};
	const values = result.data.contexts[name];
	if (values === undefined) {
		const known = Object.keys(result.data.contexts);
		return {error: `${file}: no context "${sanitizeText(name, {maxLength: 80})}"; contexts: ${known.length > 0 ? known.join(', ') : 'none'}`};
	}
	return {values, name, keys, file};
}
