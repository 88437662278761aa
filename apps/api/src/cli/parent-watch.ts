// Preloaded (`node --import`) into the API and web processes that the CLI starts: if the CLI
// dies without stopping them (kill -9, a crashed terminal), they end themselves instead of
// running on as orphans holding the ports and the data.
const parent = Number(process.env.ANNEX_PARENT_PID);
if (Number.isInteger(parent) && parent > 0) {
  setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      process.kill(process.pid, 'SIGTERM');
    }
  }, 1000).unref();
}
