import React, {createContext, useContext, type ReactNode} from 'react';

/** Semantic colour tokens; components never name a raw colour. */
export type Token = 'ok' | 'warn' | 'crit' | 'muted' | 'focus' | 'accent' | 'neutral';

/** Maps tokens to Ink colours; with colour off every token maps to nothing. */
export type Theme = {readonly color: (token: Token) => string | undefined; readonly enabled: boolean};

const PALETTE: Readonly<Record<Token, string | undefined>> = {
	ok: 'green',
	warn: 'yellow',
	crit: 'red',
	muted: 'gray',
	focus: 'cyan',
	accent: 'blue',
	neutral: undefined,
};

/** A theme with or without colour (`--no-color`, `NO_COLOR`, `TERM=dumb`). */
export function makeTheme(enabled: boolean): Theme {
	return {enabled, color: token => (enabled ? PALETTE[token] : undefined)};
}

const ThemeContext = createContext<Theme>(makeTheme(true));

export function ThemeProvider({theme, children}: {readonly theme: Theme; readonly children: ReactNode}) {
	return <ThemeContext.Provider value={theme}>{children}</ThemeContext.Provider>;
}

export function useTheme(): Theme {
	return useContext(ThemeContext);
}
