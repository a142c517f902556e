import {CONNECTION_SOURCES, type Config, type ConnectionConfig, type ConnectionSource} from '../config/config.js';
import {requestOptions, type RequestOptions} from './http-options.js';
import type {ProxySettings} from './proxy.js';

/** The request options of each source agentmon reads, and which of them skip TLS verification. */
export type Connections = {
	/** The shared connection: the connection flags (and `--http-config-file`); runbook URLs elsewhere use its TLS and proxies. */
	readonly shared: RequestOptions;
	/** Each source's: its own connection where it has one, else the shared one. */
	readonly bySource: Readonly<Record<ConnectionSource, RequestOptions>>;
	/** Sources in use whose certificates are not verified (`--insecure-skip-verify` or `insecure_skip_verify`). */
	readonly insecure: readonly ConnectionSource[];
};

/** The sources a run reads: a source's own connection is built (and its files read) only then. */
function sourcesInUse(config: Config): ConnectionSource[] {
	const used: ConnectionSource[] = [];
	if (config.prometheusUrl !== undefined) used.push('prometheus');
	if (config.alertmanagerUrl !== undefined) used.push('alertmanager');
	if (config.sseUrl !== undefined) used.push('sse');
	if (config.scrapeUrls.length > 0) used.push('scrape');
	return used;
}

type Loader = typeof import('../config/http-config-file.js');

async function settingsOf(connection: ConnectionConfig, httpConfigFile: string | undefined, loader: () => Promise<Loader>): Promise<ConnectionConfig & ProxySettings> {
	if (httpConfigFile === undefined) return connection;
	const http = await loader();
	return http.mergeConnection(http.loadHttpConfig(httpConfigFile), connection);
}

/**
 * Builds the connections of a run: the shared one from the connection flags and `--http-config-file`,
 * and each source's own (`--<source>-http-config-file`, a context's `connections:`), which replaces the
 * shared one whole for that source: no token, header or certificate of the shared one is sent to it.
 * `$AGENTMON_BEARER_TOKEN` belongs to the shared connection. Throws HttpConfigError, SecretFileError
 * or ProxyConfigError, their messages naming the file (and for a source's own, where it was set).
 */
export async function buildConnections(config: Config, env: NodeJS.ProcessEnv): Promise<Connections> {
	let http: Promise<Loader> | undefined;
	// yaml and zod load only when an HTTP config file is named.
	const loader = async () => (http ??= import('../config/http-config-file.js'));
	let sharedSettings;
	let shared;
	try {
		sharedSettings = await settingsOf(config.connection, config.httpConfigFile, loader);
		shared = requestOptions(sharedSettings, env);
	} catch (error) {
		// A file a context named: say where it was named, as for every other mistake in a context.
		const setting = Object.entries({...config.connection, httpConfigFile: config.httpConfigFile}).find(([name, value]) => typeof value === 'string' && config.connectionOrigins?.[name] && error instanceof Error && error.message.includes(value));
		if (setting && error instanceof Error) error.message = `${config.connectionOrigins![setting[0]]}: ${error.message}`;
		throw error;
	}
	const bySource: Partial<Record<ConnectionSource, RequestOptions>> = {};
	const insecure: ConnectionSource[] = [];
	const inUse = sourcesInUse(config);
	for (const source of CONNECTION_SOURCES) {
		const own = config.sourceConnections[source];
		const used = inUse.includes(source);
		if (!own || !used) {
			bySource[source] = shared;
			if (used && sharedSettings.insecureSkipVerify) insecure.push(source);
			continue;
		}
		let settings;
		try {
			settings = await settingsOf(own.connection, own.httpConfigFile, loader);
			bySource[source] = requestOptions(settings, env, {environmentToken: false});
		} catch (error) {
			if (error instanceof Error && own.httpConfigFile === undefined) error.message = `${own.origin}: ${error.message}`;
			throw error;
		}
		if (settings.insecureSkipVerify) insecure.push(source);
	}
	return {shared, bySource: bySource as Record<ConnectionSource, RequestOptions>, insecure};
}

/**
 * How the warning names the connections whose certificates are not verified: `(--insecure-skip-verify)`
 * when they are the shared connection's sources, else `for alertmanager, sse`; undefined when none.
 */
export function insecureNote(insecure: readonly ConnectionSource[], config: Config): string | undefined {
	if (insecure.length === 0) return undefined;
	if (insecure.every(source => config.sourceConnections[source] === undefined)) return '(--insecure-skip-verify)';
	return `for ${insecure.join(', ')}`;
}
