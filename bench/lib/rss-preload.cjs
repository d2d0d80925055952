// Preloaded with `node -r` by the benchmark: writes the process's peak RSS (KB) to a file on exit.
const fs = require('node:fs');
process.on('exit', () => {
  if (process.env.KEYWARD_BENCH_RSS_FILE) fs.writeFileSync(process.env.KEYWARD_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
