/** Runbook steps marked done, by `doneKey(alert id, step index)`: UI state, kept while agentmon runs. */
export type DoneSteps = Readonly<Record<string, true>>;

/** The key of one step of one alert's runbook. */
export function doneKey(alertId: string, step: number): string {
	return `${alertId}#${step}`;
}

/** Whether a step of an alert's runbook is marked done. */
export function isDone(done: DoneSteps | undefined, alertId: string, step: number): boolean {
	return done?.[doneKey(alertId, step)] === true;
}

/** How many of an alert's runbook steps are marked done. */
export function doneCount(done: DoneSteps | undefined, alertId: string, stepCount: number): number {
	let count = 0;
	for (let step = 0; step < stepCount; step++) if (isDone(done, alertId, step)) count++;
	return count;
}

/** Marks a step done, or not done again. */
export function toggleDone(done: DoneSteps | undefined, alertId: string, step: number): DoneSteps {
	const key = doneKey(alertId, step);
	const {[key]: was, ...rest} = done ?? {};
	return was ? rest : {...rest, [key]: true};
}
