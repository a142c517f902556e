import type {Command} from '../keys/commands.js';

/** Output formats of `--once`. */
export const ONCE_FORMATS = ['text', 'json', 'markdown'] as const;
export type OnceFormat = (typeof ONCE_FORMATS)[number];

/** How to talk to the source: auth, extra headers, TLS. Secrets stay in files or the environment. */
export type ConnectionConfig = {
	/** `--header 'Name: value'`, e.g. X-Scope-OrgID for Mimir, Cortex or Thanos. */
	readonly headers: Readonly<Record<string, string>>;
	readonly bearerTokenFile?: string;
	/** A token written in an HTTP config file (`--http-config-file`); never from the command line. */
	readonly bearerToken?: string;
	readonly basicAuthUser?: string;
	readonly basicAuthPasswordFile?: string;
	/** A password written in an HTTP config file; never from the command line. */
	readonly basicAuthPassword?: string;
	readonly caFile?: string;
	/** A client certificate and its key, for servers that ask for one (mutual TLS). */
	readonly certFile?: string;
	readonly keyFile?: string;
	/** TLS verification off: shown as a warning for as long as it is. */
	readonly insecureSkipVerify: boolean;
	/** Header values read from files for every request (an HTTP config file's `http_headers.<name>.files`), after `headers`' value of that name. */
	readonly headerFiles?: Readonly<Record<string, readonly string[]>>;
};

/** The sources that can each have their own connection (auth, TLS, headers, proxy). */
export const CONNECTION_SOURCES = ['prometheus', 'alertmanager', 'sse', 'scrape'] as const;
export type ConnectionSource = (typeof CONNECTION_SOURCES)[number];

/**
 * A source's own connection: used for that source's requests instead of the shared one (nothing of
 * the shared connection carries over, so one server's token is never sent to another).
 */
export type SourceConnection = {
	readonly connection: ConnectionConfig;
	/** Prometheus' HTTP client config file for this source, under its own settings. */
	readonly httpConfigFile?: string;
	/** Where it was set, for messages: `--alertmanager-http-config-file`, or the config file's field. */
	readonly origin: string;
};

/** Everything agentmon needs to run, validated. */
export type Config = {
	/** Prometheus base URL as given (may contain a path prefix); absent when agentmon scrapes, streams or demos without one. */
	readonly prometheusUrl?: string;
	/** `--alertmanager`: read alerts (with silences and inhibitions) from Alertmanager too. */
	readonly alertmanagerUrl?: string;
	/** `--scrape`: /metrics endpoints agentmon scrapes itself, evaluating PromQL and alert rules locally. */
	readonly scrapeUrls: readonly string[];
	/** `--sse`: a coding-team metrics stream (`/api/metrics/stream`). */
	readonly sseUrl?: string;
	/** `--demo`: the embedded simulators of all five systems and their story. */
	readonly demo: boolean;
	/** `--rules`: extra Prometheus rule files evaluated locally (with --scrape or --demo). */
	readonly ruleFiles: readonly string[];
	/** `['auto']`, or built-in profile ids and profile file paths to monitor. */
	readonly profiles: readonly string[];
	/** Refresh interval of the dashboard. */
	readonly intervalMs: number;
	/** Range used by rate() and histogram_quantile(). */
	readonly windowMs: number;
	/** Timeout of each HTTP request. */
	readonly timeoutMs: number;
	readonly once: boolean;
	readonly format: OnceFormat;
	/** `--no-bell` makes it false: no terminal bell when a new alert starts firing. */
	readonly bell: boolean;
	/** False with --no-color, a non-empty NO_COLOR or TERM=dumb. */
	readonly color: boolean;
	readonly connection: ConnectionConfig;
	/** `--http-config-file`: Prometheus' HTTP client config, under the connection flags. */
	readonly httpConfigFile?: string;
	/** Sources with their own connection (`--alertmanager-http-config-file`, a context's `connections:`); the rest use `connection`. */
	readonly sourceConnections: Readonly<Partial<Record<ConnectionSource, SourceConnection>>>;
	/** The shared connection's settings a context gave, by setting (`bearerTokenFile` …): where, for messages about their files. */
	readonly connectionOrigins?: Readonly<Record<string, string>>;
	/** `--runbooks DIR`: the user's runbooks, one `<AlertName>.md` each, winning over the built-in ones. */
	readonly runbooksDir?: string;
	/** The key registry with the config file's remaps applied, when it has any. */
	readonly commands?: readonly Command[];
};

/** The outcome of reading the command line: something to run, or a reason to stop. */
export type CliRequest =
	| {readonly kind: 'run'; readonly config: Config}
	| {readonly kind: 'simulate'; readonly profile: string; readonly port?: number; readonly scenario?: string; readonly scale?: number}
	| {readonly kind: 'help'; readonly text: string}
	| {readonly kind: 'version'; readonly text: string}
	| {readonly kind: 'usage-error'; readonly message: string};
