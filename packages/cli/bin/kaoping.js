#!/usr/bin/env node
// Entry point of the `kaoping` command. All work happens in ../dist/main.js (built by `pnpm install`).
process.stdout.on('error', (err) => {
  // `kaoping check … | head`: the reader went away; stop quietly.
  if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  // Any other failure (a full disk) is reported by main, which exits with 2.
});
// Nothing can be reported when stderr itself fails; the exit code still says how the command went.
process.stderr.on('error', () => {});
let main;
try {
  ({ main } = await import('../dist/main.js'));
} catch (err) {
  const built = !(err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist'));
  process.stderr.write(
    built
      ? `kaoping 无法启动 / cannot start: ${String(err && err.message).split('\n')[0]}\n` +
          '请重新运行 / run again: npx pnpm@10 install\n'
      : 'kaoping 尚未构建 / is not built yet: 请运行 / run `npx pnpm@10 install` (或 / or `npx pnpm@10 build`)\n',
  );
  process.exit(2);
}
process.exitCode = await main(process.argv);
