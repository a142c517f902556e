import {coordinationServerRunbooks} from '../runbooks/coordination-server.js';
import type {Profile} from './types.js';
import {upSpec} from './up-query.js';

/**
 * The AI Coordination Server (seed 000): prom-client metrics prefixed `coordination_server_`,
 * scraped from `/metrics` on :3456 by the job `ai-coordination-server`.
 * Thresholds are the seed's alert rules.
 */
export const coordinationServer: Profile = {
	id: 'coordination-server',
	title: 'AI Coordination Server',
	signature: ['coordination_server_agent_availability', 'coordination_server_api_requests_total', 'coordination_server_active_locks'],
	// The seed's job name, or any target that exposed this system's metrics in the last hour.
	up: upSpec('job="ai-coordination-server"', 'coordination_server_agent_availability'),
	agents: {
		metric: 'coordination_server_agent_availability',
		agentLabel: 'agent',
		stateLabel: 'state',
		stateLevels: {available: 'ok', busy: 'neutral', offline: 'crit', unavailable: 'crit', error: 'crit'},
	},
	locks: {
		metric: 'coordination_server_active_locks',
		byLabel: 'agent',
		rowThreshold: {warn: 10, source: 'HighLockContention: coordination_server_active_locks > 10'},
		waitHistogram: 'coordination_server_lock_acquisition_time_seconds',
	},
	queue: {
		metric: 'coordination_server_pending_tasks',
		byLabel: 'priority',
		order: ['critical', 'high', 'medium', 'normal', 'low'],
		active: {metric: 'coordination_server_active_tasks', byLabel: 'agent'},
	},
	latency: {
		histograms: [
			{name: 'api', metric: 'coordination_server_api_response_time_seconds', unit: 's', p95Threshold: {warn: 1, source: 'HighAPILatency: p95 > 1s'}},
			{name: 'task', metric: 'coordination_server_task_duration_seconds', unit: 's'},
			{name: 'lock wait', metric: 'coordination_server_lock_acquisition_time_seconds', unit: 's'},
		],
		ratios: [
			{
				name: 'API errors',
				promql:
					'100 * (sum(rate(coordination_server_api_requests_total{status_code!~"2.."}[$window])) or vector(0)) / sum(rate(coordination_server_api_requests_total[$window]))',
				unit: '%',
				threshold: {crit: 5, source: 'HighAPIErrorRate: > 5%'},
			},
			{
				name: 'task failures',
				promql: '100 * (sum(rate(coordination_server_task_failures_total[$window])) or vector(0)) / sum(rate(coordination_server_task_completions_total[$window]))',
				unit: '%',
				threshold: {crit: 20, source: 'HighTaskFailureRate: > 20%'},
			},
			{name: 'API requests', promql: 'sum(rate(coordination_server_api_requests_total[$window]))', unit: '/s'},
		],
	},
	runbooks: coordinationServerRunbooks,
};
