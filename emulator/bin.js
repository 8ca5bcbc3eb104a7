#!/usr/bin/env node
// The package ships its TypeScript source: its command line runs through tsx's require hook.
require('tsx/cjs');
require('./cli.ts');
