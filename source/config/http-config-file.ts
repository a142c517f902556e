import {readFileSync} from 'node:fs';
import path from 'node:path';
import {parse} from 'yaml';
import {z} from 'zod';
import {parseProxyUrl, ProxyConfigError, type ProxySettings} from '../sources/proxy.js';
import type {ConnectionConfig} from './config.js';
import {headerProblem} from './header-check.js';

/**
 * Prometheus' HTTP client configuration file (`--http.config.file` of promtool and amtool), so
 * users reuse what they have: basic auth, authorization (Bearer), bearer_token(_file), tls_config,
 * http_headers and proxy_url/no_proxy/proxy_from_environment. Relative file paths are relative to
 * the file, as in Prometheus.
 */
const secretField = z.string().max(64 * 1024);
const schema = z
	.object({
		basic_auth: z.strictObject({username: z.string().max(1000).optional(), password: secretField.optional(), password_file: z.string().optional()}).optional(),
		authorization: z.strictObject({type: z.string().max(100).optional(), credentials: secretField.optional(), credentials_file: z.string().optional()}).optional(),
		bearer_token: secretField.optional(),
		bearer_token_file: z.string().optional(),
		tls_config: z
			.strictObject({ca_file: z.string().optional(), cert_file: z.string().optional(), key_file: z.string().optional(), server_name: z.string().optional(), insecure_skip_verify: z.boolean().optional(), min_version: z.string().optional()})
			.optional(),
		http_headers: z.record(z.string(), z.union([z.strictObject({values: z.array(z.string()).optional(), secrets: z.array(z.string()).optional(), files: z.array(z.string()).optional()}), z.string()])).optional(),
		follow_redirects: z.boolean().optional(),
		enable_http2: z.boolean().optional(),
		proxy_url: z.string().max(4096).optional(),
		no_proxy: z.string().max(64 * 1024).optional(),
		proxy_from_environment: z.boolean().optional(),
		proxy_connect_header: z.unknown().optional(),
		oauth2: z.unknown().optional(),
	})
	.strict();

/** A file that is not a usable HTTP client config; the message names the file and the field, never a secret. */
export class HttpConfigError extends Error {
	override readonly name = 'HttpConfigError';
}

/** What the file sets of a connection; inline secrets stay in memory, never in argv or output. */
export type HttpConfig = Partial<ConnectionConfig> & ProxySettings;

