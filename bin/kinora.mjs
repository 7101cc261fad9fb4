#!/usr/bin/env node
// `kinora` launcher: lets Node run the TypeScript sources of the CLI through tsx.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../cli/main.ts');
await runCli(process.argv.slice(2));
