import {readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {parse} from 'yaml';
import {z} from 'zod';
import {sanitizeText} from '../model/sanitize.js';
import {defaultConfigPath} from './config-path.js';

/** How to reach one server: the connection flags by name (kebab-case), headers apart. */
const connectionFields = {
	'bearer-token-file': z.string().optional(),
	'basic-auth-user': z.string().optional(),
	'basic-auth-password-file': z.string().optional(),
	'ca-file': z.string().optional(),
	'cert-file': z.string().optional(),
	'key-file': z.string().optional(),
	'insecure-skip-verify': z.boolean().optional(),
	'http-config-file': z.string().optional(),
	headers: z.record(z.string(), z.string()).optional(),
};
const connection = z.strictObject(connectionFields);
const oneOrMore = z.union([z.string(), z.array(z.string())]);

const context = z.strictObject({
	prometheus: z.string().optional(),
	alertmanager: z.string().optional(),
	scrape: oneOrMore.optional(),
	sse: z.string().optional(),
	rules: oneOrMore.optional(),
	profile: z.string().optional(),
	interval: z.string().optional(),
	window: z.string().optional(),
	timeout: z.string().optional(),
	runbooks: z.string().optional(),
	...connectionFields,
	/** A source's own connection, instead of the one above: `connections: {alertmanager: {bearer-token-file: …}}`. */
	connections: z.strictObject({prometheus: connection.optional(), alertmanager: connection.optional(), sse: connection.optional(), scrape: connection.optional()}).optional(),
});

const configFile = z.strictObject({
	'current-context': z.string().optional(),
	/** Key remaps: command id → key or keys (see source/keys/key-map.ts). */
	keys: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
	contexts: z.record(z.string(), context).default({}),
});

/** One named context of the config file: flag values by flag name (kebab-case), headers apart; file paths absolute. */
export type ContextValues = z.infer<typeof context>;
/** A connection of a context (top level, or one source's). */
export type ContextConnection = z.infer<typeof connection>;

const PATH_FIELDS = ['bearer-token-file', 'basic-auth-password-file', 'ca-file', 'cert-file', 'key-file', 'http-config-file', 'runbooks'] as const;

/** `~/x` from the home directory, a relative path from the config file's directory (as kubectl reads a kubeconfig). */
function resolvePath(file: string, value: string): string {
	if (value === '~' || value.startsWith('~/')) return path.join(os.homedir(), value.slice(1));
	return path.resolve(path.dirname(file), value);
}

function withPaths<T extends Partial<Record<(typeof PATH_FIELDS)[number], string>>>(file: string, values: T): T {
	const result: Record<string, unknown> = {...values};
	for (const field of PATH_FIELDS) if (typeof values[field] === 'string') result[field] = resolvePath(file, values[field]);
	return result as T;
}

/** The context with every file path it names made absolute. */
function resolvePaths(file: string, values: ContextValues): ContextValues {
	const result = withPaths(file, values);
	if (values.rules !== undefined) result.rules = [values.rules].flat().map(rule => resolvePath(file, rule));
	if (values.connections) {
		result.connections = Object.fromEntries(Object.entries(values.connections).map(([source, connection]) => [source, connection && withPaths(file, connection)]));
	}
	return result;
}

/** What the command line asks of the config file. */
export type ContextRequest = {readonly file?: string; readonly name?: string};

/** The context to use (none when there is no file and none was asked for), or why not. */
export type ContextResult =
	| {readonly values?: ContextValues; readonly name?: string; readonly keys?: Readonly<Record<string, string | readonly string[]>>; readonly file?: string}
	| {readonly error: string};


/**
 * Reads the config file and picks a context: `--context NAME`, else the file's `current-context`.
 * A missing default file is fine; a missing `--config` file, bad YAML, a misspelt field or an
 * unknown context is an error naming the file and the field. Relative file paths in a context are
 * relative to the config file, `~/` to the home directory.
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
	return {values: resolvePaths(file, values), name, keys, file};
}