/** Reads an HTTP client config file into connection settings. Throws HttpConfigError. */
export function loadHttpConfig(file: string): HttpConfig {
	let document: unknown;
	try {
		document = parse(readFileSync(file, 'utf8')) ?? {};
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw new HttpConfigError(`cannot read the HTTP config file ${file}: ${code ?? 'not YAML'}`);
	}
	const checked = schema.safeParse(document);
	if (!checked.success) {
		const issue = checked.error.issues[0]!;
		const field = issue.path.join('.') || 'the file';
		const what = issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.join(', ')}` : issue.message;
		throw new HttpConfigError(`${file}: ${field}: ${what}`);
	}
	const config = checked.data;
	const near = (name: string | undefined) => (name === undefined ? undefined : path.resolve(path.dirname(file), name));
	if (config.oauth2 !== undefined) throw new HttpConfigError(`${file}: oauth2: not supported by agentmon; use a bearer token`);
	// Fields agentmon cannot honour are refused, not silently ignored: the user would believe them in force.
	if (config.tls_config?.server_name !== undefined) throw new HttpConfigError(`${file}: tls_config.server_name: not supported by agentmon; connect with the name on the certificate`);
	if (config.tls_config?.min_version !== undefined) throw new HttpConfigError(`${file}: tls_config.min_version: not supported by agentmon (Node's default minimum, TLS 1.2, applies)`);
	if (config.follow_redirects === false) throw new HttpConfigError(`${file}: follow_redirects: false is not supported by agentmon (it follows redirects, dropping credentials on another origin)`);
	// enable_http2 is accepted either way: agentmon speaks HTTP/1.1, which every server it reads offers.
	if (config.proxy_connect_header !== undefined) throw new HttpConfigError(`${file}: proxy_connect_header: not supported by agentmon; put the proxy's user and password in proxy_url`);
	// Prometheus' own rules: no_proxy only narrows proxy_url, and proxy_url replaces the environment.
	if (config.no_proxy !== undefined && config.proxy_url === undefined) throw new HttpConfigError(`${file}: no_proxy: needs proxy_url (NO_PROXY of the environment applies otherwise)`);
	if (config.proxy_from_environment === true && config.proxy_url !== undefined) throw new HttpConfigError(`${file}: use either proxy_url or proxy_from_environment, not both`);
	if (config.proxy_url !== undefined) {
		try {
			parseProxyUrl(config.proxy_url, 'proxy_url');
		} catch (error) {
			throw new HttpConfigError(`${file}: ${error instanceof ProxyConfigError ? error.message : 'proxy_url: not a proxy URL'}`);
		}
	}
	const type = config.authorization?.type ?? 'Bearer';
	if (type.toLowerCase() !== 'bearer') throw new HttpConfigError(`${file}: authorization.type: only Bearer is supported (got ${type})`);
	const result: {-readonly [K in keyof HttpConfig]: HttpConfig[K]} = {};
	if (config.basic_auth) {
		result.basicAuthUser = config.basic_auth.username ?? '';
		result.basicAuthPassword = config.basic_auth.password;
		result.basicAuthPasswordFile = near(config.basic_auth.password_file);
	}
	const tokenFile = near(config.authorization?.credentials_file ?? config.bearer_token_file);
	const token = config.authorization?.credentials ?? config.bearer_token;
	if ((tokenFile !== undefined || token !== undefined) && config.basic_auth) throw new HttpConfigError(`${file}: use either basic_auth or a bearer token, not both`);
	if (tokenFile !== undefined) result.bearerTokenFile = tokenFile;
	if (token !== undefined) result.bearerToken = token;
	const tls = config.tls_config;
	if (tls) {
		result.caFile = near(tls.ca_file);
		result.certFile = near(tls.cert_file);
		result.keyFile = near(tls.key_file);
		if (tls.insecure_skip_verify) result.insecureSkipVerify = true;
	}
	result.proxyUrl = config.proxy_url;
	result.noProxy = config.no_proxy;
	result.proxyFromEnvironment = config.proxy_from_environment;
	if (config.http_headers) {
		const headers: Record<string, string> = {};
		const headerFiles: Record<string, string[]> = {};
		for (const [name, value] of Object.entries(config.http_headers)) {
			const values = typeof value === 'string' ? [value] : [...(value.values ?? []), ...(value.secrets ?? [])];
			for (const one of values.length > 0 ? values : ['']) {
				const problem = headerProblem(name, one);
				if (problem) throw new HttpConfigError(`${file}: http_headers: ${problem}`);
			}
			if (typeof value === 'string') headers[name] = value;
			else {
				const values = [...(value.values ?? []), ...(value.secrets ?? [])];
				if (values.length > 0) headers[name] = values.join(', ');
				// Read for every request, like a token file, so a rotated value is picked up.
				if (value.files?.length) headerFiles[name] = value.files.map(name => near(name)!);
			}
		}
		result.headers = headers;
		if (Object.keys(headerFiles).length > 0) result.headerFiles = headerFiles;
	}
	return Object.fromEntries(Object.entries(result).filter(([, value]) => value !== undefined)) as HttpConfig;
}

/**
 * The connection of the command line over the HTTP config file's: each flag given wins, and any
 * auth flag replaces the file's auth as a whole (a bearer flag over a file's basic auth, say).
 * The file's proxy settings come along (no flag sets them).
 */
export function mergeConnection(file: HttpConfig, flags: ConnectionConfig): ConnectionConfig & ProxySettings {
	const flagAuth = flags.bearerTokenFile !== undefined || flags.basicAuthUser !== undefined;
	const fileAuth = flagAuth ? {} : {bearerTokenFile: file.bearerTokenFile, bearerToken: file.bearerToken, basicAuthUser: file.basicAuthUser, basicAuthPassword: file.basicAuthPassword, basicAuthPasswordFile: file.basicAuthPasswordFile};
	const defined = Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined && value !== false));
	return {
		...fileAuth,
		proxyUrl: file.proxyUrl,
		noProxy: file.noProxy,
		proxyFromEnvironment: file.proxyFromEnvironment,
		caFile: file.caFile,
		certFile: file.certFile,
		keyFile: file.keyFile,
		...defined,
		headers: {...file.headers, ...flags.headers},
		// A header given as a flag replaces the file's header of that name, files and all.
		headerFiles: file.headerFiles && Object.fromEntries(Object.entries(file.headerFiles).filter(([name]) => !Object.keys(flags.headers).some(flag => flag.toLowerCase() === name.toLowerCase()))),
		insecureSkipVerify: flags.insecureSkipVerify || file.insecureSkipVerify === true,
	};
}
