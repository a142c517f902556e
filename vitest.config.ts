import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		testTimeout: 20_000,
		hookTimeout: 60_000,
		pool: 'forks',
		// The e2e suites each start a real Prometheus; two cores run at most two files at once.
		maxWorkers: 2,
	},
});
