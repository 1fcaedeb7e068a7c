// Entry point for running the server without the build step (tests and process managers).
import { main } from './index.ts';

await main();
