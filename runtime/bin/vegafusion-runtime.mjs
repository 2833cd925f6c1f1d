#!/usr/bin/env node
// Starts the runtime from its TypeScript sources (see runtime/README.md for options).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
