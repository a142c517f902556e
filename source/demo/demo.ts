import {startSimulator} from '../sim/run.js';
import type {Simulator} from '../sim/types.js';
import {STORY, type Chapter, type StoryPosition} from './story.js';

/** The systems the demo runs, in the order they are shown. */
export const DEMO_SYSTEMS = ['coordination-server', 'coding-team', 'cli-orchestrator', 'agent-orchestrator', 'dev-pipeline'] as const;

/** A running demo: five simulators on ephemeral loopback ports, and the story moving them. */
export type Demo = {
	/** Metrics URL of every simulator. */
	readonly targets: readonly string[];
	/** The coding-team simulator's metrics stream. */
	readonly sseUrl: string;
	/** Where the story is now. */
	position(): StoryPosition;
	/** Jumps to the next chapter now (the `n` key). */
	next(): void;
	/** Called whenever the chapter changes. */
	onChange(listener: (position: StoryPosition) => void): void;
	close(): Promise<void>;
};

/**
 * Starts every simulator in-process and the story: each chapter puts systems into an incident
 * scenario for a while, then the next one begins; after recovery it starts over.
 */
export async function startDemo(options: {story?: readonly Chapter[]; now?: () => number} = {}): Promise<Demo> {
	const story = options.story ?? STORY;
	const now = options.now ?? Date.now;
	const started: Array<{id: string; simulator: Simulator<string, unknown>; metricsUrl: string}> = [];
	try {
		for (const id of DEMO_SYSTEMS) started.push({id, ...(await startSimulator(id, {port: 0}))});
	} catch (error) {
		await Promise.all(started.map(async ({simulator}) => simulator.close()));
		throw error;
	}
	const listeners: Array<(position: StoryPosition) => void> = [];
	let index = 0;
	let nextAt = 0;
	let timer: NodeJS.Timeout | undefined;
	const position = (): StoryPosition => ({index, count: story.length, title: story[index]!.title, hint: story[index]!.hint, nextAt});
	const enter = (chapter: number) => {
		index = chapter % story.length;
		const {scenarios, seconds} = story[index]!;
		for (const {id, simulator} of started) {
			const wanted = scenarios[id] ?? 'normal';
			if (simulator.scenario !== wanted) simulator.setScenario(wanted);
		}
		nextAt = now() + seconds * 1000;
		if (timer) clearTimeout(timer);
		timer = setTimeout(() => enter(index + 1), seconds * 1000);
		timer.unref();
		for (const listener of listeners) listener(position());
	};
	enter(0);
	return {
		targets: started.map(({metricsUrl}) => metricsUrl),
		sseUrl: `${started.find(({id}) => id === 'coding-team')!.simulator.url}/api/metrics/stream`,
		position,
		next: () => enter(index + 1),
		onChange: listener => void listeners.push(listener),
		async close() {
			if (timer) clearTimeout(timer);
			await Promise.all(started.map(async ({simulator}) => simulator.close()));
		},
	};
}
