/** The agent states of the coordination server. */
type FleetState = 'available' | 'busy' | 'offline';

/**
 * A fleet added to the coordination server's two agents for scale tests (`--scale N`): N agents
 * `fleet-0001`…, half of them offline (so a per-agent rule fires for each), the others available
 * or busy; a fifth of them hold locks (1–15 each), the rest none. Deterministic.
 */
export type Fleet = {
	readonly agents: ReadonlyArray<{readonly name: string; readonly state: FleetState; readonly locks: number}>;
};

/** The fleet of `size` agents. */
export function makeFleet(size: number): Fleet {
	const holders = Math.floor(size / 5);
	const agents = Array.from({length: size}, (_, index) => {
		const name = `fleet-${String(index + 1).padStart(4, '0')}`;
		const state: FleetState = index % 2 === 0 ? 'offline' : index % 4 === 1 ? 'available' : 'busy';
		// Lock holders are among the agents that are not offline.
		const holderIndex = state === 'offline' ? -1 : Math.floor(index / 2);
		const locks = holderIndex >= 0 && holderIndex < holders ? 1 + (holderIndex % 15) : 0;
		return {name, state, locks};
	});
	return {agents};
}
