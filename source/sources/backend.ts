import type {AlertRuleInfo} from '../model/evidence.js';
import type {AlertItem} from '../model/types.js';
import type {Result, Sample} from './prometheus-client.js';

/**
 * Where the monitor reads metrics: a Prometheus server (PrometheusClient), or agentmon's own
 * scrapes evaluated locally (ScrapeBackend). The monitor does not know which.
 */
export type MetricsBackend = {
	/** Called at the start of every refresh; a scraping backend reads its targets here. `ok` false when nothing could be read. */
	beginPoll?(): Promise<{ok: true} | {ok: false; message: string}>;
	/** An instant query, evaluated now. */
	query(promql: string): Promise<Result<Sample[]>>;
	/** Every metric name with current data, for detecting systems. */
	metricNames(): Promise<Result<string[]>>;
	/** Firing and pending alerts, sorted for triage. */
	alerts(): Promise<Result<AlertItem[]>>;
	/**
	 * The alerting rules behind the alerts (expression, `for:`, health), for the alert view's evidence.
	 * `alertNames` may narrow the answer to rules of those names; a backend may ignore it.
	 */
	rules?(alertNames?: readonly string[]): Promise<Result<AlertRuleInfo[]>>;
};
