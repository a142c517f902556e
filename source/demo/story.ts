/** One chapter of the demo's story: which systems are in which scenario, and for how long. */
export type Chapter = {
	readonly title: string;
	/** What to look at on screen during this chapter. */
	readonly hint: string;
	/** Scenario per system id; systems not named run `normal`. */
	readonly scenarios: Readonly<Record<string, string>>;
	readonly seconds: number;
};

/**
 * The demo's incidents, in order, then recovery; it starts over after the last chapter.
 * Each incident is one system's scenario, whose alert rules fire while it lasts.
 */
export const STORY: readonly Chapter[] = [
	{title: 'All five systems healthy', hint: 'press s or 1–5 to switch systems', scenarios: {}, seconds: 20},
	{title: 'An agent goes offline', hint: 'coordination-server: an agent turns offline in the Agents pane', scenarios: {'coordination-server': 'agent-offline'}, seconds: 35},
	{title: 'The job queue backs up', hint: 'coding-team: queue_depth climbs past 100', scenarios: {'coding-team': 'queue-backlog'}, seconds: 35},
	{title: 'An error burst', hint: 'coordination-server: API errors climb past 5%', scenarios: {'coordination-server': 'error-burst'}, seconds: 35},
	{title: 'Merge-lock contention', hint: 'agent-orchestrator: two merges hold the git lock; ConcurrentMerges fires', scenarios: {'agent-orchestrator': 'concurrent-merges'}, seconds: 35},
	{title: 'A provider quota nearly exhausted', hint: 'cli-orchestrator: daily quota past 90%', scenarios: {'cli-orchestrator': 'quota-almost-exceeded'}, seconds: 35},
	{title: 'Recovery', hint: 'every system back to normal; alerts resolve', scenarios: {}, seconds: 25},
];

/** Where the story is: the chapter shown in the header. */
export type StoryPosition = {readonly index: number; readonly count: number; readonly title: string; readonly hint: string; readonly nextAt: number};
