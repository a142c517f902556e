#!/usr/bin/env node
// The baseline: a bare Ink hello-world, run exactly like agentmon (same pseudo-terminal, production
// React, maxFps 10). j/k move the › marker (key → frame), p pauses, q quits; with `--interval MS` it
// redraws a counter every MS ms (the cost of an Ink app that redraws at agentmon's refresh).
process.env.NODE_ENV ??= 'production';
const {default: React} = await import('react');
const {render, Box, Text, useApp, useInput} = await import('ink');

const h = React.createElement;
const index = process.argv.indexOf('--interval');
const intervalMs = index === -1 ? 0 : Number(process.argv[index + 1]);

function Hello() {
	const {exit} = useApp();
	const [row, setRow] = React.useState(0);
	const [ticks, setTicks] = React.useState(0);
	const [paused, setPaused] = React.useState(false);
	React.useEffect(() => {
		if (paused || !intervalMs) return;
		const timer = setInterval(() => setTicks(count => count + 1), intervalMs);
		return () => clearInterval(timer);
	}, [paused]);
	useInput(input => {
		if (input === 'j') setRow(current => Math.min(current + 1, 4));
		else if (input === 'k') setRow(current => Math.max(current - 1, 0));
		else if (input === 'p') setPaused(current => !current);
		else if (input === 'q') exit();
	});
	return h(
		Box,
		{borderStyle: 'round', flexDirection: 'column', paddingX: 1},
		h(Text, {bold: true}, `Hello, world${intervalMs ? ` · ${ticks}` : ''}`),
		...[0, 1, 2, 3, 4].map(line => h(Text, {key: line, inverse: line === row}, `${line === row ? '›' : ' '} row ${line}`)),
	);
}

render(h(Hello), {maxFps: 10});
