import {readFileSync} from 'node:fs';
import https from 'node:https';
import type {ConnectionConfig} from '../config/config.js';

/** What every request to a source carries: headers (secrets re-read each time) and a TLS agent. */
export type RequestOptions = {
	/** Headers for the next request; reads token and password files anew so a rotated secret is picked up. */
	readonly headers: () => Record<string, string>;
	readonly httpsAgent?: https.Agent;
};

/** A secret file that cannot be read; the message names the file, never its content. */
export class SecretFileError extends Error {
	override readonly name = 'SecretFileError';
}

function readSecret(file: string, what: string): string {
	try {
		return readFileSync(file, 'utf8').trim();
	} catch (error) {
		throw new SecretFileError(`cannot read the ${what} file ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
	}
}

/**
 * Builds the request options of a connection: `--header`s, then basic auth or a bearer token
 * (from `--bearer-token-file`, else `$AGENTMON_BEARER_TOKEN`), and a TLS agent for `--ca-file`,
 * `--cert-file`/`--key-file` and `--insecure-skip-verify`. Throws SecretFileError now for a file that cannot be read.
 */
export function requestOptions(connection: ConnectionConfig, env: NodeJS.ProcessEnv): RequestOptions {
	const {bearerTokenFile, bearerToken, basicAuthUser, basicAuthPasswordFile, basicAuthPassword, caFile, certFile, keyFile, insecureSkipVerify} = connection;
	const envToken = env.AGENTMON_BEARER_TOKEN?.trim();
	const headers = (): Record<string, string> => {
		const result: Record<string, string> = {...connection.headers};
		if (basicAuthUser !== undefined) {
			const password = basicAuthPasswordFile ? readSecret(basicAuthPasswordFile, 'basic auth password') : (basicAuthPassword ?? '');
			result.Authorization = `Basic ${Buffer.from(`${basicAuthUser}:${password}`).toString('base64')}`;
		} else if (bearerTokenFile) {
			result.Authorization = `Bearer ${readSecret(bearerTokenFile, 'bearer token')}`;
		} else if (bearerToken) {
			result.Authorization = `Bearer ${bearerToken.trim()}`;
		} else if (envToken) {
			result.Authorization = `Bearer ${envToken}`;
		}
		return result;
	};
	headers();
	const ca = caFile ? readSecret(caFile, 'CA') : undefined;
	const cert = certFile ? readSecret(certFile, 'client certificate') : undefined;
	const key = keyFile ? readSecret(keyFile, 'client key') : undefined;
	const custom = ca !== undefined || cert !== undefined || insecureSkipVerify;
	const httpsAgent = custom ? new https.Agent({ca, cert, key, rejectUnauthorized: !insecureSkipVerify}) : undefined;
	return {headers, httpsAgent};
}
