import type {ContextConnection} from './config-file.js';
import {headersProblem} from './header-check.js';
import {CONNECTION_SOURCES, type ConnectionConfig, type ConnectionSource, type SourceConnection} from './config.js';

/** The connection settings as named on the command line or in a context (file paths already absolute). */
export type ConnectionValues = {
	readonly bearerTokenFile?: string;
	readonly basicAuthUser?: string;
	readonly basicAuthPasswordFile?: string;
	readonly caFile?: string;
	readonly certFile?: string;
	readonly keyFile?: string;
	readonly insecureSkipVerify?: boolean;
	readonly headers?: Readonly<Record<string, string>>;
};

/** Names a setting in a message: `--ca-file`, or `config.yaml: contexts.prod.connections.alertmanager.ca-file`. */
export type Namer = (field: string) => string;

/**
 * A connection checked for settings that cannot go together; the message starts with `prefix` and
 * names them as `name` does. Returns the connection, or the message.
 */
export function checkedConnection(values: ConnectionValues, name: Namer, prefix = ''): ConnectionConfig | string {
	if (values.basicAuthPasswordFile !== undefined && values.basicAuthUser === undefined) return `${prefix}${name('basic-auth-password-file')} needs ${name('basic-auth-user')}.`;
	if ((values.certFile === undefined) !== (values.keyFile === undefined)) return `${prefix}${name('cert-file')} and ${name('key-file')} go together.`;
	if (values.basicAuthUser !== undefined && values.bearerTokenFile !== undefined) return `${prefix}use either basic auth or a bearer token, not both.`;
	return {
		headers: {...values.headers},
		bearerTokenFile: values.bearerTokenFile,
		basicAuthUser: values.basicAuthUser,
		basicAuthPasswordFile: values.basicAuthPasswordFile,
		caFile: values.caFile,
		certFile: values.certFile,
		keyFile: values.keyFile,
		insecureSkipVerify: values.insecureSkipVerify === true,
	};
}

/**
 * `base` with the settings given in `over`: each wins over the same one, an auth setting replaces
 * the base's auth whole (a bearer token over basic auth), headers merge.
 */
function overlay(base: ConnectionValues, over: ConnectionValues): ConnectionValues {
	const auth = over.bearerTokenFile !== undefined || over.basicAuthUser !== undefined;
	const kept = auth ? {...base, bearerTokenFile: undefined, basicAuthUser: undefined, basicAuthPasswordFile: undefined} : base;
	const given = Object.fromEntries(Object.entries(over).filter(([, value]) => value !== undefined));
	return {...kept, ...given, headers: {...base.headers, ...over.headers}};
}

/** The context's form of a connection, as the command line's. */
function fromContext(connection: ContextConnection): ConnectionValues {
	return {
		bearerTokenFile: connection['bearer-token-file'],
		basicAuthUser: connection['basic-auth-user'],
		basicAuthPasswordFile: connection['basic-auth-password-file'],
		caFile: connection['ca-file'],
		certFile: connection['cert-file'],
		keyFile: connection['key-file'],
		insecureSkipVerify: connection['insecure-skip-verify'],
		headers: connection.headers,
	};
}

/**
 * The sources with their own connection: `--<source>-http-config-file` on the command line, else the
 * context's `connections.<source>` (the flag replaces the context's connection of that source whole).
 * `flagFiles` holds the flags' files by source; `where` names a context field for messages.
 */
export function sourceConnections(
	flagFiles: Readonly<Partial<Record<ConnectionSource, string>>>,
	contextConnections: Readonly<Partial<Record<ConnectionSource, ContextConnection | undefined>>> | undefined,
	where: (field: string) => string,
	commandLine: ConnectionValues & {readonly httpConfigFile?: string} = {},
): Partial<Record<ConnectionSource, SourceConnection>> | string {
	const result: Partial<Record<ConnectionSource, SourceConnection>> = {};
	for (const source of CONNECTION_SOURCES) {
		const file = flagFiles[source];
		if (file !== undefined) {
			result[source] = {connection: {headers: {}, insecureSkipVerify: false}, httpConfigFile: file, origin: `--${source}-http-config-file`};
			continue;
		}
		const own = contextConnections?.[source];
		if (own === undefined) continue;
		const origin = where(`connections.${source}`);
		const headers = headersProblem(own.headers);
		if (headers) return `${origin}.headers: ${headers}.`;
		// The connection flags typed on the command line win over the context's Prometheus connection, field by field.
		const values = source === 'prometheus' ? overlay(fromContext(own), commandLine) : fromContext(own);
		const connection = checkedConnection(values, field => field, `${origin}: `);
		if (typeof connection === 'string') return connection;
		const httpConfigFile = source === 'prometheus' ? (commandLine.httpConfigFile ?? own['http-config-file']) : own['http-config-file'];
		result[source] = {connection, httpConfigFile, origin};
	}
	return result;
}
