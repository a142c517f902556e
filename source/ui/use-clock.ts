import {useEffect, useState} from 'react';

/**
 * The time a component shows ages and countdowns against. It ticks once a second only while
 * `ticking` (something on screen counts seconds); otherwise it wakes once at `wakeAt` (e.g. when
 * data would turn old), or never. A healthy dashboard then draws a frame per refresh and none
 * between; a paused one none at all.
 *
 * `recheck`, when given, is asked at `wakeAt` for the wake time now (the data may have been read
 * again since): while that is still ahead the clock waits for it instead of ticking, so nothing is
 * re-rendered for a moment that turned out not to matter.
 */
export function useClock(ticking: boolean, wakeAt?: number, recheck?: () => number | undefined): number {
	const [now, setNow] = useState(Date.now());
	useEffect(() => {
		if (ticking) {
			setNow(Date.now());
			const timer = setInterval(() => setNow(Date.now()), 1000);
			return () => clearInterval(timer);
		}
		if (wakeAt === undefined) return;
		let timer: NodeJS.Timeout;
		const wake = (at: number) => {
			timer = setTimeout(() => {
				const later = recheck?.();
				if (later !== undefined && later > Date.now()) wake(later);
				else setNow(Date.now());
			}, Math.max(0, at - Date.now()) + 50);
		};
		wake(wakeAt);
		return () => clearTimeout(timer);
		// `recheck` is read when the timer fires: a new function alone does not restart it.
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [ticking, wakeAt]);
	return now;
}
