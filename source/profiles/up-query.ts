/**
 * The `up` spec of a system: its scrape job as its guide names it, or any target that exposed one of
 * its metrics in the last hour (users name jobs as they like; `last_over_time` skips staleness
 * markers, so a target that just went down still counts).
 */
export function upSpec(jobSelector: string | undefined, metric: string): {promql: string; describe: string} {
	const exposed = `up * on (job, instance) group_left () group by (job, instance) (last_over_time(${metric}[1h]))`;
	if (jobSelector === undefined) return {promql: exposed, describe: `up of targets exposing ${metric}`};
	return {promql: `up{${jobSelector}} or (${exposed})`, describe: `up{${jobSelector}}`};
}
