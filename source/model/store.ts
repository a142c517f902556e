type Listener = () => void;

/**
 * A tiny external store for `useSyncExternalStore`: plain TypeScript, no React.
 * It emits only when the state object changes identity.
 */
export class Store<T> {
	#state: T;
	readonly #listeners = new Set<Listener>();

	constructor(initial: T) {
		this.#state = initial;
	}

	/** The current state; stable between changes, as `useSyncExternalStore` needs. */
	readonly getSnapshot = (): T => this.#state;

	/** Registers a listener; returns the function that removes it. */
	readonly subscribe = (listener: Listener): (() => void) => {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	};

	/** Replaces the state with what `update` returns; returning the same object emits nothing. */
	update(update: (state: T) => T): void {
		const next = update(this.#state);
		if (Object.is(next, this.#state)) return;
		this.#state = next;
		for (const listener of this.#listeners) listener();
	}
}
