// `npm start`: installs and generates what is missing, then hands over to the stack runner.
import { spawn } from 'node:child_process';
import { bootstrap, root } from './bootstrap.mjs';

bootstrap();
// tsx as a loader, not through its CLI wrapper: signals then reach the stack runner directly.
const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/stack.ts', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
