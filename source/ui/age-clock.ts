import {createContext, useContext, useEffect, useState} from 'react';

/** How the ages on screen move on: with every frame the App draws, and by themselves in between. */
export type ClockSettings = {
	/** Paused: what is shown stays as it was, ages included (no frame, no CPU). */
	readonly paused: boolean;
	/** The refresh interval: between refreshes an age moves on by itself at most this often (and a half). */
	readonly stepMs: number;
	/**
	 * When the App last drew (a refresh, a key): a new value re-renders the ages with it, in the same
	 * frame, so an age never costs a frame of its own while refreshes draw anyway.
	 */
	readonly drawnAt: number;
};

export const ClockContext = createContext<ClockSettings>({paused: false, stepMs: 1000, drawnAt: 0});

/** When `formatAge(at - since)` next shows another text (seconds below a minute, then minutes, then days). */
export function nextAgeChange(since: number, now: number): number {
	const age = Math.max(0, now - since);
	const unit = age < 60_000 ? 1000 : age < 48 * 3_600_000 ? 60_000 : 86_400_000;
	return now + unit - (age % unit);
}

/**
 * The time to show ages against (`now − since` for each of `since`). Ages move on with every frame
 * the App draws (see ClockSettings.drawnAt); when it draws none (the data does not change), the
 * caller re-renders by itself when one of its ages would show another text, at the granularity
 * shown (a second, a minute, a day) but not sooner than one and a half refresh intervals after it
 * last drew (so it never races a refresh), and never while paused.
 */
export function useAgeClock(since: ReadonlyArray<number | undefined>): number {
	const {paused, stepMs} = useContext(ClockContext);
	const [, setTick] = useState(0);
	const now = Date.now();
	let next: number | undefined;
	if (!paused) for (const at of since) if (at !== undefined) next = Math.min(next ?? Number.POSITIVE_INFINITY, nextAgeChange(at, now));
	const wakeAt = next === undefined ? undefined : Math.max(next, now + stepMs * 1.5);
	useEffect(() => {
		if (wakeAt === undefined) return;
		// A little after the change, so the text has surely moved on when drawn.
		const timer = setTimeout(() => setTick(tick => tick + 1), Math.max(0, wakeAt - Date.now()) + 20);
		return () => clearTimeout(timer);
	}, [wakeAt]);
	return now;
}
