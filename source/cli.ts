#!/usr/bin/env -S node --max-semi-space-size=1
// A 1 MB young generation (V8's default grows to 16 MB per semi-space) keeps the dashboard's RSS
// about 20 MB lower for a few more, cheap scavenges; `agentmon` and `npm start` run with it.
// React's development build leaks timing entries in a long-running dashboard; ESM imports run
// before any statement of the importing module, so this tiny entry sets the mode first.
process.env.NODE_ENV ??= 'production';
await import('./main.js');
