#!/usr/bin/env node
// React's development build leaks timing entries in a long-running dashboard; ESM imports run
// before any statement of the importing module, so this tiny entry sets the mode first.
process.env.NODE_ENV ??= 'production';
await import('./main.js');
