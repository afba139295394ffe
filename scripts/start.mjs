// `npm start`: installs and generates what is missing, then hands over to the stack runner.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { bootstrap, root } from './bootstrap.mjs';

bootstrap();
const child = spawn(
  process.execPath,
  [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/stack.ts', ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
