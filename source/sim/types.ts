/**
 * The gauge values a simulator is serving right now: what a correct monitor must show.
 * Keys are the label values of the simulated system (agent names, priorities).
 */
export type SimulatorTruth = {
	/** Every agent with its current availability state (`available`, `busy` or `offline`). */
	agents: Array<{name: string; state: string}>;
	/** Active file locks per agent. */
	locks: Record<string, number>;
	/** Pending (queued) tasks per priority. */
	pending: Record<string, number>;
	/** Active (running) tasks per agent. */
	activeTasks: Record<string, number>;
};

/**
 * A running simulator of an agent system: a real HTTP server on 127.0.0.1 exposing `/metrics`.
 * `Scenario` is the system's scenario-name union; `Truth` the shape of {@link Simulator.truth}.
 */
export type Simulator<Scenario extends string = string, Truth = SimulatorTruth> = {
	/** Base URL without a trailing slash, e.g. `http://127.0.0.1:3456`. */
	readonly url: string;
	/** The TCP port the server listens on. */
	readonly port: number;
	/** The scenario currently served. */
	readonly scenario: Scenario;
	/** Switches scenario: gauges change at once, counters and histograms from the next tick on. */
	setScenario(name: Scenario): void;
	/** The gauge values currently served on `/metrics`. */
	truth(): Truth;
	/** Stops the traffic timers and the HTTP server (dropping open connections). */
	close(): Promise<void>;
};

/** Options every simulator accepts. */
export type SimulatorOptions<Scenario extends string = string> = {
	/** TCP port on 127.0.0.1; 0 (the default) picks an ephemeral port. */
	port?: number;
	/** Initial scenario; `normal` by default. */
	scenario?: Scenario;
	/** Traffic tick in milliseconds (counters and histograms advance once per tick); 250 by default. */
	tickMs?: number;
	/** Seed of the pseudo-random traffic generator; 1 by default. */
	seed?: number;
	/** Adds a fleet of this many agents, for scale tests (the coordination server only; see fleet.ts). */
	scale?: number;
};
