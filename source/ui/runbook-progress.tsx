import React, {createContext, useContext, type ReactNode} from 'react';
import type {AlertItem} from '../model/types.js';

/** How far an alert's runbook has been walked: steps marked done, of how many. */
export type RunbookProgress = {readonly done: number; readonly total: number};

/** The progress of an alert's runbook, or undefined when it has none. */
export type ProgressOf = (alert: AlertItem) => RunbookProgress | undefined;

const ProgressContext = createContext<ProgressOf>(() => undefined);

/** Gives the alert rows (dashboard, compact view) the runbook progress the App keeps, without threading it through every pane. */
export function RunbookProgressProvider({value, children}: {readonly value: ProgressOf; readonly children: ReactNode}) {
	return <ProgressContext.Provider value={value}>{children}</ProgressContext.Provider>;
}

export function useRunbookProgress(): ProgressOf {
	return useContext(ProgressContext);
}

/** The tag an alert row ends with: `[runbook]`, `[runbook 2/6]` once a step is done, or nothing. */
export function runbookTag(hasRunbook: boolean, progress: RunbookProgress | undefined): string {
	if (!hasRunbook) return '';
	return progress && progress.done > 0 ? `  [runbook ${progress.done}/${progress.total}]` : '  [runbook]';
}
