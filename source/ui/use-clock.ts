import {useEffect, useState} from 'react';

/**
 * The time a component shows ages and countdowns against. It ticks once a second only while
 * `ticking` (something on screen counts seconds); otherwise it wakes once at `wakeAt` (e.g. when
 * data would turn old), or never. A healthy dashboard then draws a frame per refresh and none
 * between; a paused one none at all.
 */
export function useClock(ticking: boolean, wakeAt?: number): number {
	const [now, setNow] = useState(Date.now());
	useEffect(() => {
		setNow(Date.now());
		if (ticking) {
			const timer = setInterval(() => setNow(Date.now()), 1000);
			return () => clearInterval(timer);
		}
		if (wakeAt === undefined) return;
		const timer = setTimeout(() => setNow(Date.now()), Math.max(0, wakeAt - Date.now()) + 50);
		return () => clearTimeout(timer);
	}, [ticking, wakeAt]);
	return now;
}
