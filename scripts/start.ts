// `npm start`: build what is not built (or is older than its sources), then run the server.
import { needsBuild, build } from './build.ts';
import { main } from '../server/index.ts';

if (needsBuild()) {
  process.stdout.write('Building the widget and inbox…\n');
  await build();
}
await main();
